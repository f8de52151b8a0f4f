"""The site's public origin (DJANGO_SITE_URL), for every URL that leaves the site."""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url):
    """url made absolute on the public origin, whatever Host the request carried.

    Already absolute URLs (images in a bucket) are kept as they are.
    """
    return urljoin(settings.SITE_URL + "/", url)


def site_url(request):
    """Templates write {{ site_url }}{% url ... %} for canonical links and the sitemap."""
    return {"site_url": settings.SITE_URL}
