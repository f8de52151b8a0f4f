"""A search counts and ranks a bounded number of matches (search.MATCH_LIMIT): past it, the
page says so, and a family of the search is counted on its own."""

import re

import pytest

from jobprofiles import search
from jobprofiles.models import JobFamily

CARD_TITLE = re.compile(r'class="card__link" href="/metiers/([^/]+)/"')
FACET = re.compile(
    r'class="facets__link"[^>]*>([^<]+?)(?: <span class="facets__count">\((\d+)\))?<'
)


def searched(client, **params):
    response = client.get("/metiers/", params)
    assert response.status_code == 200
    html = response.content.decode()
    count = re.search(r'class="listing__count" role="status">([^<]+)<', html)[1]
    return count, CARD_TITLE.findall(html), dict(FACET.findall(html))


@pytest.fixture
def limit_of_five(monkeypatch):
    monkeypatch.setattr(search, "MATCH_LIMIT", 5)


@pytest.fixture
def archivists(make_profile):
    """Eight archivists in Opérations, three in Finance, and a profile that no search finds."""
    finance = JobFamily.objects.create(name="Finance", slug="finance", position=5)
    make_profile(title="Cartographe")
    return {
        "operations": [make_profile(title=f"Archiviste {number}") for number in range(8)],
        "finance": [
            make_profile(title=f"Archiviste comptable {number}", family=finance)
            for number in range(3)
        ],
    }


def test_a_search_within_the_limit_counts_every_match(client, limit_of_five, archivists):
    count, cards, facets = searched(client, q="comptable")

    assert count == "3 fiches métiers trouvées"
    assert sorted(cards) == sorted(profile.slug for profile in archivists["finance"])
    assert facets == {"Finance": "3"}


def test_a_search_past_the_limit_says_so_and_names_its_families_without_numbers(
    client, limit_of_five, archivists
):
    count, cards, facets = searched(client, q="archiviste")

    assert count.startswith("Plus de 5 fiches métiers trouvées : précisez votre recherche")
    every_archivist = {profile.slug for profiles in archivists.values() for profile in profiles}
    assert len(cards) == 5 and set(cards) <= every_archivist
    assert set(facets.values()) == {""}
    assert set(facets) <= {"Opérations", "Finance"}


def test_a_family_of_a_search_past_the_limit_is_counted_on_its_own(
    client, limit_of_five, archivists
):
    count, cards, _ = searched(client, q="archiviste", famille="finance")

    assert count == "3 fiches métiers trouvées"
    assert sorted(cards) == sorted(profile.slug for profile in archivists["finance"])

    count, cards, _ = searched(client, q="archiviste", famille="operations")
    assert count.startswith("Plus de 5 fiches métiers trouvées")
    assert len(cards) == 5
    assert set(cards) <= {profile.slug for profile in archivists["operations"]}


def test_pages_of_a_search_past_the_limit_share_out_what_it_found(client, monkeypatch, archivists):
    """Each page ranks the same matches: no repeats, no gaps, whatever the limit."""
    monkeypatch.setattr(search, "MATCH_LIMIT", 10)
    monkeypatch.setattr("jobprofiles.views.JobProfileListView.paginate_by", 4)

    pages = [searched(client, q="archiviste", page=page)[1] for page in (1, 2, 3)]

    assert [len(page) for page in pages] == [4, 4, 2]
    assert len(set(sum(pages, []))) == 10


def test_the_api_counts_and_ranks_a_search_up_to_the_limit(client, limit_of_five, archivists):
    every_archivist = {profile.slug for profiles in archivists.values() for profile in profiles}

    found = client.get("/api/v1/profiles", {"q": "archiviste"}).json()
    within = client.get("/api/v1/profiles", {"q": "comptable"}).json()

    assert found["count"] == 5 and {item["slug"] for item in found["items"]} <= every_archivist
    assert len(found["items"]) == 5
    assert within["count"] == 3


def test_the_compare_page_offers_up_to_the_limit_of_a_search(client, limit_of_five, archivists):
    html = client.get("/metiers/comparer/", {"q": "archiviste"}).content.decode()

    offered = set(re.findall(r'<option value="([-\w]+)">Archiviste', html))
    every_archivist = {profile.slug for profiles in archivists.values() for profile in profiles}
    assert len(offered) == 5 and offered <= every_archivist
