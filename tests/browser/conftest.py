"""Real-browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

Where no Chromium is installed they skip with a message, unless REQUIRE_BROWSER_TESTS=1
(CI sets it) turns that into a failure: CI must never pass with them skipped.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

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

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
# still made synchronously, which is what this setting allows.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium introuvable ({CHROMIUM}) : installez le paquet Debian « chromium »."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, settings):
    """The live site with the seed roles, serving uploads like `make run` does."""
    settings.SERVE_MEDIA = True
    call_command("loaddata", "seed_roles", verbosity=0)
    return live_server.url
