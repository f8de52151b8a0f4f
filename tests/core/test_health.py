import pytest

from careers.settings import redis_cache

from .conftest import COO_URL, save_alternative_title_in_admin


def test_healthz_answers_200_when_database_and_cache_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def cache_down(settings):
    """The production cache configuration, pointed at a port where no Redis answers."""
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}


def test_healthz_answers_503_naming_the_cache_when_it_is_down(client, db, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "down"}


@pytest.mark.parametrize("path", ["/healthz", "/livez"])
def test_probes_answer_plain_http_even_when_https_is_enforced(client, db, settings, path):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(path).status_code == 200
    assert client.get("/metiers/").status_code == 301


def test_livez_answers_without_touching_the_database(client):
    """No `db` fixture here: any query would raise."""
    response = client.get("/livez")

    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize("url", ["/", "/metiers/", "/metiers/?q=operations", COO_URL])
def test_public_pages_are_served_from_the_database_while_the_cache_is_down(
    client, coo, cache_down, settings, url
):
    settings.PAGE_CACHE_SECONDS = 600

    response = client.get(url)

    assert response.status_code == 200
    assert "Chief Operations Officer" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_an_editor_still_saves_while_the_cache_is_down(
    admin_client, coo, cache_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = save_alternative_title_in_admin(admin_client, coo, "Directrice des opérations")

    assert response.status_code == 302
    assert "Directrice des opérations" in admin_client.get(COO_URL).content.decode()
