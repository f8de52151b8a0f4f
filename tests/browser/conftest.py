"""Real-browser tests of the public site, against pytest-django's live server."""

import pytest
from django.core.management import call_command


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
