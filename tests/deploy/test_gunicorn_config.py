import re
import subprocess

import pytest

from .servers import BIN, PROJECT_ROOT, site_env

pytestmark = pytest.mark.deploy


def gunicorn_config(**env):
    """gunicorn's settings as it reads them from gunicorn.conf.py and these variables."""
    result = subprocess.run(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        env=site_env(**env),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))


def test_workers_timeouts_and_recycling_come_from_the_environment():
    config = gunicorn_config(
        WEB_CONCURRENCY="5", GUNICORN_TIMEOUT="20", GUNICORN_MAX_REQUESTS="500"
    )

    assert config["workers"] == "5"
    assert config["timeout"] == "20"
    assert (config["max_requests"], config["max_requests_jitter"]) == ("500", "50")


def test_defaults_suit_a_container_logging_to_stdout():
    config = gunicorn_config()

    assert config["bind"] == "['0.0.0.0:8000']"
    assert config["workers"] == "2"
    assert config["accesslog"] == "-"
    assert config["control_socket_disable"] == "True"


def test_a_worker_leaves_what_it_loaded_out_of_garbage_collections():
    """Full collections would otherwise go through all of Django at every one (bench: p95)."""
    worker_start = (
        "import gc, runpy; "
        "config = runpy.run_path('gunicorn.conf.py'); "
        "import careers.wsgi; "
        "config['post_worker_init'](None); "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    result = subprocess.run(
        [BIN / "python", "-c", worker_start],
        env=site_env(),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, still_collected = map(int, result.stdout.split())

    assert frozen > 50_000 and still_collected < 1_000
