"""Settings and fixtures shared by every test.

Browser tests drive Debian's Chromium with Playwright. Where no Chromium is installed they
skip with a message, unless REQUIRE_BROWSER_TESTS=1 (CI sets it) turns that into a failure:
CI must never pass with them skipped.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections
from django.db.models.fields.files import FieldFile
from django.test import override_settings
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import sync_playwright

from core.cache_backend import cache_breaker
from jobprofiles.models import JobProfile
from jobprofiles.renditions import make_renditions

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Property-based tests try 150 examples each; `make test-fast` (HYPOTHESIS_PROFILE=fast)
# tries 30, the same properties on fewer inputs.
hypothesis_settings.register_profile("full", max_examples=150)
hypothesis_settings.register_profile("fast", max_examples=30)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

# The public origin the tests' site is configured with (DJANGO_SITE_URL).
SITE_URL = "https://fiches-metiers.example.fr"

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
# still made synchronously, which is what this setting allows.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Run the tests that turn error reporting on (the `sentry` fixture) after all others.

    Once initialised, sentry-sdk's Django integration wraps every signal receiver, template
    and query for the rest of the process, even after reporting is turned off again: every
    later test would pay for it (about a tenth of the run).
    """
    items.sort(key=lambda item: "sentry" in item.fixturenames)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium introuvable ({CHROMIUM}) : installez le paquet Debian « chromium »."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # With Playwright's event loop running, Django hands the main thread other database
        # connection objects; give them the database state serialized at setup, which the
        # serialized rollback of browser tests restores.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, a test database in a file, as in production, not in memory.

    Only a file shows how two connections writing at once lock each other; an in-memory
    database shared between threads fails on any overlap, whatever the settings.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session")
def seed_media(tmp_path_factory, django_db_setup, django_db_blocker):
    """The seed illustrations and their renditions, made once for the whole run.

    Loading the seed makes the renditions of its images; sorl-thumbnail skips those it
    finds (and remembers them in the test database), so tests starting with these files
    load the seed without re-encoding it.
    """
    folder = tmp_path_factory.mktemp("seed-media")
    shutil.copytree(django_settings.SEED_MEDIA_DIR, folder, dirs_exist_ok=True)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder):
        for image in sorted(folder.glob("jobprofiles/seed/*")):
            name = str(image.relative_to(folder))
            make_renditions(FieldFile(None, JobProfile._meta.get_field("image"), name))
    cache.clear()
    return folder


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path, seed_media):
    """Fast, isolated settings: temporary uploads, plain static, cheap hashing, empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hard links: the files are never written in place, only added or deleted.
    shutil.copytree(seed_media, settings.MEDIA_ROOT, copy_function=os.link)
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Pages are cached only where a test asks for it (tests/core); renditions are
    # remembered in the cache too: each test starts with an empty one.
    settings.PAGE_CACHE_SECONDS = 0
    settings.SITE_URL = SITE_URL
    cache.clear()
    # A test pointing the cache at a broken Redis must not leave the next one without a cache.
    cache_breaker.reset()
    return settings
