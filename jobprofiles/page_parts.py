"""What a profile page shows, rendered when the content it shows changes.

The one derived-data refresh of a save (derived.py) renders into the profile's `page_parts`:
- the parts that depend on the profile's own rows (the four sections, the table of contents,
  the appellations, the tags, the structured data's lists);
- the profile's card as the list shows it, in a column of its own (the list reads it
  with_stored_cards());
- the page's whole body, related roles included, when the editors chose enough related
  cards (otherwise the closest roles of the whole catalogue fill them up, ranked per request).

A public page then reads one row. The body shows other profiles (their cards, the career
paths): saving one of them, its family or its links refreshes the profiles that show it
(derived.py), and the body is kept only until the first publication date still to come among
the roles it links to, when that role appears. Parts rendered by another version of what
renders them are not used: the page renders them from the rows, and the next migrate stores
them again.
"""

import hashlib
import inspect
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import import_module

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.defaultfilters import pluralize
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.site import absolute_url

from .models import (
    SECTION_RELATIONS,
    JobProfile,
    RelatedProfile,
    page_prefetches,
    scheduled_related_links,
)
from .page_data import profile_structured_data, profile_trail
from .search import document_relations, plain
from .templatetags.jobprofiles_tags import LIST_CARD, profile_card

SECTIONS_TEMPLATE = "jobprofiles/includes/profile_sections.html"
BODY_TEMPLATE = "jobprofiles/includes/profile_content.html"
# Everything that renders stored parts: a change to any of them is a new version.
TEMPLATES = (
    SECTIONS_TEMPLATE,
    BODY_TEMPLATE,
    "includes/breadcrumb.html",
    "jobprofiles/includes/key_facts_list.html",
    "jobprofiles/includes/openings_button.html",
)
MODULES = (
    __name__,
    "core.breadcrumbs",
    "jobprofiles.page_data",
    "jobprofiles.renditions",
    "jobprofiles.templatetags.jobprofiles_tags",
    "jobprofiles.urls",
    "careers.urls",
)
RELATED_CARDS = 3


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
def _sources_digest():
    sources = [get_template(name).template.source for name in TEMPLATES]
    sources += [inspect.getsource(import_module(name)) for name in MODULES]
    return hashlib.md5("".join(sources).encode(), usedforsecurity=False).hexdigest()


def parts_version():
    """Changes with what renders the parts and with the addresses they hold, so that a
    release, or a site moved to another address, never shows older parts."""
    addresses = [settings.SITE_URL, settings.MEDIA_URL, settings.OPENINGS_URL]
    identity = "\n".join([_sources_digest(), *addresses])
    return hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest()


def page_relations():
    """What rendering a profile's page reads beyond the profile and its family."""
    return [*page_prefetches(), scheduled_related_links()]


def render_parts(profile):
    """The parts of a profile fetched with document_relations(), as stored."""
    sections = sections_of(profile)
    return {
        "sections": render_to_string(SECTIONS_TEMPLATE, {"sections": sections}),
        "contents": [[section["anchor"], str(section["heading"])] for section in sections],
        "appellations": [appellation.name for appellation in profile.appellations.all()],
        "tags": [[tagged.tag.slug, tagged.tag.name] for tagged in profile.tagged_items.all()],
        # For the structured data: each mission and skill by its title, or its text.
        "responsibilities": [item.title or plain(item.body) for item in profile.missions.all()],
        "skills": [item.title or plain(item.body) for item in profile.competences.all()],
    }


@dataclass(frozen=True)
class StoredCard:
    """A profile's list card as stored: profile_card() shows it as it is."""

    pk: int
    slug: str
    title: str
    stored_card: str


def with_stored_cards(profiles):
    """These profiles (a queryset, in order) as their stored list cards, read alone: no
    model, no family. A profile whose card this release did not store is read to be
    rendered now."""
    version = parts_version()
    rows = list(profiles.values_list("pk", "slug", "title", "parts_version", "list_card"))
    outdated = [pk for pk, _, _, stored_version, _ in rows if stored_version != version]
    rendered = JobProfile.objects.cards().in_bulk(outdated) if outdated else {}
    return [
        rendered.get(pk) or StoredCard(pk, slug, title, card) for pk, slug, title, _, card in rows
    ]


@dataclass(frozen=True)
class RelatedCard:
    """A card of "Nos autres fiches métiers" and why it is there, if it says so."""

    profile: JobProfile
    reason: str = ""


# Headings of the typed related roles, in page order.
CAREER_PATH_HEADINGS = {
    RelatedProfile.Kind.EVOLUTION: "Évolutions possibles",
    RelatedProfile.Kind.NEARBY: "Métiers proches",
    RelatedProfile.Kind.UPSTREAM: "En amont : d’où l’on vient",
}


