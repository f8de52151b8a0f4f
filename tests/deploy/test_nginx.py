import gzip
import json
import subprocess

import pytest
import redis

from tests.helpers import free_port

from .servers import (
    Gunicorn,
    get,
    manage,
    render_nginx_config,
    require,
    start_nginx,
    stop,
    wait_for,
)

pytestmark = pytest.mark.deploy


def test_the_proxy_config_is_valid_nginx(tmp_path):
    nginx = require("nginx")
    config = render_nginx_config(tmp_path, "127.0.0.1:8000", free_port())

    result = subprocess.run(
        [nginx, "-t", "-e", "stderr", "-c", config], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr


HTTPS = {"X-Forwarded-Proto": "https"}
SHARED_REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def gunicorn(site, tmp_path, request):
    """The site as in production: HTTPS enforced, trusting the proxy's X-Forwarded-Proto."""
    extra = getattr(request, "param", {})
    server = Gunicorn({**site["env"], "DJANGO_SECURE_SSL_REDIRECT": "1", **extra}, tmp_path)
    yield server
    server.stop()


@pytest.fixture
def status_port():
    """Where nginx reports its connections (stub_status): set when nginx starts."""
    return {}


@pytest.fixture
def proxy(site, gunicorn, tmp_path, status_port):
    """nginx with the compose config in front of gunicorn, serving the collected static files."""
    srv = tmp_path / "srv"
    (srv / "media").mkdir(parents=True)
    (srv / "static").symlink_to(site["folder"] / "static")
    (srv / "media" / "photo.png").write_bytes(b"\x89PNG")

    def new_status_port():
        # A new status port each attempt: another program may have taken the last one.
        status_port["port"] = free_port()
        return status_port["port"]

    process, url = start_nginx(srv, f"127.0.0.1:{gunicorn.port}", new_status_port)
    yield url
    stop(process)


def test_pages_go_through_to_django_with_the_client_scheme(proxy):
    status, headers, body = get(proxy + "/metiers/", HTTPS)

    assert status == 200
    assert "Chief Operations Officer" in body.decode()
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Request-ID"]


def test_plain_http_is_redirected_to_https_on_the_public_host(proxy):
    status, headers, _ = get(proxy + "/metiers/?page=1", {"Host": "localhost"})

    assert status == 301
    assert headers["Location"] == "https://localhost/metiers/?page=1"


def test_https_answers_with_hsts_and_healthz_answers_plain_http(proxy):
    _, headers, _ = get(proxy + "/metiers/", HTTPS)
    status, _, body = get(proxy + "/healthz")

    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert status == 200
    assert json.loads(body) == {"database": "ok", "cache": "ok"}


def test_hashed_static_files_are_cached_for_good_and_gzipped(proxy):
    _, _, page = get(proxy + "/metiers/", HTTPS)
    css_url = page.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    assert css_url.startswith("/static/css/site.") and css_url != "/static/css/site.css"

    status, headers, body = get(proxy + css_url, {"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert b"--" in gzip.decompress(body)


def test_media_are_served_by_the_proxy_with_a_long_lifetime(proxy):
    status, headers, body = get(proxy + "/media/photo.png")

    assert (status, body) == (200, b"\x89PNG")
    assert "max-age=2592000" in headers["Cache-Control"]


def test_proxied_pages_are_gzipped(proxy):
    _, headers, body = get(proxy + "/metiers/", {**HTTPS, "Accept-Encoding": "gzip"})

    assert headers["Content-Encoding"] == "gzip"
    assert "Toutes les fiches métiers" in gzip.decompress(body).decode()


def test_gunicorn_logs_one_json_object_per_line_with_the_request_id(proxy, gunicorn):
    _, headers, _ = get(proxy + "/metiers/", HTTPS)

    def access_records():
        records = [json.loads(line) for line in gunicorn.stdout.read_text().splitlines()]
        return [record for record in records if record.get("path") == "/metiers/"]

    assert wait_for(access_records)
    assert access_records()[-1]["request_id"] == headers["X-Request-ID"]
    assert access_records()[-1]["status"] == "200"
    assert access_records()[-1]["forwarded_for"] == "127.0.0.1"


def test_metrics_are_read_from_gunicorn_directly_never_through_the_proxy(proxy, gunicorn):
    assert get(proxy + "/metrics", HTTPS)[0] == 404
    status, _, body = get(gunicorn.url + "/metrics")  # plain HTTP, from loopback
    assert status == 200
    assert b"django_http_responses_total_by_status_view_method_total" in body


def test_nginx_reports_its_connections_on_the_internal_port(proxy, status_port):
    status, _, body = get(f"http://127.0.0.1:{status_port['port']}/nginx_status")

    assert status == 200
    assert body.startswith(b"Active connections:")


def test_the_micro_cache_keeps_anonymous_pages_but_never_cookie_bearing_or_private_ones(
    proxy, site
):
    _, first, _ = get(proxy + "/metiers/", HTTPS)
    _, second, _ = get(proxy + "/metiers/", HTTPS)
    _, editor, _ = get(proxy + "/metiers/", {**HTTPS, "Cookie": "sessionid=quelconque"})
    probes = [get(proxy + "/healthz")[1]["X-Cache-Status"] for _ in range(2)]

    assert "s-maxage=3" in first["Cache-Control"]
    assert (first["X-Cache-Status"], second["X-Cache-Status"]) == ("MISS", "HIT")
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert editor["X-Cache-Status"] == "BYPASS"
    assert "HIT" not in probes, "a private, no-store response is never kept"


# The workers and the editing process share the page cache only through Redis, as in production.
@pytest.mark.parametrize("gunicorn", [{"REDIS_URL": SHARED_REDIS_URL}], indirect=True)
def test_a_change_shows_through_the_micro_cache_within_its_window(proxy, site):
    redis.Redis.from_url(SHARED_REDIS_URL).flushdb()  # nothing left by an earlier run
    summary = "Pilote les opérations, fiche revue pour le micro-cache."
    assert summary not in get(proxy + "/metiers/", HTTPS)[2].decode()

    manage(
        {**site["env"], "REDIS_URL": SHARED_REDIS_URL},
        "shell",
        "-c",
        "from jobprofiles.models import JobProfile;"
        "p = JobProfile.objects.get(slug='chief-operations-officer-coo');"
        f"p.summary = {summary!r}; p.save()",
    )

    assert wait_for(lambda: summary in get(proxy + "/metiers/", HTTPS)[2].decode(), seconds=5)


def test_the_login_page_answers_429_to_a_burst_of_attempts_and_other_pages_do_not(proxy):
    answers = [get(proxy + "/admin/login/", HTTPS)[0] for _ in range(12)]

    assert answers[:6] == [200] * 6  # the first and a burst of five
    assert 429 in answers[6:]
    assert [get(proxy + "/metiers/", HTTPS)[0] for _ in range(12)] == [200] * 12
