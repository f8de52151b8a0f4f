"""What a profile page shows of the profile's own rows, rendered when they change.

The four sections, the table of contents, the appellations and the tags depend on the
profile's rows alone: the one derived-data refresh of a save (derived.py) renders them
into the profile's `page_parts`, so a public page reads them with the profile's row
instead of five more queries and a loop over every item. What depends on other profiles
(the related roles, their publication) and on the site (addresses) is read and rendered
per request. Parts rendered by another version of their template are not used: the page
renders them from the rows, and the next migrate stores them again.
"""

import hashlib
from functools import cache

from django.db.models import Q, prefetch_related_objects
from django.template.loader import get_template, render_to_string

from .models import SECTION_RELATIONS, JobProfile
from .search import document_relations, plain

SECTIONS_TEMPLATE = "jobprofiles/includes/profile_sections.html"


def sections_of(profile):
    """The profile's non-empty sections in page order, each with its anchor and heading."""
    sections = []
    for relation in SECTION_RELATIONS:
        items = getattr(profile, relation).all()
        if items:
            sections.append(
                {
                    "anchor": items.model.anchor,
                    "heading": items.model._meta.verbose_name_plural,
                    "items": items,
                }
            )
    return sections


@cache
def parts_version():
    """Changes with the template of the sections, so a release never shows older parts."""
    source = get_template(SECTIONS_TEMPLATE).template.source
    return hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()


def render_parts(profile):
    """The parts of a profile fetched with document_relations(), as stored."""
    sections = sections_of(profile)
    return {
        "version": parts_version(),
        "sections": render_to_string(SECTIONS_TEMPLATE, {"sections": sections}),
        "contents": [[section["anchor"], str(section["heading"])] for section in sections],
        "appellations": [appellation.name for appellation in profile.appellations.all()],
        "tags": [[tagged.tag.slug, tagged.tag.name] for tagged in profile.tagged_items.all()],
        # For the structured data: each mission and skill by its title, or its text.
        "responsibilities": [item.title or plain(item.body) for item in profile.missions.all()],
        "skills": [item.title or plain(item.body) for item in profile.competences.all()],
    }


def write_page_parts(profile):
    """Store the parts of a profile fetched with document_relations()."""
    parts = render_parts(profile)
    JobProfile.objects.filter(pk=profile.pk).update(page_parts=parts)
    profile.page_parts = parts


def refresh_page_parts(queryset):
    """Render and store again the parts of these profiles, from their rows."""
    profiles = queryset.prefetch_related(*document_relations())
    for profile in profiles.iterator(chunk_size=500):
        write_page_parts(profile)


def outdated(queryset):
    """The profiles whose stored parts this release would not use, or that have none."""
    return queryset.filter(
        Q(page_parts__version__isnull=True) | ~Q(page_parts__version=parts_version())
    )


def current_parts(profile):
    """The stored parts when this release can use them, else rendered now from the rows."""
    if profile.page_parts.get("version") == parts_version():
        return profile.page_parts
    prefetch_related_objects([profile], *document_relations())
    return render_parts(profile)
