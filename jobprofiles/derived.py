"""What is derived from a profile's content, and when it is brought up to date.

Kept current here, from the rows an editor writes:
- the profile's stored search fields and sort key, and the parts and the body of its public
  page (page_parts.page_parts), written together (search.write_profiles); its search entry
  (search.write_search_entries); and the pages of the profiles that show it (their related
  cards and career paths);
- each family's number of published profiles, and the date that number next changes by
  itself (recount_families()), which the public lists read instead of counting profiles;
- the content version of the public page cache (core.signals), which makes cached pages stale;
- in an admin save, the revision's copy of the profile with all it follows, written from the
  same reads as the search fields (django-reversion would read the id of every row again
  to check it still exists: these rows were just read, after the last write).
Each rich text is sanitised on its own row's save (signals.py), which costs no query.

When: saving or deleting a profile, a section, a related role or a tag link touches its
profile. Inside
`one_refresh()` (every admin form and list action, the import) each touched profile is
refreshed once when the block ends, and the content version moves once, after commit.
Outside it (a shell, a management command) each change refreshes its profile at once.

From what: the rows are read once, after the last write. An admin form that has just saved a
profile and its inlines hands them over (`rows_as_saved`): only what it did not hold (the
tag links) is read again.
"""

from contextlib import contextmanager
from contextvars import ContextVar

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from reversion.models import Revision, Version

from core.signals import one_content_version_move

from .page_parts import page_parts, page_relations, refresh_page_parts
from .search import write_profiles, write_search_entries, write_search_names

_touched = ContextVar("touched_profiles", default=None)


def profile_touched(profile_id):
    """A profile's content changed: refresh it now, or at the end of the current block."""
    touched = _touched.get()
    if touched is None:
        _refresh({profile_id: None})
    else:
        touched.setdefault(profile_id, None)


def refresh_profiles(pks, showing_them=False):
    """Refresh these profiles at once, in one pass: the catalogue generator, a tag or family
    rename. With showing_them, also the pages of the profiles that show them."""
    _refresh(dict.fromkeys(pks), showing_them)


def profiles_showing(pks):
    """The other profiles whose page shows one of these (a related card, a career path)."""
    from .models import RelatedProfile

    return (
        RelatedProfile.objects.filter(to_profile__in=pks)
        .exclude(from_profile__in=pks)
        .values("from_profile")
    )


def rows_as_saved(profile, rows):
    """Refresh this profile from the instance and rows just saved ({relation: rows in order}).

    Outside `one_refresh()` the profile was already refreshed from the database.
    """
    touched = _touched.get()
    if touched is None:
        return
    cache = profile.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, relation_rows in rows.items():
        queryset = getattr(profile, name).all()
        # What prefetch_related stores: the refresh's prefetch then skips this relation.
        queryset._result_cache = list(relation_rows)
        queryset._prefetch_done = True
        cache[name] = queryset
    touched[profile.pk] = profile


def _version(revision, obj):
    """What django-reversion stores for one registered object: all its fields, as JSON."""
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        db=obj._state.db,
        format="json",
        serialized_data=serializers.serialize("json", [obj]),
        object_repr=str(obj),
    )


def _write_revision(profiles):
    """One revision of the refreshed profiles, with the rows their registration follows."""
    from .models import REVISION_FOLLOW

    revision = Revision.objects.create(
        date_created=reversion.get_date_created(),
        user=reversion.get_user(),
        comment=reversion.get_comment(),
    )
    Version.objects.bulk_create(
        _version(revision, obj)
        for profile in profiles
        for obj in [
            profile,
            *(row for name in REVISION_FOLLOW for row in getattr(profile, name).all()),
        ]
    )


def _refresh(touched, showing_them=True):
    """Refresh {profile id: the profile as saved, or None to read it}, and with
    showing_them the pages of the profiles that show them."""
    from .models import JobProfile, RelatedProfile

    to_read = [pk for pk, profile in touched.items() if profile is None]
    profiles = [profile for profile in touched.values() if profile is not None]
    if to_read:
        profiles += JobProfile.objects.filter(pk__in=to_read).select_related("family")
    revision = bool(profiles) and reversion.is_active() and reversion.is_manage_manually()
    # The revision follows every related role; the page reads only the published or
    # scheduled ones (page_relations()).
    every_link = Prefetch(
        "related_links", queryset=RelatedProfile.objects.select_related("to_profile")
    )
    prefetch_related_objects(profiles, *page_relations(), *([every_link] if revision else []))
    # The search fields, then the page (which shows some of them), in one UPDATE per
    # profile, or per hundred (search.py).
    write_profiles(profiles, page_parts)
    refreshed = [profile.pk for profile in profiles]
    write_search_entries(refreshed)
    write_search_names(profiles)
    if revision:
        _write_revision(profiles)
    if showing_them and refreshed:
        refresh_page_parts(JobProfile.objects.filter(pk__in=profiles_showing(refreshed)))
    recount_families()


def recount_families():
    """Store each family's number of published profiles and its next scheduled publication.

    Run last in a refresh, and after a deletion: a profile's status, date or family may have
    changed. The family rows are locked first, so the counting statement, which starts after
    that, also sees what a concurrent save committed while this one waited.
    """
    from .models import JobFamily, JobProfile

    with transaction.atomic(savepoint=False):
        list(JobFamily.objects.select_for_update().order_by("pk").values_list("pk"))
        of_family = JobProfile.objects.filter(family=OuterRef("pk")).order_by().values("family")
        JobFamily.objects.update(
            published_count=Coalesce(
                Subquery(of_family.published().annotate(count=Count("pk")).values("count")), 0
            ),
            counted_until=Subquery(
                of_family.scheduled().annotate(next=Min("published_at")).values("next")
            ),
        )


@contextmanager
def one_refresh():
    """Refresh each profile touched inside once, when the block ends without error."""
    if _touched.get() is not None:
        yield
        return
    touched = {}
    token = _touched.set(touched)
    try:
        with one_content_version_move():
            yield
            if touched:
                _refresh(touched)
    finally:
        _touched.reset(token)
