"""Revisions of a profile in the admin: notes, the history list, comparison."""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..derived import one_refresh
from ..history import changes, restore_what_can_be, version_snapshot
from ..models import JobProfile
from .saving import OneSaveAdmin
from .wording import describe_changes


def _number(value):
    """An id from the URL: anything but digits is a page that does not exist."""
    if not value.isdecimal() or not value.isascii():
        raise Http404
    return int(value)


class ProfileHistoryAdmin(OneSaveAdmin):
    """Revisions with the editor's note, a history to compare two of them, and restore."""

    object_history_template = "admin/jobprofiles/jobprofile/object_history.html"

    def save_model(self, request, obj, form, change):
        obj.revision_note = form.cleaned_data.get("revision_note", "")
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        """The history's plain-French sentences, instead of Django's generic message."""
        return describe_changes(form, formsets, add)

    def _add_revision_note(self, obj, entry):
        """Put the editor's note, if any, before the list of changed fields."""
        if getattr(obj, "revision_note", ""):
            reversion.set_comment(f"{obj.revision_note} ({entry.get_change_message()})")
        return entry

    def log_addition(self, request, obj, message):
        return self._add_revision_note(obj, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._add_revision_note(obj, super().log_change(request, obj, message))

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="jobprofiles_jobprofile_compare",
        )
        return [compare, *super().get_urls()]

    def _versions(self, object_id):
        return Version.objects.get_for_object_reference(JobProfile, object_id).select_related(
            "revision__user"
        )

    def history_view(self, request, object_id, extra_context=None):
        """The revisions of a profile, newest first, each selectable for comparison."""
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(
                    "admin:jobprofiles_jobprofile_revision", args=[version.object_id, version.pk]
                ),
            }
            for version in self._versions(_number(unquote(object_id))).order_by("-pk")
        ]
        return super().history_view(request, object_id, {"action_list": action_list})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """django-reversion looks the id up as text: a malformed one is a 404, not a query."""
        _number(unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id):
        """Two versions of a profile side by side, field by field and section by section."""
        profile = get_object_or_404(JobProfile, pk=_number(unquote(object_id)))
        if not self.has_view_or_change_permission(request, profile):
            raise PermissionDenied
        versions = self._versions(profile.pk)
        old = get_object_or_404(versions, pk=_number(request.GET.get("old", "")))
        new = get_object_or_404(versions, pk=_number(request.GET.get("new", "")))
        if old.pk > new.pk:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": profile,
            "title": f"Comparer deux versions de « {profile} »",
            "old": old,
            "new": new,
            "differences": changes(version_snapshot(old), version_snapshot(new)),
        }
        return TemplateResponse(request, "admin/jobprofiles/jobprofile/compare.html", context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """Restore (or show, to restore) what can be of a revision; say in French what cannot.

        django-reversion's view reverts the revision first, all of it or nothing; the
        revision's own revert is replaced, for this view only, by restore_what_can_be. Its
        RevertError (in French here) becomes a message on the list, never a 500.
        """

        def revert(delete):
            for note in restore_what_can_be(version):
                messages.warning(request, note)

        version.revision.revert = revert
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        context = {"title": "Récupérer une fiche supprimée", **(extra_context or {})}
        return super().recoverlist_view(request, context)

    def changelist_view(self, request, extra_context=None):
        """Skip the revision VersionAdmin opens around the whole list.

        Actions make one revision per profile instead: a revision shared by several
        profiles would restore all of them when an editor restores one.
        """
        context = {"has_change_permission": self.has_change_permission(request)}
        with one_refresh():
            return super(VersionAdmin, self).changelist_view(
                request, context | (extra_context or {})
            )
