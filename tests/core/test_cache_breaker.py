"""A Redis that accepts connections and never answers costs a request one timeout at most."""

import pytest

from careers.settings import redis_cache
from core.cache_backend import cache_breaker
from tests.helpers import HangingServer

from .conftest import COO_URL

# What one request may spend waiting for the cache, in total.
CACHE_TIME_BUDGET = 0.3


@pytest.fixture
def hanging_cache(settings):
    """The production cache configuration, pointed at a Redis that never answers."""
    server = HangingServer()
    settings.CACHES = {"default": redis_cache(server.url)}
    yield server
    server.close()


def test_a_hanging_cache_costs_one_timeout_then_is_not_called_during_the_cool_down(
    client, coo, hanging_cache
):
    first = client.get(COO_URL)
    waited = list(hanging_cache.waits)
    second = client.get("/metiers/")

    assert first.status_code == 200
    assert "Chief Operations Officer" in first.content.decode()
    assert "Chief Operations Officer" in second.content.decode()
    assert hanging_cache.connections == 1, "one call, then none while the breaker is open"
    assert len(waited) == 1 and waited[0] <= CACHE_TIME_BUDGET
    assert cache_breaker.is_open


def test_after_the_cool_down_the_cache_is_tried_again(client, coo, hanging_cache):
    client.get(COO_URL)
    cache_breaker.reset()  # the cool-down is over

    assert client.get(COO_URL).status_code == 200
    assert hanging_cache.connections == 2


def test_healthz_names_the_hanging_cache_as_down(client, coo, hanging_cache):
    client.get(COO_URL)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "down"}
