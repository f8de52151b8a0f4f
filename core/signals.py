"""Move the content version on whenever public content changes, or the code is deployed."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from .cache import bump_content_version

# Apps whose rows end up on public pages: profiles, sections, families, links, tags.
CONTENT_APPS = {"jobprofiles", "taggit"}

# Set inside one_content_version_move(): whether content changed in the block.
_changes = ContextVar("content_changes", default=None)


@contextmanager
def one_content_version_move():
    """Inside, content changes move the version once, after commit, not once per row saved."""
    if _changes.get() is not None:
        yield
        return
    changes = []
    token = _changes.set(changes)
    try:
        yield
    finally:
        _changes.reset(token)
    if changes:
        transaction.on_commit(bump_content_version)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    """Bump once the change is committed: a page rendered earlier must not be cached as new."""
    if sender._meta.app_label not in CONTENT_APPS:
        return
    changes = _changes.get()
    if changes is None:
        transaction.on_commit(bump_content_version)
    elif not changes:
        changes.append(sender)


@receiver(post_migrate)
def code_deployed(sender, **kwargs):
    """Every start runs migrate: drop pages rendered by the previous templates."""
    if sender.label == "jobprofiles":
        bump_content_version()
