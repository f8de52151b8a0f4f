"""PageCacheFront: the application gunicorn serves answers again, before Django runs, a page
its process served from the page cache, exactly as the middleware would have."""

import re
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from core.cache import PageCacheFront
from tests.helpers import without_nonces

from .conftest import COO_URL, save_alternative_title_in_admin
from .test_metrics import read_metrics, value

LIST_URL = "/metiers/"
API_URL = "/api/v1/families"


class Response:
    def __init__(self, status, headers, chunks):
        self.status, self.headers = status, headers
        self.content = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()

    def __getitem__(self, name):
        return next(value for key, value in self.headers if key.lower() == name.lower())

    def nonce(self):
        found = re.search(rb'nonce="([^"]+)"', self.content)
        return found and found.group(1).decode()


class Site:
    """The site as gunicorn calls it, counting the requests Django's handler receives."""

    def __init__(self):
        self.application = PageCacheFront(WSGIHandler())
        self.reached_django = 0

    def request(self, path, method="GET", scheme="http", **headers):
        environ = RequestFactory().generic(method, path, headers=headers).environ
        environ["wsgi.url_scheme"] = scheme
        answer = []
        # As Django's test client does: the test's database connection must stay open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = self.application(
                environ, lambda status, headers, *_: answer.extend([status, headers])
            )
            return Response(*answer, chunks)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    @contextmanager
    def counting(self):
        def count(**kwargs):
            self.reached_django += 1

        request_started.connect(count)
        try:
            yield
        finally:
            request_started.disconnect(count)


@pytest.fixture
def site(settings):
    """Production's security headers: the front must send them too."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    site = Site()
    with site.counting():
        yield site


def first_visit(site, url, **kwargs):
    """The page rendered, kept by the page cache and served by its middleware."""
    served = site.request(url, **kwargs)
    assert site.reached_django == 1
    return served


@pytest.mark.parametrize("url", [COO_URL, LIST_URL, "/"])
def test_a_page_answered_again_carries_every_header_and_byte_the_middleware_sent(site, coo, url):
    by_django = first_visit(site, url, scheme="https")

    again = site.request(url, scheme="https")

    assert site.reached_django == 1
    assert again.status == by_django.status == "200 OK"
    assert without_nonces(again.content) == without_nonces(by_django.content)

    def comparable(response):
        headers = dict(response.headers)
        nonce = response.nonce()
        if nonce:
            headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
                nonce, "NONCE"
            )
        del headers["X-Request-ID"]
        return headers

    assert comparable(again) == comparable(by_django)
    assert again["Strict-Transport-Security"].startswith("max-age=31536000")
    assert again["Content-Length"] == str(len(again.content))


def test_each_answer_has_its_own_nonce_and_request_id(site, coo):
    first_visit(site, COO_URL)

    answers = [site.request(COO_URL) for _ in range(2)]
    from_proxy = site.request(COO_URL, **{"X-Request-ID": "nginx-42"})
    forged = site.request(COO_URL, **{"X-Request-ID": "a b\nINFO forged"})

    assert site.reached_django == 1
    nonces = [answer.nonce() for answer in answers]
    assert nonces[0] != nonces[1]
    for answer, nonce in zip(answers, nonces, strict=True):
        assert f"'nonce-{nonce}'" in answer["Content-Security-Policy"]
        assert answer.content.count(nonce.encode()) == answer.content.count(b'nonce="')
    assert answers[0]["X-Request-ID"] != answers[1]["X-Request-ID"]
    assert from_proxy["X-Request-ID"] == "nginx-42"
    assert re.fullmatch("[0-9a-f]{32}", forged["X-Request-ID"])


def test_a_change_reaches_the_next_anonymous_visitor_at_once(
    site, coo, admin_client, django_capture_on_commit_callbacks
):
    first_visit(site, COO_URL)
    with django_capture_on_commit_callbacks(execute=True):
        save_alternative_title_in_admin(admin_client, coo, "Directrice des flux")
    reached = site.reached_django

    response = site.request(COO_URL)

    assert site.reached_django == reached + 1
    assert "Directrice des flux" in response.content.decode()


def signed_in_cookie(client):
    editor = User.objects.create_user("editrice", password="x", is_staff=True)
    client.force_login(editor)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("HEAD", {}),
        ("GET", {"Cookie": "sessionid=made-up"}),
        ("GET", {"X-Forwarded-Proto": "https"}),
    ],
)
def test_other_requests_go_to_django_and_get_what_it_answers(site, coo, method, headers):
    first_visit(site, COO_URL)

    response = site.request(COO_URL, method=method, **headers)

    assert site.reached_django == 2
    assert response.status == "200 OK"


def test_a_signed_in_editor_gets_a_private_page_from_django(site, coo, client):
    first_visit(site, COO_URL)

    response = site.request(COO_URL, Cookie=signed_in_cookie(client))

    assert site.reached_django == 2
    assert "private" in response["Cache-Control"]


def test_a_revalidation_is_answered_by_django_with_304(site, coo):
    page = first_visit(site, COO_URL)

    response = site.request(COO_URL, **{"If-None-Match": page["ETag"]})

    assert site.reached_django == 2
    assert response.status.startswith("304")


def test_the_api_counts_every_request_and_answers_each_origin(site, coo, settings):
    settings.API_RATE_LIMIT = "2/m"
    first_visit(site, API_URL)

    from_a_site = site.request(API_URL, Origin="https://emplois.example")
    over_the_rate = site.request(API_URL)

    assert site.reached_django == 3
    assert from_a_site["Access-Control-Allow-Origin"] == "*"
    assert over_the_rate.status.startswith("429")


def test_answers_again_are_counted_in_the_metrics(site, coo, client):
    first_visit(site, COO_URL)
    before = read_metrics(client)

    site.request(COO_URL)
    after = read_metrics(client)

    labels = {"view": "jobprofiles:detail", "method": "GET"}
    responses = "django_http_responses_total_by_status_view_method_total"
    assert (
        value(after, responses, status="200", **labels)
        - value(before, responses, status="200", **labels)
        == 1
    )
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert value(after, latency, **labels) - value(before, latency, **labels) == 1
    hits = "careers_page_cache_lookups_total"
    assert value(after, hits, result="hit") - value(before, hits, result="hit") == 1


def test_a_response_setting_a_cookie_is_never_answered_again(coo, settings):
    settings.MIDDLEWARE = ["tests.core.cookie_middleware.CookieMiddleware", *settings.MIDDLEWARE]
    site = Site()
    with site.counting():
        first_visit(site, COO_URL)
        response = site.request(COO_URL)

    assert site.reached_django == 2
    assert any(name == "Set-Cookie" for name, _ in response.headers)


def test_the_served_application_is_django_behind_the_front(settings):
    settings.SITE_URL_GIVEN = True
    from careers.wsgi import application

    assert isinstance(application, PageCacheFront)
    assert isinstance(application.application, WSGIHandler)
