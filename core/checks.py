"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