def career_paths(profile):
    """The typed related roles, grouped by type, each group in the editors' order."""
    groups = []
    for kind, heading in CAREER_PATH_HEADINGS.items():
        links = [link for link in profile.published_related_links if link.kind == kind]
        if links:
            groups.append({"kind": kind, "heading": heading, "links": links})
    return groups


def chosen_cards(profile):
    """The related cards the editors chose (untyped related roles), published ones only."""
    return [
        RelatedCard(link.to_profile, link.reason)
        for link in profile.published_related_links
        if not link.kind
    ]


def suggestion_reason(suggested):
    """Why a profile is suggested, from a row of closest_to()."""
    reasons = ["même famille"] if suggested.same_family else []
    if suggested.shared_tags:
        count = suggested.shared_tags
        reasons.append(f"{count} étiquette{pluralize(count)} commune{pluralize(count)}")
    return "Suggestion : " + (" · ".join(reasons) if reasons else "une autre de nos fiches")


def related_cards(profile):
    """The editors' untyped choice first, then the closest published roles with why.

    The catalogue is ranked only when the editors chose fewer cards than the page shows.
    """
    chosen = chosen_cards(profile)
    missing = RELATED_CARDS - len(chosen)
    if missing <= 0:
        return chosen
    linked = {link.to_profile_id for link in profile.published_related_links}
    closest = JobProfile.objects.published().closest_to(profile, missing + len(linked))
    suggested = [row for row in closest if row.pk not in linked][:missing]
    cards = JobProfile.objects.for_cards().in_bulk([row.pk for row in suggested])
    return chosen + [RelatedCard(cards[row.pk], suggestion_reason(row)) for row in suggested]


def render_body(profile, parts):
    """The main content as HTML, and the page's structured data.

    Rendered without a request, so nothing of one visitor's can be kept for others. The
    profile comes with its family and its published related links (page_relations()).
    """
    canonical_url = absolute_url(profile.get_absolute_url())
    crumbs = profile_trail(profile)
    context = {
        "profile": profile,
        "parts": parts,
        "breadcrumbs": crumbs,
        "career_paths": career_paths(profile),
        "related_cards": related_cards(profile),
        "openings_url": profile.openings_url or settings.OPENINGS_URL,
        "canonical_url": canonical_url,
    }
    return {
        "content": render_to_string(BODY_TEMPLATE, context),
        "structured_data": profile_structured_data(
            profile, parts, canonical_url, crumbs, absolute_url
        ),
    }


def body_until(profile):
    """When a stored body stops being true: the first linked role still to be published."""
    dates = [link.to_profile.published_at for link in profile.scheduled_related_links]
    return min(dates).isoformat() if dates else None


def page_parts(profile):
    """The columns to store of a profile fetched with its family and page_relations(): its
    parts, and the body if it does not rank the catalogue; the release that rendered them;
    its list card. The profile gets them too, for what renders next from it."""
    # In the site's language, whoever saves: a management command runs in none.
    with translation.override(settings.LANGUAGE_CODE):
        parts = render_parts(profile)
        if len(chosen_cards(profile)) >= RELATED_CARDS:
            parts["body"] = render_body(profile, parts)
            parts["body_until"] = body_until(profile)
        columns = {
            "page_parts": parts,
            "parts_version": parts_version(),
            "list_card": profile_card(profile, **LIST_CARD),
        }
    for name, value in columns.items():
        setattr(profile, name, value)
    return columns


def write_page_parts(profile):
    """Store the parts of a profile fetched with its family and page_relations()."""
    JobProfile.objects.filter(pk=profile.pk).update(**page_parts(profile))


def refresh_page_parts(queryset):
    """Render and store again the pages of these profiles, from their rows."""
    profiles = queryset.select_related("family").prefetch_related(*page_relations())
    for profile in profiles.iterator(chunk_size=500):
        write_page_parts(profile)


def outdated(queryset):
    """The profiles whose stored parts this release would not use, or that have none."""
    return queryset.exclude(parts_version=parts_version())


def current_parts(profile):
    """The stored parts when this release can use them, else rendered now from the rows."""
    if profile.parts_version == parts_version():
        return profile.page_parts
    prefetch_related_objects([profile], *document_relations())
    return render_parts(profile)


def stored_body(profile):
    """The stored body when this release can use it and it is still true, else None."""
    parts = profile.page_parts
    if "body" not in parts or profile.parts_version != parts_version():
        return None
    until = parts["body_until"]
    if until and timezone.now() >= datetime.fromisoformat(until):
        return None
    # Rendered by the page's templates, stored as text.
    return {**parts["body"], "content": mark_safe(parts["body"]["content"])}
