"""Run the real servers (gunicorn, nginx, PostgreSQL) on loopback for deployment tests."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def site_env(**extra):
    """The environment of a production-like run: no debug, plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"):
        env.pop(name, None)
    return {
        **env,
        "DJANGO_SECRET_KEY": "deploy-test-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "https://fiches-metiers.example.fr",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        **extra,
    }


def manage(env, *args):
    """Run a management command as an operator would; return what it printed."""
    return subprocess.run(
        [BIN / "python", "manage.py", *args],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare_site(folder, **extra):
    """A seed site in a SQLite file, static files collected, as `docker compose up` does."""
    env = site_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        **extra,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_seed_roles")
    return env


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(url, headers=None, timeout=10):
    """GET a URL, not following redirects; return (status, headers, body) whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(condition, seconds=10):
    """Poll until condition() is true: for what another process writes when it gets to it."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def missing(reason):
    """Skip a test whose system program is missing; fail instead in CI, which installs them all."""
    if os.environ.get("REQUIRE_SYSTEM_TESTS"):
        pytest.fail(reason)
    pytest.skip(reason)


def require(program):
    """The path of a system program, or a skip saying how to install it."""
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if path is None:
        missing(f"{program} is not installed (apt-get install {program})")
    return path
