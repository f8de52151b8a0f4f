from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin

from .models import (
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
)


@admin.register(JobFamily)
class JobFamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(SortableStackedInline):
    """Items of one section, reordered by dragging their handle."""

    fields = ["title", "body"]
    extra = 0


class MissionInline(SectionInline):
    model = Mission


class EnjeuInline(SectionInline):
    model = Enjeu


class CompetenceInline(SectionInline):
    model = Competence


class EnvironmentItemInline(SectionInline):
    model = EnvironmentItem


class RelatedProfileInline(SortableTabularInline):
    model = RelatedProfile
    fk_name = "from_profile"
    fields = ["to_profile"]
    autocomplete_fields = ["to_profile"]
    extra = 0


@admin.register(JobProfile)
class JobProfileAdmin(SortableAdminBase, admin.ModelAdmin):
    list_display = ["title", "family", "status", "updated_at"]
    list_filter = ["status", "family", "tags"]
    list_select_related = ["family"]
    search_fields = ["title", "alternative_title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "title_language", "alternative_title", "slug", "family"]}),
        ("Texte", {"fields": ["summary", "introduction"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Publication", {"fields": ["status", "tags", "created_at", "updated_at"]}),
    ]
    inlines = [
        MissionInline,
        EnjeuInline,
        CompetenceInline,
        EnvironmentItemInline,
        RelatedProfileInline,
    ]
