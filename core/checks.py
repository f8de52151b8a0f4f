"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def public_origin(app_configs, **kwargs):
    """Links shared and indexed must name the public site, over HTTPS."""
    if settings.SITE_URL_GIVEN and settings.SITE_URL.startswith("https://"):
        return []
    origin = settings.SITE_URL if settings.SITE_URL_GIVEN else "unset"
    return [
        Warning(
            f"DJANGO_SITE_URL is not set to an https:// origin ({origin}): "
            "canonical links, social cards and the sitemap would point elsewhere.",
            hint="Set DJANGO_SITE_URL to the public address, e.g. https://metiers.example.fr.",
            id="core.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Without Redis each process caches pages for itself and misses the others' edits."""
    if settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is not set: each web process keeps its own page cache, so an edit "
            "shows on the other processes only after DJANGO_PAGE_CACHE_SECONDS.",
            hint="Set REDIS_URL, shared by all web processes.",
            id="core.W001",
        )
    ]
