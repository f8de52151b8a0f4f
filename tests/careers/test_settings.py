import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_python(code, **env):
    """Run code in a fresh interpreter with only these Django variables set."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "careers.settings", **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def run_settings(**env):
    """Import the settings in a fresh interpreter with exactly these variables.

    Only the settings module: loading every app as well (django.setup()) would take ten
    times longer and check nothing more here.
    """
    code = (
        "import json; from django.conf import settings;"
        "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
        " 'ssl': settings.SECURE_SSL_REDIRECT, 'hsts': settings.SECURE_HSTS_SECONDS,"
        " 'media': settings.SERVE_MEDIA, 'engine': settings.DATABASES['default']['ENGINE'],"
        " 'name': str(settings.DATABASES['default']['NAME']),"
        " 'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE}))"
    )
    return run_python(code, **env)


@pytest.mark.parametrize("entry_point", ["careers.wsgi", "careers.asgi"])
def test_without_debug_a_missing_secret_key_refuses_to_serve(entry_point):
    refused = run_python(f"import {entry_point}", DJANGO_SITE_URL="https://metiers.example.fr")
    served = run_python(
        f"import {entry_point}",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SITE_URL="https://metiers.example.fr",
    )

    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in refused.stderr
    assert served.returncode == 0, served.stderr


@pytest.mark.parametrize("entry_point", ["careers.wsgi", "careers.asgi"])
def test_without_debug_a_server_refuses_to_start_without_the_site_url(entry_point):
    refused = run_python(
        f"import {entry_point}", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="metiers.fr"
    )
    served = run_python(
        f"import {entry_point}",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="metiers.fr",
        DJANGO_SITE_URL="https://metiers.fr",
    )

    assert refused.returncode != 0
    assert "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off" in refused.stderr
    assert served.returncode == 0, served.stderr


def test_without_debug_an_unset_site_url_names_the_first_configured_host():
    result = run_python(
        "from django.conf import settings; print(settings.SITE_URL)",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS=".example.fr,metiers.example.fr",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://metiers.example.fr"


def test_debug_defaults_the_site_url_to_the_local_address():
    result = run_python(
        "from django.conf import settings; print(settings.SITE_URL)",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "value", ["metiers.example.fr", "https://metiers.example.fr/fiches", "ftp://metiers.fr"]
)
def test_a_site_url_that_is_not_an_origin_is_refused_at_start(value):
    result = run_settings(DJANGO_DEBUG="1", DJANGO_SITE_URL=value)

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be an origin like https://metiers.example.fr" in result.stderr


def test_debug_serves_without_a_secret_key():
    assert run_python("import careers.wsgi", DJANGO_DEBUG="1").returncode == 0


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = run_python(
        "import django, sys; from django.core.management import call_command; django.setup();"
        "call_command('makemigrations', '--check', '--dry-run', verbosity=0)"
    )
    assert result.returncode == 0, result.stderr


def test_debug_defaults_to_off_with_https_and_hsts():
    result = run_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.fr, b.fr")
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["hosts"] == ["a.fr", "b.fr"]
    assert values["ssl"] is True and values["hsts"] > 0
    assert values["media"] is False
    assert (values["lang"], values["tz"]) == ("fr", "Europe/Paris")


def test_debug_mode_runs_on_sqlite_in_the_project_and_serves_media():
    values = json.loads(run_settings(DJANGO_DEBUG="1").stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(PROJECT_ROOT / "db.sqlite3")
    assert values["media"] is True


@pytest.mark.parametrize(
    ("env", "ssl", "media"),
    [
        ({"DJANGO_SECURE_SSL_REDIRECT": "0"}, False, False),
        ({"DJANGO_SERVE_MEDIA": "1"}, True, True),
    ],
)
def test_flags_switch_ssl_and_media_serving(env, ssl, media):
    values = json.loads(run_settings(DJANGO_SECRET_KEY="x" * 50, **env).stdout)
    assert (values["ssl"], values["media"]) == (ssl, media)


def test_a_contact_address_that_is_not_one_is_refused_at_start():
    result = run_settings(DJANGO_DEBUG="1", DJANGO_CONTACT_EMAIL="accessibilite at example")

    assert result.returncode != 0
    assert "DJANGO_CONTACT_EMAIL is not an e-mail address" in result.stderr


def test_an_openings_address_that_is_not_a_web_address_is_refused_at_start():
    result = run_settings(DJANGO_DEBUG="1", DJANGO_OPENINGS_URL="carrieres.example.fr")

    assert result.returncode != 0
    assert "DJANGO_OPENINGS_URL is not a web address" in result.stderr


def test_database_url_selects_postgresql():
    values = json.loads(
        run_settings(
            DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/careers"
        ).stdout
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "careers"


def test_createsuperuser_noinput_reads_the_standard_variables(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "rh")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "rh@example.fr")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "un-mot-de-passe-solide")

    call_command("createsuperuser", "--noinput", verbosity=0)

    user = get_user_model().objects.get(username="rh")
    assert user.is_superuser and user.check_password("un-mot-de-passe-solide")


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
