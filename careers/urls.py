from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, include, path, re_path, resolve
from django.views.generic import TemplateView
from django.views.static import serve

from core.cache import cache_public_page
from core.views import AccessibilityView
from jobprofiles.api import api
from jobprofiles.sitemaps import SITEMAPS
from jobprofiles.views import HomeView

admin.site.site_header = "Fiches métiers — administration"
admin.site.site_title = "Fiches métiers"
admin.site.index_title = "Gestion du contenu"


def serve_media(request, path):
    """Serve uploads from Django itself, for a single box with no web server in front."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def api_without_trailing_slash(request, path):
    """/api/v1/profiles/ leads to /api/v1/profiles, query string kept (308: any method).

    Only to an address the API answers: the others are a 404, not a loop with APPEND_SLASH.
    """
    target = f"/api/v1/{path}"
    try:
        resolve(target)
    except Resolver404:
        raise Http404 from None
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponsePermanentRedirect(target)
    response.status_code = 308
    return response


def cached_api_urls():
    """The API's URLs, each answered from the public page cache like the pages."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = cache_public_page(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("", cache_public_page(HomeView.as_view()), name="home"),
    path("metiers/", include("jobprofiles.urls")),
    path("api/v1/", cached_api_urls()),
    re_path(r"^api/v1/(?P<path>.*[^/])/$", api_without_trailing_slash),
    path("accessibilite/", AccessibilityView.as_view(), name="accessibility"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("media/<path:path>", serve_media, name="media"),
]
