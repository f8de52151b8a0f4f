"""An Atom feed of the profiles published or updated lately, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import JobProfile

FEED_ITEMS = 50


class LatestProfilesFeed(Feed):
    feed_type = Atom1Feed
    title = "Fiches métiers — nouvelles et mises à jour"
    subtitle = "Les fiches métiers publiées ou mises à jour récemment."

    def link(self):
        return reverse("jobprofiles:list")

    def items(self):
        return JobProfile.objects.published().for_cards().order_by("-updated_at")[:FEED_ITEMS]

    def item_title(self, profile):
        return profile.title

    def item_description(self, profile):
        return profile.summary

    def item_categories(self, profile):
        return [profile.family.name]

    def item_pubdate(self, profile):
        return profile.published_at

    def item_updateddate(self, profile):
        return profile.updated_at
