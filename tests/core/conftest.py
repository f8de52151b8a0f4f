import pytest
from django.core.management import call_command
from django.urls import reverse

from jobprofiles.models import JobProfile
from tests.jobprofiles.admin_forms import change_form_data

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


def save_alternative_title_in_admin(admin_client, profile, alternative_title):
    """Change a profile's first appellation (shown under its title) through its admin form."""
    change_url = reverse("admin:jobprofiles_jobprofile_change", args=[profile.pk])
    data = change_form_data(admin_client.get(change_url))
    data["appellations-0-name"] = alternative_title
    return admin_client.post(change_url, data)
