import socket

import pytest
import redis as client

from .servers import Gunicorn, get, manage, missing, prepare_site

pytestmark = pytest.mark.deploy

PROFILE = "/metiers/chief-operations-officer-coo/"
# A database number of our own on the machine's Redis, emptied by the test.
REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        missing("no Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    connection = client.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()


@pytest.fixture
def site_with_redis(redis, tmp_path):
    env = prepare_site(tmp_path, REDIS_URL=redis)
    server = Gunicorn(env, tmp_path, workers=2)
    yield env, server
    server.stop()


def test_an_edit_saved_by_another_process_shows_at_once_on_every_worker(site_with_redis):
    env, server = site_with_redis
    for _ in range(6):  # both workers serve the page from the shared cache
        assert "Directeur des Opérations" in get(server.url + PROFILE)[2].decode()

    manage(
        env,
        "shell",
        "-c",
        "from jobprofiles.models import Appellation;"
        "a = Appellation.objects.get(profile__slug='chief-operations-officer-coo', position=0);"
        "a.name = 'Directrice des opérations'; a.save()",
    )

    pages = [get(server.url + PROFILE)[2].decode() for _ in range(6)]
    assert all("Directrice des opérations" in page for page in pages)
