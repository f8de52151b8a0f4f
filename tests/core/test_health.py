import pytest


def test_healthz_answers_200_when_database_and_cache_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_cache_when_it_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

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
