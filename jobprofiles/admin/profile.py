"""The job profile's change form (its list: ``listing``)."""

from adminsortable2.admin import SortableAdminBase
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from ..forms import JobProfileAdminForm
from ..models import JobProfile, Mission
from ..publishing import publishing_blockers, publishing_checklist
from .audit import AuditTrailAdminMixin
from .history import ProfileHistoryAdmin
from .image_upload import ImageUploadAdminMixin
from .importing import ImportAdminMixin
from .inlines import PROFILE_INLINES
from .listing import ProfileListMixin
from .plain_french import PlainFrenchAdminMixin
from .preview import PreviewAdminMixin
from .rich_text import RichTextAdminMixin

# The class of the fieldsets shown beside the text on a wide screen (change_form.html).
SIDE = "side-column"


@admin.register(JobProfile)
class JobProfileAdmin(
    PlainFrenchAdminMixin,
    ProfileListMixin,
    ImageUploadAdminMixin,
    AuditTrailAdminMixin,
    ImportAdminMixin,
    PreviewAdminMixin,
    RichTextAdminMixin,
    SortableAdminBase,
    ProfileHistoryAdmin,
):
    form = JobProfileAdminForm
    prepopulated_fields = {"slug": ["title"]}
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

    class Media:
        css = {"all": ["admin/jobprofiles/editor.css"]}
        js = [
            "admin/jobprofiles/section-order.js",
            "admin/jobprofiles/compact-form.js",
            "admin/jobprofiles/rich-text-label.js",
        ]

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
        """« Publier » saves the form with the status « Publiée », under the same rules."""
        if request.method == "POST" and "_publish" in request.POST:
            request.POST = request.POST.copy()
            request.POST["status"] = JobProfile.Status.PUBLISHED
        return super().changeform_view(request, object_id, form_url, extra_context)

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
