"""Run the real servers (gunicorn, nginx, PostgreSQL) on loopback for deployment tests.

`make bench` starts its servers with the same helpers.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import SERVER_PORTS, free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WRK_REPORT = Path(__file__).with_name("wrk_report.lua")


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


def generate_catalogue(env, count):
    """Replace the site's profiles with a synthetic catalogue, as `make bench` makes it."""
    subprocess.run(
        [BIN / "python", "-m", "bench", "catalogue", "--count", str(count), "--replace"],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )


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


def wait_until_up(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def launch(command, url, stdout, stderr, **options):
    """Start a server and wait until url answers; stop it and raise if it never does."""
    with open(stdout, "w") as out, open(stderr, "w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, **options)
    try:
        wait_until_up(url, process)
    except RuntimeError:
        stop(process)
        raise
    return process


def on_a_free_port(start, attempts=3, ports=SERVER_PORTS):
    """Call start(port) until it works: other programs pick ports in the same range."""
    for attempt in range(1, attempts + 1):
        try:
            return start(free_port(ports))
        except RuntimeError:
            if attempt == attempts:
                raise


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py on a loopback port, logs in log_dir.

    app, a WSGI application path, replaces the site's (careers.wsgi:application).
    """

    def __init__(self, env, log_dir, workers=2, app=None, name="gunicorn"):
        self.env = {**env, "WEB_CONCURRENCY": str(workers)}
        self.workers = workers
        self.app = [app] if app else []
        self.stdout = Path(log_dir) / f"{name}.out"
        self.stderr = Path(log_dir) / f"{name}.err"
        on_a_free_port(self.start)

    def start(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = launch(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket", *self.app],
            self.url + "/livez",
            self.stdout,
            self.stderr,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            cwd=PROJECT_ROOT,
        )

    def worker_boots(self):
        """How many workers were started: more than `workers` means some were replaced."""
        return self.stderr.read_text().count("Booting worker")

    def worker_pids(self):
        """The pids of the master's children, its workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        stop(self.process)


def render_nginx_config(folder, upstream, port, status_port=None):
    """The compose nginx.conf, pointed at loopback: upstream, ports, volumes, pid file."""
    config = (PROJECT_ROOT / "nginx" / "nginx.conf").read_text()
    for old, new in [
        ("server web:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("listen 8081;", f"listen 127.0.0.1:{status_port or free_port()};"),
        ("root /srv;", f"root {folder};"),
        ("pid /run/nginx.pid;", f"pid {folder / 'nginx.pid'};"),
        ("/var/cache/nginx/pages", str(folder / "pages")),
    ]:
        assert old in config
        config = config.replace(old, new)
    if os.geteuid() == 0:
        config = "user root;\n" + config  # workers must read the test's private folders
    path = folder / "nginx.conf"
    path.write_text(config)
    return path


def start_nginx(folder, upstream, status_port=None):
    """nginx with the compose config in front of upstream, serving folder's static and media.

    Returns the process and its URL.
    """

    def start(port):
        config = render_nginx_config(folder, upstream, port, status_port and status_port())
        url = f"http://127.0.0.1:{port}"
        command = [require("nginx"), "-e", "stderr", "-c", config, "-g", "daemon off;"]
        logs = folder / "nginx.out", folder / "nginx.err"
        return launch(command, url + "/livez", *logs), url

    return on_a_free_port(start)


def wrk(url, seconds, connections, headers=(), paths=(), timeout=2):
    """Run wrk against url; return its report (requests, latency percentiles, errors).

    A request unanswered after timeout seconds counts as an error.
    """
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s"]
    command += ["--latency", "-s", WRK_REPORT, url]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(
        command,
        env={**os.environ, "WRK_PATHS": " ".join(paths)},
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1_000_000)
    return report
