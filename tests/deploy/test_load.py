import os
import re

import pytest

from .servers import Gunicorn, generate_catalogue, get, prepare_site, require, wrk

pytestmark = pytest.mark.deploy

# Bounded: 30 s by default, shorter with LOAD_TEST_SECONDS (e.g. while editing the test).
SECONDS = int(os.environ.get("LOAD_TEST_SECONDS", "30"))
WORKERS = 2


@pytest.fixture
def catalogue_site(tmp_path):
    env = prepare_site(tmp_path)
    generate_catalogue(env, 300)
    # Recycling workers is a planned restart; switched off so any restart is a failure.
    server = Gunicorn({**env, "GUNICORN_MAX_REQUESTS": "0"}, tmp_path, workers=WORKERS)
    yield server
    server.stop()


def test_a_bounded_load_on_a_mix_of_pages_ends_with_no_error_and_no_worker_restart(
    catalogue_site,
):
    require("wrk")
    paths = [
        "/metiers/",
        "/metiers/?page=2",
        "/metiers/?page=25",
        "/metiers/?q=gestion",
        "/metiers/?q=gestion+de+projet",
        "/metiers/?q=%C3%A9quipe",
        "/healthz",
        "/livez",
        "/",
    ]
    paths += [f"/metiers/{slug}/" for slug in catalogue_slugs(catalogue_site)]

    report = wrk(catalogue_site.url, SECONDS, 32, paths=paths)

    assert report["requests"] > 0
    assert report["errors"] == {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    assert catalogue_site.worker_boots() == WORKERS


def catalogue_slugs(server):
    """Some profile pages of the catalogue, read from its list pages."""
    slugs = set()
    for page in (1, 5, 10):
        _, _, body = get(f"{server.url}/metiers/?page={page}")
        slugs |= set(re.findall(r'href="/metiers/([a-z0-9-]+)/"', body.decode()))
    return sorted(slugs)
