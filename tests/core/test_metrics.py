"""/metrics: what an operator's Prometheus reads, and only from the addresses allowed."""

import ipaddress

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from core.cache_backend import cache_breaker

from .conftest import COO_URL

PROFILE_VIEW = {"view": "jobprofiles:detail", "method": "GET"}


def read_metrics(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(metrics, name, **labels):
    return metrics.get((name, tuple(sorted(labels.items()))), 0)


def test_serving_pages_moves_the_request_latency_and_page_cache_counters(client, coo):
    before = read_metrics(client)

    assert client.get(COO_URL).status_code == 200  # rendered, then cached
    assert client.get(COO_URL).status_code == 200  # from the cache
    after = read_metrics(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert (
        moved(
            "django_http_responses_total_by_status_view_method_total", status="200", **PROFILE_VIEW
        )
        == 2
    )
    assert moved("django_http_requests_latency_seconds_by_view_method_count", **PROFILE_VIEW) == 2
    assert moved("careers_page_cache_lookups_total", result="miss") == 1
    assert moved("careers_page_cache_lookups_total", result="hit") == 1


def test_unknown_pages_and_made_up_methods_are_counted_without_adding_series(client, db):
    before = read_metrics(client)

    assert client.get("/pas-de-page-ici/").status_code == 404
    assert client.generic("BREW", "/").status_code == 405
    assert client.generic("SPILL", "/").status_code == 405
    after = read_metrics(client)

    def moved(**labels):
        name = "django_http_responses_total_by_status_view_method_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(status="404", view="<unnamed view>", method="GET") == 1
    assert moved(status="405", view="home", method="<invalid method>") == 2


def test_the_cache_breaker_state_is_published(client):
    assert value(read_metrics(client), "careers_cache_breaker_open") == 0
    cache_breaker.trip(ConnectionError("Redis injoignable"))
    try:
        assert value(read_metrics(client), "careers_cache_breaker_open") == 1
    finally:
        cache_breaker.reset()


@pytest.mark.urls("tests.core.error_urls")
def test_requests_that_find_the_database_away_are_counted(client, db):
    before = value(read_metrics(client), "careers_database_unavailable_total")

    assert client.get("/sans-base/").status_code == 503

    assert value(read_metrics(client), "careers_database_unavailable_total") == before + 1


@pytest.mark.parametrize("address", ["203.0.113.7", "10.0.0.8", "::ffff:203.0.113.7"])
def test_other_addresses_are_refused_whatever_they_forward(db, address):
    visitor = Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR="127.0.0.1")

    response = visitor.get("/metrics")

    assert response.status_code == 403
    assert "réservé aux adresses de DJANGO_METRICS_ALLOWED" in response.content.decode()


def test_a_network_in_the_allowed_list_may_read_them(db, settings):
    settings.METRICS_ALLOWED = [ipaddress.ip_network("10.0.0.0/8")]

    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403
