import subprocess

from .servers import BIN, PROJECT_ROOT, site_env


def test_the_deployment_checks_pass_with_debug_off_a_secret_key_and_hosts():
    env = site_env(DJANGO_ALLOWED_HOSTS="fiches-metiers.example.fr")
    del env["DJANGO_SECURE_SSL_REDIRECT"]

    result = subprocess.run(
        [BIN / "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
