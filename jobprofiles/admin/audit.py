"""The profile admin's saves and deletions, written to the audit trail (core/audit.py)."""

from core.audit import action_of_save, record
from core.models import AuditEntry


class AuditTrailAdminMixin:
    """Every admin path that logs a save or a deletion records the act it was."""

    def save_model(self, request, obj, form, change):
        obj.status_changed = "status" in form.changed_data or (
            not change and obj.status == obj.Status.PUBLISHED
        )
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._record_save(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._record_save(request, obj)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for profile in queryset:
            record(request, AuditEntry.Action.DELETED, profile)
        return super().log_deletions(request, queryset)

    def _record_save(self, request, obj):
        action = action_of_save(request, obj)
        if action:
            record(request, action, obj)
