"""/metrics under gunicorn: every worker's requests are counted, whichever answers."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from .servers import Gunicorn, get

pytestmark = pytest.mark.deploy

REQUESTS = 20


@pytest.fixture
def gunicorn(site, tmp_path):
    env = {**site["env"], "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    server = Gunicorn(env, tmp_path, workers=2)
    yield server
    server.stop()


def list_page_responses(url):
    _, _, body = get(url + "/metrics")
    return sum(
        sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
        if sample.name == "django_http_responses_total_by_status_view_method_total"
        and sample.labels["view"] == "jobprofiles:list"
        and sample.labels["status"] == "200"
    )


def test_metrics_add_up_the_requests_every_worker_served(gunicorn, tmp_path):
    for _ in range(REQUESTS):
        assert get(gunicorn.url + "/metiers/")[0] == 200

    counted = {list_page_responses(gunicorn.url) for _ in range(6)}

    assert counted == {REQUESTS}, "every read, by any worker, sees all the requests"
    workers = {path.stem.split("_")[-1] for path in (tmp_path / "metrics").glob("counter_*.db")}
    assert len(workers) == 2, "both workers served and counted"
