"""One save of a profile's form: one transaction, one revision, one refresh, rows read once."""

from contextlib import contextmanager

import reversion
from django.core.exceptions import ValidationError
from reversion.admin import VersionAdmin

from ..derived import one_refresh, rows_as_saved
from ..models import JobProfile


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


class OneSaveAdmin(VersionAdmin):
    """The save path of the profile admin (derived.py says what the refresh keeps current)."""

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

    def save_related(self, request, form, formsets, change):
        """Hand the refresh the rows the form now holds: they need not be read again."""
        super().save_related(request, form, formsets, change)
        rows = {_relation(formset): _kept_rows(formset) for formset in formsets}
        rows_as_saved(form.instance, rows)
