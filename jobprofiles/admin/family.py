from django.contrib import admin

from ..models import JobFamily
from .plain_french import PlainFrenchAdminMixin


@admin.register(JobFamily)
class JobFamilyAdmin(PlainFrenchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "published_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
