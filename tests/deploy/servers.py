"""Start the real servers (gunicorn, nginx, PostgreSQL) on loopback for deployment tests."""

import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    """A free port in 8100–8299, the range these tests may use."""
    ports = list(range(8100, 8300))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8299")


def site_env(**extra):
    """The environment of a production-like run: no debug, plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"):
        env.pop(name, None)
    return {
        **env,
        "DJANGO_SECRET_KEY": "deploy-test-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        **extra,
    }


def manage(env, *args):
    subprocess.run(
        [BIN / "python", "manage.py", *args],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


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


def get(url, headers=None, timeout=10):
    """GET a URL, not following redirects; return (status, headers, body) whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_up(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            get(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def wait_for(condition, seconds=10):
    """Poll until condition() is true: for what another process writes when it gets to it."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, on a loopback port."""

    def __init__(self, env, log_dir, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stdout = log_dir / "gunicorn.out"
        self.stderr = log_dir / "gunicorn.err"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        with self.stdout.open("w") as out, self.stderr.open("w") as err:
            self.process = subprocess.Popen(
                [BIN / "gunicorn", "-c", "gunicorn.conf.py"],
                env=env,
                cwd=PROJECT_ROOT,
                stdout=out,
                stderr=err,
            )
        wait_until_up(self.url + "/livez", self.process)

    def stop(self):
        stop(self.process)


def require(program):
    """Skip when a system program is missing, saying how to install it."""
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if path is None:
        pytest.skip(f"{program} is not installed (apt-get install {program})")
    return path
