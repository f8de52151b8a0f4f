"""Checks the WSGI and ASGI entry points make before serving a single request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_without_secret_key():
    """Sessions and CSRF tokens are signed with the key: never serve with an empty one."""
    try:
        settings.SECRET_KEY  # noqa: B018 (Django raises on an empty key)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        ) from error


def refuse_to_serve_without_site_url():
    """Canonical links and the sitemap must name the public site, not whatever Host came."""
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL (or DJANGO_ALLOWED_HOSTS) must be set when DJANGO_DEBUG is off."
        )
