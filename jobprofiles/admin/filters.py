"""Filters of the profile list."""

from django.contrib import admin

from ..models import JobProfile


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
