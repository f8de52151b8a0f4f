"""The number of published profiles per family, as the list and home pages show it.

The pages read each family's stored count (derived.recount_families()): every change that
moves a profile in or out of a family's published set must bring it up to date.
"""

import re
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bench import catalogue
from jobprofiles.models import JobFamily, JobProfile, Mission

from .admin_forms import post_change_form

CHANGELIST = reverse("admin:jobprofiles_jobprofile_changelist")
FACET = re.compile(r'class="facets__link"[^>]*>([^<]+) <span class="facets__count">\((\d+)\)')


def facets(client):
    """{family name: count} as the list's family filters show them."""
    html = client.get("/metiers/").content.decode()
    return {name: int(count) for name, count in FACET.findall(html)}


def listed_total(client):
    html = client.get("/metiers/").content.decode()
    return int(re.search(r'class="listing__count" role="status">(\d+) fiche', html)[1])


def home_count(client, family):
    html = client.get("/").content.decode()
    link = re.search(rf'href="{re.escape(family.get_absolute_url())}".*?</a>', html, re.S)[0]
    return int(re.search(r"(\d+) fiche", link)[1])


def api_counts(client):
    return {
        family["name"]: family["profile_count"] for family in client.get("/api/v1/families").json()
    }


def test_the_pages_show_what_the_seed_roles_count(client, seed_roles):
    assert facets(client) == {"Opérations": 1, "Ventes": 2, "Finance": 1}
    assert listed_total(client) == 4
    assert home_count(client, JobFamily.objects.get(slug="ventes")) == 2
    assert api_counts(client) == facets(client)


def test_loading_the_seed_roles_again_keeps_the_counts(client, seed_roles):
    """loaddata writes each family row whole (its count at 0) before its profiles."""
    call_command("load_seed_roles", "--force", verbosity=0)

    assert facets(client) == {"Opérations": 1, "Ventes": 2, "Finance": 1}


def test_publishing_a_draft_from_the_admin_counts_it(client, admin_client, draft_profile):
    Mission.objects.create(profile=draft_profile, body="Piloter les projets.")
    assert facets(client) == {}

    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft_profile.pk]})

    assert facets(client) == {"Opérations": 1}
    assert home_count(client, draft_profile.family) == 1


def test_moving_a_profile_to_another_family_counts_it_there(client, admin_client, coo):
    finance = JobFamily.objects.get(slug="finance")

    post_change_form(admin_client, coo, family=finance.pk)

    assert facets(client) == {"Ventes": 2, "Finance": 2}
    assert listed_total(client) == 4


def test_unpublishing_and_deleting_profiles_uncount_them(client, admin_client, seed_roles):
    admin_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [seed_roles["inside-sales"].pk]}
    )
    assert facets(client) == {"Opérations": 1, "Ventes": 1, "Finance": 1}

    seed_roles["fpa-analyst"].delete()

    assert facets(client) == {"Opérations": 1, "Ventes": 1}
    assert listed_total(client) == 2
    assert api_counts(client) == facets(client)


def test_a_scheduled_profile_is_counted_once_its_date_has_come(client, make_profile, family):
    make_profile()
    scheduled = make_profile(published_at=timezone.now() + timedelta(days=2))
    assert facets(client) == {"Opérations": 1}

    # As if two days had passed, but with the stored count left as it was: the family's
    # stored date tells the pages to count again.
    JobProfile.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    JobFamily.objects.filter(pk=family.pk).update(counted_until=timezone.now())

    assert facets(client) == {"Opérations": 2}
    assert home_count(client, family) == 2
    assert JobFamily.objects.get(pk=family.pk).counted_until is None


def test_the_generated_catalogue_is_counted(client, db):
    """Its profiles are written in bulk, without signals: the refresh counts them."""
    call_command(catalogue.Command(), "--count", "5", verbosity=0)

    assert listed_total(client) == JobProfile.objects.published().count() > 5
    assert sum(facets(client).values()) == listed_total(client)


def test_large_counts_are_written_as_french_readers_write_them(client, seed_roles):
    JobFamily.objects.filter(slug="ventes").update(published_count=12345)
    html = client.get("/metiers/").content.decode()
    home = client.get("/").content.decode()

    assert 'Ventes <span class="facets__count">(12\u00a0345)</span>' in html
    assert "12\u00a0347 fiches métiers" in html
    assert "12\u00a0345 fiches" in home
