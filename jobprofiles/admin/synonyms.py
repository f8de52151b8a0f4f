"""The synonyms that widen searches, one line of equivalent terms each."""

from django.contrib import admin

from ..models import SearchSynonym
from .plain_french import PlainFrenchAdminMixin


@admin.register(SearchSynonym)
class SearchSynonymAdmin(PlainFrenchAdminMixin, admin.ModelAdmin):
    list_display = ["terms"]
    search_fields = ["terms"]
