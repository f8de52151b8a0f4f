"""A Redis that accepts connections and never answers leaves the site slower, not down."""

import json

import pytest

from tests.helpers import HangingServer

from .servers import Gunicorn, get, prepare_site, require, wrk

pytestmark = pytest.mark.deploy

PAGES = ["/", "/metiers/", "/metiers/?q=operations", "/metiers/chief-operations-officer-coo/"]


@pytest.fixture
def site_with_hanging_cache(tmp_path):
    redis = HangingServer()
    env = prepare_site(tmp_path, REDIS_URL=redis.url)
    server = Gunicorn({**env, "GUNICORN_MAX_REQUESTS": "0"}, tmp_path, workers=2)
    yield server
    server.stop()
    redis.close()


def test_pages_stay_fast_and_healthz_names_the_cache_while_redis_hangs(site_with_hanging_cache):
    require("wrk")
    server = site_with_hanging_cache
    for page in PAGES:  # the image renditions are made once, on the first visit
        get(server.url + page)

    report = wrk(server.url, 5, 4, paths=PAGES)
    status, _, body = get(server.url + "/healthz")

    assert report["requests"] > 0
    assert report["errors"] == {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    assert report["p95_us"] < 1_000_000, "pages under 1 s at the 95th percentile"
    assert (status, json.loads(body)) == (503, {"database": "ok", "cache": "down"})
