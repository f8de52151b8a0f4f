"""Breadcrumb trails and schema.org data of the job pages."""

from django.urls import reverse

from core.breadcrumbs import Crumb, breadcrumb_list, trail

from .models import JobProfile


def list_trail(family=None):
    """Home, the list, and the family the list is filtered by, if any."""
    crumbs = [Crumb("Fiches métiers", reverse("jobprofiles:list"))]
    if family:
        crumbs.append(Crumb(family.name, family.get_absolute_url()))
    return trail(*crumbs)


def profile_trail(profile):
    lang = "" if profile.title_language == JobProfile.Language.FRENCH else profile.title_language
    return [*list_trail(profile.family), Crumb(profile.title, profile.get_absolute_url(), lang)]


def occupation(profile, parts, canonical_url):
    """schema.org Occupation, from a profile, its family and its page parts (page_parts.py)."""
    data = {
        "@type": "Occupation",
        "name": profile.title,
        "description": profile.summary,
        "occupationalCategory": profile.family.name,
        "responsibilities": parts["responsibilities"],
        "skills": parts["skills"],
        "url": canonical_url,
    }
    if parts["appellations"]:
        data["alternateName"] = parts["appellations"]
    data.update(key_facts(profile))
    return data


def key_facts(profile):
    """The "En bref" facts that schema.org names: salary band, studies, experience, codes."""
    facts = {}
    if profile.salary_min is not None:
        # The band covers most offers: its ends are read as the 1st and 9th deciles.
        facts["estimatedSalary"] = [
            {
                "@type": "MonetaryAmountDistribution",
                "name": f"Salaire brut annuel (source : {profile.salary_source})",
                "currency": "EUR",
                "duration": "P1Y",
                "percentile10": profile.salary_min,
                "percentile90": profile.salary_max,
            }
        ]
    if profile.education_level:
        facts["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": profile.get_education_level_display(),
        }
    if profile.experience:
        facts["experienceRequirements"] = profile.get_experience_display()
    if profile.rome_code:
        facts["occupationalCategory"] = [
            {
                "@type": "CategoryCode",
                "codeValue": profile.rome_code,
                "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME 4.0"},
            },
            profile.family.name,
        ]
    if profile.esco_uri:
        facts["sameAs"] = profile.esco_uri
    return facts


def profile_structured_data(profile, parts, canonical_url, crumbs, absolute_uri):
    """The Occupation and its BreadcrumbList, for search engines."""
    return {
        "@context": "https://schema.org",
        "@graph": [
            occupation(profile, parts, canonical_url),
            breadcrumb_list(crumbs, absolute_uri),
        ],
    }
