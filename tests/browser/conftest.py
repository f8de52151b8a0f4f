"""Shared fixtures for browser tests: Debian's Chromium, a live server, logged-in pages.

Browser tests skip only where /usr/bin/chromium is missing, and fail instead when
REQUIRE_BROWSER_TESTS=1 (CI sets it). Mark each module with `pytest.mark.browser`.
"""

import os
import socket
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
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
LIVE_SERVER_PORTS = range(8300, 8500)
EDITOR_PASSWORD = "mot-de-passe-de-test"


def _free_port():
    for port in LIVE_SERVER_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port between 8300 and 8499 for the live server.")


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the main thread, where tests use the ORM."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, on a port of the range kept for these tests."""
    server = LiveServer(f"127.0.0.1:{_free_port()}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {message}")
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


@pytest.fixture
def browser_context(chromium, live_server, django_db_serialized_rollback):
    """A fresh browser profile (no cookies) whose relative URLs go to the live server.

    The live server needs a transactional database, which is emptied after each test;
    the serialized rollback puts back what migrations created (the editors' group).
    """
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def editor(django_user_model):
    """An HR editor with nothing but the "Éditeurs RH" group."""
    user = django_user_model.objects.create_user(
        "claire", password=EDITOR_PASSWORD, is_staff=True, first_name="Claire"
    )
    user.groups.add(Group.objects.get(name="Éditeurs RH"))
    return user


def log_in(page, user, password=EDITOR_PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(user.get_username())
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def editor_page(page, editor):
    """A tab of the browser, logged into the admin as the editor."""
    return log_in(page, editor)
