"""« Importer une fiche »: a document becomes a new draft, with a report of what was read."""

import reversion
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path

from ..derived import one_refresh
from ..importing import create_draft, read_fiche
from ..models import JobFamily


class ImportForm(forms.Form):
    document = forms.FileField(
        label="Document",
        help_text="Word (.docx), Markdown (.md) ou texte (.txt), 5 Mo au plus : l’intitulé, "
        "l’introduction, puis les rubriques « Les missions », « Enjeux du poste », « Profil & "
        "Compétences » et « Équipe & environnement ».",
    )
    family = forms.ModelChoiceField(JobFamily.objects.all(), label="Famille de métiers")


class ImportAdminMixin:
    """The import page of the profile admin."""

    def get_urls(self):
        page = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="jobprofiles_jobprofile_import",
        )
        return [page, *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        profile = fiche = None
        if request.method == "POST" and form.is_valid():
            try:
                fiche = read_fiche(form.cleaned_data["document"])
                profile = self._save_import(request, fiche, form.cleaned_data)
            except ValidationError as error:
                form.add_error("document", error)
                fiche = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importer une fiche",
            "form": form,
            "fiche": fiche,
            "profile": profile,
        }
        return TemplateResponse(request, "admin/jobprofiles/jobprofile/import.html", context)

    def _save_import(self, request, fiche, data):
        """The one place an import is saved: a draft, its revision and its history line."""
        with reversion.create_revision(manage_manually=True), one_refresh():
            reversion.set_user(request.user)
            profile = create_draft(fiche, data["family"])
            self.log_addition(request, profile, f"Importée depuis « {data['document'].name} ».")
        return profile
