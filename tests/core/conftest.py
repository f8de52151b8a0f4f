import pytest
from django.core.management import call_command

from jobprofiles.models import JobProfile

COO_URL = "/metiers/chief-operations-officer-coo/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The anonymous page cache as in production."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def coo(db):
    """The seed roles, loaded as an operator would; the COO links to the three others."""
    call_command("loaddata", "seed_roles", verbosity=0)
    return JobProfile.objects.get(slug="chief-operations-officer-coo")
