"""The list of job profiles: its columns, filters, search and actions."""

from django.contrib import admin
from django.utils import timezone
from django.utils.text import capfirst

from ..models import JobProfile
from ..publishing import publishing_blockers
from . import actions
from .filters import PublicationFilter


class ProfileListMixin:
    list_display = ["title", "family", "publication_state", "to_complete", "updated_at"]
    list_filter = [PublicationFilter, "family", "tags"]
    list_select_related = ["family"]
    search_fields = ["title", "appellations__name", "summary"]
    date_hierarchy = "updated_at"
    actions = [actions.publish, actions.unpublish, actions.duplicate]
    change_list_template = "admin/jobprofiles/jobprofile/change_list.html"

    @admin.display(description="publication", ordering="published_at")
    def publication_state(self, profile):
        if profile.status == JobProfile.Status.DRAFT:
            return "Brouillon"
        if profile.published_at > timezone.now():
            local = timezone.localtime(profile.published_at)
            return f"Programmée le {local:%d/%m/%Y à %H:%M}"
        return "Publiée"

    @admin.display(description="à compléter")
    def to_complete(self, profile):
        """What a published profile lacks for the rules of publishing, flagged, not locked."""
        if profile.status == JobProfile.Status.DRAFT:
            return ""
        return capfirst(", ".join(publishing_blockers(profile)))
