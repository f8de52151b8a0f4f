import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import catalogue
from jobprofiles.models import JobProfile


def queries_per_page(client):
    pages = {
        "profile": JobProfile.objects.order_by("pk").first().get_absolute_url(),
        "list": "/metiers/",
        "list, page 2": "/metiers/?page=2",
        "search": "/metiers/?q=gestion",
    }
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_sql_queries_per_page_stay_the_same_as_the_catalogue_grows(client, settings):
    """Guards against N+1 queries on cards, sections, families and related profiles."""
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered from the database
    call_command(catalogue.Command(), "--count", "13", verbosity=0)
    small = queries_per_page(client)
    call_command(catalogue.Command(), "--count", "1000", "--replace", verbosity=0)
    large = queries_per_page(client)

    assert large == small
