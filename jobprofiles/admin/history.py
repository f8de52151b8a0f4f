"""Revisions of a profile in the admin: notes, the history list, comparison."""

from contextlib import contextmanager

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..derived import one_refresh, rows_as_saved
from ..history import changes, restore_what_can_be, version_snapshot
from ..models import JobProfile
from .wording import describe_changes


def _number(value):
    """An id from the URL: anything but digits is a page that does not exist."""
    if not value.isdecimal() or not value.isascii():
        raise Http404
    return int(value)


def _relation(formset):
    return formset.fk.remote_field.get_accessor_name()


def _kept_rows(formset):
    """An inline's rows after its save, in their model's order (position, then id)."""
    rows = [
        form.instance
        for form in formset.forms
        if form.instance.pk is not None and not formset._should_delete_form(form)
    ]
    return sorted(rows, key=lambda row: (row.position, row.pk))


class ProfileHistoryAdmin(VersionAdmin):
    """Revisions with the editor's note, a history to compare two of them, and restore."""

    object_history_template = "admin/jobprofiles/jobprofile/object_history.html"

    @contextmanager
    def create_revision(self, request, atomic=True):
        """Every form save, restore and recovery: one revision, one refresh of derived data.

        The refresh adds the profile to the revision, with what it follows, from the reads it
        makes anyway (see derived.py).
        """
        with reversion.create_revision(manage_manually=True, atomic=atomic), one_refresh():
            reversion.set_user(request.user)
            yield

    def add_view(self, request, form_url="", extra_context=None):
        return super(VersionAdmin, self).add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super(VersionAdmin, self).change_view(request, object_id, form_url, extra_context)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        """The revision inside the form's own transaction, not a second one around it.

        VersionAdmin opens its revision, and a transaction, around the add and change views;
        the admin's transaction inside would then cost a savepoint on every save.
        """
        request.saving_form = request.method == "POST"
        with self.create_revision(request, atomic=False):
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """On a form's save, read the profile locked and with its family, once.

        The stale-edit check (forms.py) compares with this very read, and the family field
        takes its unchanged choice from it.
        """
        if not getattr(request, "saving_form", False) or from_field is not None:
            return super().get_object(request, object_id, from_field)
        profiles = self.get_queryset(request).select_for_update(of=("self",))
        try:
            profile = profiles.select_related("family").get(pk=self.opts.pk.to_python(object_id))
        except (JobProfile.DoesNotExist, ValidationError):
            return None
        profile.read_for_update = True
        return profile

    def save_model(self, request, obj, form, change):
        obj.revision_note = form.cleaned_data.get("revision_note", "")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Hand the refresh the rows the form now holds: they need not be read again."""
        super().save_related(request, form, formsets, change)
        rows = {_relation(formset): _kept_rows(formset) for formset in formsets}
        rows_as_saved(form.instance, rows)

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
            for version in self._versions(unquote(object_id)).order_by("-pk")
        ]
        return super().history_view(request, object_id, {"action_list": action_list})

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
