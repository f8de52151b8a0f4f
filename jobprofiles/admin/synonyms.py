"""The synonyms that widen searches, one line of equivalent terms each."""

from django.contrib import admin

from ..models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["terms"]
    search_fields = ["terms"]
