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
    """Canonical links and the sitemap must name the public site, not whatever Host came: a
    server with debug off is told its origin, as it is told its key. Commands (migrate,
    collectstatic) still run without it and name the first configured host."""
    if not (settings.DEBUG or settings.SITE_URL_GIVEN):
        raise ImproperlyConfigured("DJANGO_SITE_URL must be set when DJANGO_DEBUG is off.")
