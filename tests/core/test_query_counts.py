import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import catalogue
from jobprofiles import search
from jobprofiles.models import JobProfile

PAGES = {
    "home": "/",
    "list": "/metiers/",
    "list, page 2": "/metiers/?page=2",
    "search, a word in every profile": "/metiers/?q=poste",
    "search, synonyms": "/metiers/?q=pilote",
    "search, typo": "/metiers/?q=coordinatuer",
    "suggestions": "/metiers/suggestions.json?q=respon",
}


def queries_per_page(client):
    first_generated = JobProfile.objects.get(slug__endswith="-1")
    pages = {**PAGES, "profile": first_generated.get_absolute_url()}
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("match_limit", [search.MATCH_LIMIT, 20])
def test_sql_queries_per_page_stay_the_same_as_the_catalogue_grows(
    client, settings, monkeypatch, match_limit
):
    """Guards against N+1 queries on cards, sections, families, related profiles and search,
    also when the larger catalogue's searches find more than they count (a limit of 20)."""
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered from the database
    monkeypatch.setattr(search, "MATCH_LIMIT", match_limit)
    # At least 5: each generated profile then links to 3 others, as in any larger catalogue.
    call_command(catalogue.Command(), "--count", "5", verbosity=0)
    small = queries_per_page(client)
    call_command(catalogue.Command(), "--count", "50", "--replace", verbosity=0)
    large = queries_per_page(client)

    assert large == small
    # The list reads the families with their stored counts, then its page's cards.
    assert (small["list"], small["list, page 2"]) == (2, 2)
