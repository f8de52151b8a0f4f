"""What an editor checks before publishing, and copying a profile into a new draft."""

import re
from dataclasses import dataclass

from django.db import transaction

from .models import (
    SECTION_RELATIONS,
    JobProfile,
    RelatedProfile,
    current_minute,
    is_fixed_address,
)

# A summary longer than this is cut on cards and in search results.
SUMMARY_FIT_LENGTH = 300
# What the change form's counter asks for: enough for a card, whole in a search engine's
# description (cut near 160 characters).
SUMMARY_TARGET_LENGTH = (120, 160)

# Words that give away an English job title, such as "Account Executive" or "FP&A Analyst".
ENGLISH_TITLE_WORDS = {
    "account",
    "analyst",
    "chief",
    "developer",
    "engineer",
    "executive",
    "head",
    "inside",
    "lead",
    "manager",
    "officer",
    "operations",
    "owner",
    "sales",
    "success",
}


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    essential: bool = False
    # What the list and messages say when an essential check fails.
    missing: str = ""

    @property
    def blocks_publishing(self):
        return self.essential and not self.ok


def looks_english(title):
    return bool(set(re.findall(r"[a-z]+", title.lower())) & ENGLISH_TITLE_WORDS)


def essential_checks(profile):
    """What a profile must have to be published: the rules, in one place."""
    has_missions = getattr(profile, "has_missions", None)
    if has_missions is None:
        has_missions = profile.missions.exists()
    checks = [
        Check("Section « Les missions » remplie", has_missions, True, "aucune mission"),
        Check("Résumé rédigé", bool(profile.summary.strip()), True, "pas de résumé"),
    ]
    if profile.image:
        checks.append(
            Check(
                "L’image a un texte alternatif",
                bool(profile.image_alt),
                True,
                "image sans texte alternatif",
            )
        )
    return checks


def publishing_checklist(profile):
    """The checks shown on the change form; failed essential ones block publishing."""
    checks = essential_checks(profile)
    for relation in SECTION_RELATIONS[1:]:
        items = getattr(profile, relation)
        heading = items.model._meta.verbose_name_plural
        checks.append(Check(f"Section « {heading} » remplie", items.exists()))
    summary_length = len(profile.summary.strip())
    checks.append(
        Check(
            f"Résumé de {SUMMARY_FIT_LENGTH} caractères au plus, pour les cartes et les "
            f"moteurs de recherche (actuellement {summary_length})",
            summary_length <= SUMMARY_FIT_LENGTH,
        )
    )
    if not profile.image:
        checks.append(Check("Une image illustre la fiche", False))
    checks += [
        Check(
            "Langue de l’intitulé indiquée (« Anglais » pour un intitulé anglais)",
            profile.title_language == JobProfile.Language.ENGLISH
            or not looks_english(profile.title),
        ),
        Check("Au moins une autre fiche métier liée", profile.related_links.exists()),
    ]
    return checks


def publishing_blockers(profile):
    """What the profile lacks to be published, e.g. ["aucune mission", "pas de résumé"]."""
    return [check.missing for check in essential_checks(profile) if not check.ok]


def unique_slug(base):
    slug, number = base, 2
    while is_fixed_address(slug) or JobProfile.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def duplicate_profile(profile):
    """Copy a profile as a new draft, with its appellations, sections, tags and related roles."""
    copy = JobProfile.objects.get(pk=profile.pk)
    copy.pk = None
    copy._state.adding = True
    copy.title = f"{profile.title[:141]} (copie)"
    copy.slug = unique_slug(f"{profile.slug[:145]}-copie")
    copy.status = JobProfile.Status.DRAFT
    copy.published_at = current_minute()
    copy.save()
    for relation in SECTION_RELATIONS:
        for item in getattr(profile, relation).all():
            item.pk = None
            item._state.adding = True
            item.profile = copy
            item.save()
    for appellation in profile.appellations.all():
        copy.appellations.create(name=appellation.name, position=appellation.position)
    RelatedProfile.objects.bulk_create(
        RelatedProfile(from_profile=copy, to_profile=link.to_profile, position=link.position)
        for link in profile.related_links.all()
    )
    copy.tags.set(list(profile.tags.all()))
    return copy
