import reversion
from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from reversion.admin import VersionAdmin
from reversion.models import Version

from .forms import JobProfileAdminForm, MissionFormSet, RelatedProfileFormSet
from .history import changes, version_snapshot
from .models import (
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
)
from .publishing import duplicate_profile, publishing_blockers, publishing_checklist


@admin.register(JobFamily)
class JobFamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(SortableStackedInline):
    """Items of one section, reordered by dragging their handle or with move buttons."""

    fields = ["title", "body"]
    extra = 0


class MissionInline(SectionInline):
    model = Mission
    formset = MissionFormSet


class EnjeuInline(SectionInline):
    model = Enjeu


class CompetenceInline(SectionInline):
    model = Competence


class EnvironmentItemInline(SectionInline):
    model = EnvironmentItem


class RelatedProfileInline(SortableTabularInline):
    model = RelatedProfile
    formset = RelatedProfileFormSet
    fk_name = "from_profile"
    fields = ["to_profile"]
    autocomplete_fields = ["to_profile"]
    extra = 0


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("online", "En ligne"), ("scheduled", "Programmée"), ("draft", "Brouillon")]

    def queryset(self, request, queryset):
        if self.value() == "online":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(status=JobProfile.Status.PUBLISHED).exclude(
                pk__in=queryset.published()
            )
        if self.value() == "draft":
            return queryset.filter(status=JobProfile.Status.DRAFT)
        return queryset


@admin.register(JobProfile)
class JobProfileAdmin(SortableAdminBase, VersionAdmin):
    form = JobProfileAdminForm
    list_display = ["title", "family", "publication_state", "updated_at"]
    list_filter = [PublicationFilter, "family", "tags"]
    list_select_related = ["family"]
    search_fields = ["title", "alternative_title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "title_language", "alternative_title", "slug", "family"]}),
        ("Texte", {"fields": ["summary", "introduction"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "tags",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        ("Enregistrement", {"fields": ["revision_note", "loaded_version"]}),
    ]
    inlines = [
        MissionInline,
        EnjeuInline,
        CompetenceInline,
        EnvironmentItemInline,
        RelatedProfileInline,
    ]
    actions = ["publish", "unpublish", "duplicate"]
    object_history_template = "admin/jobprofiles/jobprofile/object_history.html"

    class Media:
        css = {"all": ["admin/jobprofiles/editor.css"]}
        js = ["admin/jobprofiles/section-order.js"]

    @admin.display(description="publication", ordering="published_at")
    def publication_state(self, profile):
        if profile.status == JobProfile.Status.DRAFT:
            return "Brouillon"
        if profile.published_at > timezone.now():
            local = timezone.localtime(profile.published_at)
            return f"Programmée le {local:%d/%m/%Y à %H:%M}"
        return "Publiée"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_url"] = reverse("jobprofiles:preview", args=[obj.pk])
            context["checklist"] = publishing_checklist(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        obj.revision_note = form.cleaned_data.get("revision_note", "")
        super().save_model(request, obj, form, change)

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
        profile = get_object_or_404(JobProfile, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, profile):
            raise PermissionDenied
        versions = self._versions(profile.pk)
        old = get_object_or_404(versions, pk=request.GET.get("old", "0"))
        new = get_object_or_404(versions, pk=request.GET.get("new", "0"))
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

    def changelist_view(self, request, extra_context=None):
        """Skip the revision VersionAdmin opens around the whole list.

        Actions make one revision per profile instead: a revision shared by several
        profiles would restore all of them when an editor restores one.
        """
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(request, context | (extra_context or {}))

    def _save_each(self, request, profiles, change_message):
        for profile in profiles:
            with reversion.create_revision():
                reversion.set_user(request.user)
                profile.save()
                self.log_change(request, profile, change_message)

    @admin.action(description="Publier les fiches sélectionnées", permissions=["change"])
    def publish(self, request, queryset):
        ready = []
        for profile in queryset.exclude(status=JobProfile.Status.PUBLISHED):
            blockers = publishing_blockers(profile)
            if blockers:
                self.message_user(
                    request,
                    f"« {profile} » n’a pas été publiée : {', '.join(blockers).lower()} — "
                    "à compléter dans la fiche.",
                    messages.ERROR,
                )
            else:
                profile.status = JobProfile.Status.PUBLISHED
                ready.append(profile)
        self._save_each(request, ready, "Publiée depuis la liste des fiches.")
        if ready:
            self.message_user(request, f"Fiches publiées : {len(ready)}.", messages.SUCCESS)

    @admin.action(description="Dépublier les fiches sélectionnées", permissions=["change"])
    def unpublish(self, request, queryset):
        profiles = list(queryset.filter(status=JobProfile.Status.PUBLISHED))
        for profile in profiles:
            profile.status = JobProfile.Status.DRAFT
        self._save_each(request, profiles, "Repassée en brouillon depuis la liste des fiches.")
        self.message_user(
            request, f"Fiches repassées en brouillon : {len(profiles)}.", messages.SUCCESS
        )

    @admin.action(description="Dupliquer les fiches sélectionnées", permissions=["add"])
    def duplicate(self, request, queryset):
        for profile in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                copy = duplicate_profile(profile)
                self.log_addition(request, copy, f"Copie de « {profile} ».")
        self.message_user(
            request,
            f"Copies créées en brouillon : {queryset.count()}.",
            messages.SUCCESS,
        )
