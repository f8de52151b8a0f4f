from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only for everyone: it is written by the acts themselves."""

    list_display = ["at", "action", "profile_title", "profile_slug", "username"]
    list_filter = ["action", "at"]
    search_fields = ["profile_title", "profile_slug", "username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
