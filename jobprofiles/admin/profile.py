"""The job profile's change form and list."""

from adminsortable2.admin import SortableAdminBase
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from ..forms import JobProfileAdminForm
from ..images import ImageNotStored, store_new_image
from ..models import JobProfile, Mission
from ..publishing import publishing_blockers, publishing_checklist
from ..renditions import renditions_are_current
from . import actions
from .audit import AuditTrailAdminMixin
from .filters import PublicationFilter
from .history import ProfileHistoryAdmin
from .importing import ImportAdminMixin
from .inlines import PROFILE_INLINES
from .plain_french import PlainFrenchAdminMixin
from .preview import PreviewAdminMixin
from .rich_text import RichTextAdminMixin

# The class of the fieldsets shown beside the text on a wide screen (change_form.html).
SIDE = "side-column"


@admin.register(JobProfile)
class JobProfileAdmin(
    PlainFrenchAdminMixin,
    AuditTrailAdminMixin,
    ImportAdminMixin,
    PreviewAdminMixin,
    RichTextAdminMixin,
    SortableAdminBase,
    ProfileHistoryAdmin,
):
    form = JobProfileAdminForm
    list_display = ["title", "family", "publication_state", "to_complete", "updated_at"]
    list_filter = [PublicationFilter, "family", "tags"]
    list_select_related = ["family"]
    search_fields = ["title", "appellations__name", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "title_language", "slug", "family"]}),
        ("Texte", {"fields": ["summary", "introduction"]}),
        (
            "Publication",
            {
                "classes": [SIDE],
                "fields": [
                    "status",
                    "published_at",
                    "tags",
                    ("created_at", "updated_at"),
                    "revision_note",
                    "loaded_version",
                ],
            },
        ),
        (
            "En bref",
            {
                "classes": ["collapse", SIDE],
                "description": "Les repères affichés en haut de la fiche, chacun facultatif.",
                "fields": [
                    ("experience", "education_level"),
                    ("contract_type", "work_mode"),
                    ("salary_min", "salary_max"),
                    ("salary_source", "salary_source_date"),
                    ("rome_code", "esco_uri"),
                ],
            },
        ),
        ("Candidater", {"classes": ["collapse", SIDE], "fields": ["openings_url"]}),
        ("Image", {"classes": [SIDE], "fields": ["image", "image_alt"]}),
    ]
    inlines = PROFILE_INLINES
    actions = [actions.publish, actions.unpublish, actions.duplicate]
    change_list_template = "admin/jobprofiles/jobprofile/change_list.html"

    class Media:
        css = {"all": ["admin/jobprofiles/editor.css"]}
        js = [
            "admin/jobprofiles/section-order.js",
            "admin/jobprofiles/compact-form.js",
            "admin/jobprofiles/rich-text-label.js",
        ]

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

    def get_fieldsets(self, request, obj=None):
        """Fold the image away once it has its text: nothing is left to do there."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not (obj.image and obj.image_alt):
            return fieldsets
        return [
            (name, {**options, "classes": [*options["classes"], "collapse"]})
            if name == "Image"
            else (name, options)
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        missions = Mission.objects.filter(profile=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_missions=Exists(missions))

    def view_on_site(self, profile):
        """« Voir sur le site » only for a profile online: elsewhere it would lead to a 404."""
        if JobProfile.objects.published().filter(pk=profile.pk).exists():
            return profile.get_absolute_url()
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """« Publier » saves the form with the status « Publiée », under the same rules.

        When the uploaded image cannot be stored, the failed attempt is rolled back whole
        (no row, no revision, no file) and the form shown again as typed, with the error.
        """
        if request.method == "POST" and "_publish" in request.POST:
            request.POST = request.POST.copy()
            request.POST["status"] = JobProfile.Status.PUBLISHED
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStored as error:
            request.image_storage_error = str(error)
            for _, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read by the first attempt, validated again
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "image_storage_error", None)
        if error:
            return type(form.__name__, (form,), {"image_storage_error": error})
        return form

    def save_model(self, request, obj, form, change):
        store_new_image(obj)
        super().save_model(request, obj, form, change)
        if obj.image and not renditions_are_current(obj):
            self.message_user(
                request,
                "L’image est enregistrée, mais ses versions pour le site n’ont pas pu être "
                "créées : la fiche s’affiche sans image pour l’instant. Enregistrez la fiche "
                "de nouveau pour réessayer, ou envoyez une autre image.",
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = obj is None or obj.status == JobProfile.Status.DRAFT
        context["form_preview_url"] = (
            reverse("admin:jobprofiles_jobprofile_preview_form", args=[obj.pk])
            if obj is not None and obj.pk
            else reverse("admin:jobprofiles_jobprofile_preview_new")
        )
        if obj is not None and obj.pk:
            if obj.status == JobProfile.Status.PUBLISHED and obj.published_at > timezone.now():
                context["scheduled_for"] = timezone.localtime(obj.published_at)
            context["title"] = f"Modifier la fiche « {obj} »"
            context["subtitle"] = None  # the title already names the profile
            context["preview_url"] = reverse("jobprofiles:preview", args=[obj.pk])
            context["checklist"] = publishing_checklist(obj)
            context["checklist_done"] = [check for check in context["checklist"] if check.ok]
            context["checklist_todo"] = [check for check in context["checklist"] if not check.ok]
            published = obj.status == JobProfile.Status.PUBLISHED
            context["missing_while_published"] = published and publishing_blockers(obj)
        else:
            context["title"] = "Nouvelle fiche métier"
        return super().render_change_form(request, context, add, change, form_url, obj)
