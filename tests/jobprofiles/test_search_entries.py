"""The list and its searches follow every change at once, and any page number gives a page."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bench import catalogue
from jobprofiles.models import SEARCH_FIELDS, JobFamily, JobProfile, SearchEntry
from jobprofiles.search import refresh_search_fields
from tests.helpers import as_if_the_date_had_come

from .admin_forms import post_change_form

CHANGELIST = reverse("admin:jobprofiles_jobprofile_changelist")


def listed(client, **params):
    response = client.get("/metiers/", params)
    assert response.status_code == 200
    return response


def slugs(response):
    return [profile.slug for profile in response.context["profiles"]]


def family_counts(response):
    return {family.slug: count for family, count in response.context["families"]}


@pytest.fixture
def finance(db):
    return JobFamily.objects.create(name="Finance", slug="finance", position=5)


def test_a_renamed_profile_is_found_by_its_new_title_only(admin_client, make_profile):
    profile = make_profile(title="Archiviste")

    post_change_form(admin_client, profile, title="Cartographe")

    assert slugs(listed(admin_client, q="cartographe")) == [profile.slug]
    assert slugs(listed(admin_client, q="archiviste")) == []


def test_a_deleted_profile_leaves_the_search_at_once(client, make_profile):
    kept, deleted = make_profile(title="Archiviste"), make_profile(title="Archiviste adjoint")

    deleted.delete()

    assert slugs(listed(client, q="archiviste")) == [kept.slug]
    assert family_counts(listed(client, q="archiviste")) == {"operations": 1}


def test_an_unpublished_profile_leaves_the_search_at_once(admin_client, make_profile):
    profile = make_profile(title="Archiviste")

    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [profile.pk]})

    response = listed(admin_client, q="archiviste")
    assert (slugs(response), family_counts(response)) == ([], {})
    assert response.context["paginator"].count == 0


def test_a_profile_moved_to_another_family_is_counted_there(client, make_profile, finance):
    profile = make_profile(title="Archiviste")
    make_profile(title="Archiviste adjoint")

    profile.family = finance
    profile.save()

    assert family_counts(listed(client, q="archiviste")) == {"operations": 1, "finance": 1}
    assert slugs(listed(client, q="archiviste", famille="finance")) == [profile.slug]
    assert family_counts(listed(client)) == {"operations": 1, "finance": 1}


def test_a_scheduled_profile_is_found_only_once_its_date_has_passed(client, make_profile):
    scheduled = make_profile(title="Archiviste", published_at=timezone.now() + timedelta(days=2))

    assert slugs(listed(client, q="archiviste")) == []
    assert family_counts(listed(client)) == {}

    as_if_the_date_had_come(scheduled)

    assert slugs(listed(client, q="archiviste")) == [scheduled.slug]
    assert family_counts(listed(client)) == {"operations": 1}


def test_a_search_within_a_tag_counts_only_that_tags_profiles(client, make_profile, finance):
    tagged = make_profile(title="Archiviste", family=finance)
    tagged.tags.add("terrain")
    make_profile(title="Archiviste adjoint")

    response = listed(client, q="archiviste", tag="terrain")

    assert (slugs(response), family_counts(response)) == ([tagged.slug], {"finance": 1})


@pytest.fixture
def thirty(make_profile, finance):
    """30 profiles of two titles, so that pages must break ties the same way each time."""
    return [
        make_profile(title="Archiviste" if number % 2 else "Archiviste adjoint", family=finance)
        for number in range(30)
    ]


@pytest.mark.parametrize("query", ["", "archiviste"])
def test_pages_split_the_list_without_repeats_or_gaps(client, thirty, query):
    pages = [slugs(listed(client, q=query, page=number)) for number in (1, 2, 3)]

    assert [len(page) for page in pages] == [12, 12, 6]
    assert sorted(sum(pages, [])) == sorted(profile.slug for profile in thirty)


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("0", 3), ("-1", 3), ("99", 3), ("3", 3), ("", 1)]
)
@pytest.mark.parametrize("query", ["", "archiviste"])
def test_any_page_number_gives_a_page(client, thirty, query, page, shown):
    response = listed(client, q=query, famille="finance", page=page)

    assert response.context["page_obj"].number == shown
    assert len(slugs(response)) == (6 if shown == 3 else 12)
    assert response.context["paginator"].count == 30


def test_a_family_with_nothing_listed_gives_an_empty_first_page(client, thirty, family):
    response = listed(client, q="archiviste", famille="operations", page="2")

    assert (slugs(response), response.context["page_obj"].number) == ([], 1)
    assert family_counts(response) == {"finance": 30}


DERIVED = [
    "alternative_title",
    "sort_title",
    *SEARCH_FIELDS,
    "page_parts",
    "parts_version",
    "list_card",
]


def stored():
    """Every search entry, and every profile's derived columns, as stored: the page parts
    but the body, which shows the date of the last save."""
    profiles = list(JobProfile.objects.order_by("pk").values("pk", *DERIVED))
    for profile in profiles:
        profile["page_parts"].pop("body", None)
    return list(SearchEntry.objects.order_by("pk").values()), profiles


def test_the_catalogue_writes_search_entries_as_a_save_would(db):
    """The refresh of the generated catalogue writes a hundred profiles a statement: what it
    stores must be what saving each profile, and the one-profile write_search_fields, store."""
    call_command(catalogue.Command(), "--count", "5", verbosity=0)
    generated = stored()

    for profile in JobProfile.objects.all():
        profile.save()
    assert stored() == generated
    for pk in JobProfile.objects.values_list("pk", flat=True):
        # One at a time, as a save reads: the order of tag links read for many is the plan's.
        refresh_search_fields(JobProfile.objects.filter(pk=pk))
    assert stored() == generated
    assert len(generated[0]) == JobProfile.objects.count()
    assert all(profile["search_document"] for profile in generated[1])
