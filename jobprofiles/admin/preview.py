"""The preview of a change form's unsaved state, as the public page would show it."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..views import JobProfilePreviewView


class _DiscardPreview(Exception):
    """Raised to roll back the save a preview makes to render the page."""


class PreviewAdminMixin:
    """« Aperçu »: the form is saved in a transaction, the page rendered, the save undone."""

    def get_urls(self):
        pages = [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="jobprofiles_jobprofile_preview_new",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="jobprofiles_jobprofile_preview_form",
            ),
        ]
        return [*pages, *super().get_urls()]

    def preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseBadRequest("L’aperçu s’ouvre par le bouton « Aperçu » d’une fiche.")
        profile = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and profile is None:
            raise PermissionDenied
        if not (
            self.has_change_permission(request, profile)
            if profile
            else self.has_add_permission(request)
        ):
            raise PermissionDenied
        back = (
            reverse("admin:jobprofiles_jobprofile_change", args=[profile.pk])
            if profile
            else reverse("admin:jobprofiles_jobprofile_add")
        )
        try:
            with transaction.atomic():
                response = self._render_unsaved(request, profile, back)
                raise _DiscardPreview
        except _DiscardPreview:
            return response

    def _render_unsaved(self, request, profile, back):
        form = self.get_form(request, profile, change=bool(profile))(request.POST, instance=profile)
        change = profile is not None
        valid = form.is_valid()
        new_object = self.save_form(request, form, change) if valid else form.instance
        formsets, _ = self._create_formsets(request, new_object, change=change)
        if not (valid and all_valid(formsets)):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Aperçu impossible",
                "back": back,
                "errors": [*form.errors.values(), *(f.non_form_errors() for f in formsets)],
            }
            return TemplateResponse(
                request, "admin/jobprofiles/jobprofile/preview_errors.html", context
            ).render()
        form.save()
        for formset in formsets:
            formset.save()
        return JobProfilePreviewView.render_for(request, new_object.pk, back)
