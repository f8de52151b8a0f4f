"""What the profile list does to the selected profiles: one revision per profile."""

import reversion
from django.contrib import admin, messages

from ..models import JobProfile
from ..publishing import duplicate_profile, publishing_blockers


def _save_each(modeladmin, request, profiles, change_message):
    for profile in profiles:
        profile.status_changed = True  # the audit trail records who published or unpublished
        with reversion.create_revision():
            reversion.set_user(request.user)
            profile.save()
            modeladmin.log_change(request, profile, change_message)


@admin.action(description="Publier les fiches sélectionnées", permissions=["change"])
def publish(modeladmin, request, queryset):
    ready = []
    for profile in queryset.exclude(status=JobProfile.Status.PUBLISHED):
        blockers = publishing_blockers(profile)
        if blockers:
            modeladmin.message_user(
                request,
                f"« {profile} » n’a pas été publiée : {', '.join(blockers)}. Complétez la fiche, "
                "puis publiez-la.",
                messages.ERROR,
            )
        else:
            profile.status = JobProfile.Status.PUBLISHED
            ready.append(profile)
    _save_each(modeladmin, request, ready, "Publiée depuis la liste des fiches.")
    if ready:
        modeladmin.message_user(request, f"Fiches publiées : {len(ready)}.", messages.SUCCESS)


@admin.action(description="Dépublier les fiches sélectionnées", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    profiles = list(queryset.filter(status=JobProfile.Status.PUBLISHED))
    for profile in profiles:
        profile.status = JobProfile.Status.DRAFT
    _save_each(modeladmin, request, profiles, "Repassée en brouillon depuis la liste des fiches.")
    modeladmin.message_user(
        request, f"Fiches repassées en brouillon : {len(profiles)}.", messages.SUCCESS
    )


@admin.action(description="Dupliquer les fiches sélectionnées", permissions=["add"])
def duplicate(modeladmin, request, queryset):
    for profile in queryset:
        with reversion.create_revision():
            reversion.set_user(request.user)
            copy = duplicate_profile(profile)
            modeladmin.log_addition(request, copy, f"Copie de « {profile} ».")
    modeladmin.message_user(
        request,
        f"Copies créées en brouillon : {queryset.count()}.",
        messages.SUCCESS,
    )
