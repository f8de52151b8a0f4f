import pytest
from django.urls import reverse

from jobprofiles.models import JobProfile
from tests.helpers import load_seed_roles
from tests.jobprofiles.admin_forms import change_form_data

COO_URL = "/metiers/chief-operations-officer-coo/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The anonymous page cache as in production."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def coo(db):
    """The seed roles; the COO links to the three others."""
    load_seed_roles()
    return JobProfile.objects.get(slug="chief-operations-officer-coo")


def save_alternative_title_in_admin(admin_client, profile, alternative_title):
    """Change a profile's first appellation (shown under its title) through its admin form."""
    change_url = reverse("admin:jobprofiles_jobprofile_change", args=[profile.pk])
    data = change_form_data(admin_client.get(change_url))
    data["appellations-0-name"] = alternative_title
    return admin_client.post(change_url, data)
