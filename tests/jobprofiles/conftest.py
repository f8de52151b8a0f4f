import itertools

import pytest

from jobprofiles.models import JobFamily, JobProfile
from tests.helpers import load_seed_roles

_sequence = itertools.count(1)


@pytest.fixture
def family(db):
    return JobFamily.objects.get_or_create(slug="operations", defaults={"name": "Opérations"})[0]


@pytest.fixture
def make_profile(family):
    """Build profiles with sensible defaults; pass only what a test cares about."""

    def make(**fields):
        number = next(_sequence)
        fields.setdefault("title", f"Métier {number}")
        fields.setdefault("slug", f"metier-{number}")
        fields.setdefault("summary", f"Résumé du métier {number}.")
        fields.setdefault("family", family)
        fields.setdefault("status", JobProfile.Status.PUBLISHED)
        return JobProfile.objects.create(**fields)

    return make


@pytest.fixture
def published_profile(make_profile):
    return make_profile(title="Responsable logistique", slug="responsable-logistique")


@pytest.fixture
def draft_profile(make_profile):
    return make_profile(
        title="Chef de projet", slug="chef-de-projet", status=JobProfile.Status.DRAFT
    )


@pytest.fixture
def seed_roles(db):
    """The four seed roles, loaded from the fixture."""
    load_seed_roles()
    return {profile.slug: profile for profile in JobProfile.objects.all()}


@pytest.fixture
def coo(seed_roles):
    return seed_roles["chief-operations-officer-coo"]
