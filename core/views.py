"""Probes for load balancers and orchestrators, and the accessibility statement."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .breadcrumbs import Crumb, trail


def database_is_up():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def cache_is_up():
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # Each cache backend raises its own client's errors.
        return False


@never_cache
def healthz(request):
    """Readiness: 200 when the database and the cache answer, 503 naming what is down."""
    checks = {"database": database_is_up(), "cache": cache_is_up()}
    return JsonResponse(
        {name: "ok" if up else "down" for name, up in checks.items()},
        status=200 if all(checks.values()) else 503,
    )


@never_cache
def livez(request):
    """Liveness: the process answers, whatever its dependencies (also the benchmark's baseline)."""
    return HttpResponse("ok", content_type="text/plain")


class AccessibilityView(TemplateView):
    """The accessibility statement, with the address where visitors report a problem."""

    template_name = "pages/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact_email=settings.CONTACT_EMAIL,
            breadcrumbs=trail(Crumb("Accessibilité", reverse("accessibility"))),
            **kwargs,
        )
