from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import JobProfile


class PublicSitemap(Sitemap):
    """Locations on the public origin (DJANGO_SITE_URL), not on the request's Host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class JobProfileSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self):
        return JobProfile.objects.published().order_by("pk")

    def lastmod(self, profile):
        return profile.updated_at


class ListingSitemap(PublicSitemap):
    """The home page and the full list, dated by the latest published change."""

    changefreq = "weekly"

    def items(self):
        return ["home", "jobprofiles:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        latest = JobProfile.objects.published().order_by("-updated_at").first()
        return latest.updated_at if latest else None


SITEMAPS = {"listing": ListingSitemap, "profiles": JobProfileSitemap}
