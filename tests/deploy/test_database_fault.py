import glob
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .servers import Gunicorn, get, manage, missing, on_a_free_port, wait_for

pytestmark = pytest.mark.deploy

PROFILE = "/metiers/chief-operations-officer-coo/"
# A page of its own to the page cache, never asked before: rendered from the database.
UNCACHED_PROFILE = PROFILE + "?utm_source=lettre"


def postgres_program(name):
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    if found is None:
        missing(f"{name} is not installed (apt-get install postgresql): no throwaway database")
    return found


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own on a loopback port, to stop and start at will."""

    def __init__(self):
        self.pg_ctl = postgres_program("pg_ctl")
        initdb = postgres_program("initdb")
        self.folder = Path(tempfile.mkdtemp(prefix="careers-pg-"))
        # initdb refuses to run as root: run the server as the postgres user then.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.run(initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8")
        on_a_free_port(self.start_on)

    def run(self, *args):
        subprocess.run([*self.as_owner, *map(str, args)], check=True, capture_output=True)

    def start_on(self, port):
        self.port = port
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = self.folder / "log"
        try:
            self.run(self.pg_ctl, "-D", self.data, "-l", log, "-o", options, "-w", "start")
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"PostgreSQL did not start: {log.read_text()}") from error

    def stop(self):
        self.run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        subprocess.run(
            [*self.as_owner, self.pg_ctl, "-D", self.data, "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def postgres():
    server = ThrowawayPostgres()
    yield server
    server.remove()


@pytest.fixture
def site_on_postgres(postgres, site, tmp_path):
    env = {**site["env"], "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/postgres"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_roles")
    # One worker: its memory cache is the one the first request fills.
    server = Gunicorn(env, tmp_path, workers=1)
    yield server
    server.stop()


def test_with_the_database_down_pages_answer_a_french_503_then_recover_by_themselves(
    postgres, site_on_postgres
):
    url = site_on_postgres.url
    assert get(url + PROFILE)[0] == 200

    postgres.stop()
    status, headers, body = get(url + UNCACHED_PROFILE)
    health_status, _, health = get(url + "/healthz")
    cached_status = get(url + PROFILE)[0]

    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Service momentanément indisponible" in body.decode()
    assert '<html lang="fr">' in body.decode()
    assert (health_status, json.loads(health)) == (503, {"database": "down", "cache": "ok"})
    assert cached_status == 200, "anonymous visitors still get cached pages"

    def logged():
        lines = site_on_postgres.stdout.read_text().splitlines()
        return [json.loads(line) for line in lines if "Database unavailable" in line]

    assert wait_for(logged)
    assert logged()[0]["request_id"] == headers["X-Request-ID"]

    postgres.start()
    status, _, body = get(url + UNCACHED_PROFILE)

    assert status == 200
    assert "Chief Operations Officer" in body.decode()
    assert get(url + "/healthz")[0] == 200
