"""Record editorial acts on profiles in the audit trail (core.models.AuditEntry)."""

from .models import AuditEntry

# The admin pages whose saves are restores, recoveries or imports, by URL name suffix.
ACTIONS_BY_PAGE = {
    "_revision": AuditEntry.Action.RESTORED,
    "_recover": AuditEntry.Action.RECOVERED,
    "_import": AuditEntry.Action.IMPORTED,
}


def record(request, action, profile):
    AuditEntry.objects.create(
        action=action,
        profile_id=profile.pk,
        profile_title=profile.title[:150],
        profile_slug=profile.slug,
        user=request.user,
        username=request.user.get_username(),
    )


def action_of_save(request, profile):
    """What an admin save of the profile did, if it belongs in the audit trail.

    A save from a restore, recovery or import page is that act; any other save that
    changed the status (the change form, the list's actions) published or unpublished.
    """
    page = getattr(request.resolver_match, "url_name", "") or ""
    for suffix, action in ACTIONS_BY_PAGE.items():
        if page.endswith(suffix):
            return action
    if getattr(profile, "status_changed", False):
        published = profile.status == profile.Status.PUBLISHED
        return AuditEntry.Action.PUBLISHED if published else AuditEntry.Action.UNPUBLISHED
    return None
