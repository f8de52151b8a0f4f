import subprocess

import pytest

from .servers import BIN, PROJECT_ROOT, site_env

pytestmark = pytest.mark.deploy


def check_deploy(**env):
    env = site_env(DJANGO_ALLOWED_HOSTS="fiches-metiers.example.fr", **env)
    del env["DJANGO_SECURE_SSL_REDIRECT"]
    return subprocess.run(
        [BIN / "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_checks_pass_with_debug_off_a_secret_key_hosts_and_redis():
    result = check_deploy(REDIS_URL="redis://cache:6379/0")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("site_url", ["", "http://fiches-metiers.example.fr"])
def test_the_deployment_checks_ask_for_a_public_https_address(site_url):
    result = check_deploy(REDIS_URL="redis://cache:6379/0", DJANGO_SITE_URL=site_url)

    assert result.returncode != 0
    assert "core.W002" in result.stderr


def test_the_deployment_checks_ask_for_a_cache_shared_by_the_web_processes():
    result = check_deploy()

    assert result.returncode != 0
    assert "core.W001" in result.stderr
