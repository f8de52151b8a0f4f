"""Browser tests: a live server, fresh browser profiles, the seed site, logged-in editors.

The Chromium itself is the `browser` fixture of tests/conftest.py. Mark each module with
`pytest.mark.browser`.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tests.helpers import free_port

LIVE_SERVER_PORTS = range(8300, 8500)
EDITOR_PASSWORD = "mot-de-passe-de-test"


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, below the ports handed to outgoing connections."""
    server = LiveServer(f"127.0.0.1:{free_port(LIVE_SERVER_PORTS)}")
    yield server
    server.stop()


@pytest.fixture
def browser_context(browser, live_server, django_db_serialized_rollback):
    """A fresh browser profile (no cookies) whose relative URLs go to the live server.

    The live server needs a transactional database, which is emptied after each test;
    the serialized rollback puts back what migrations created (the editors' group).
    """
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def phone_page(browser, live_server, django_db_serialized_rollback):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def site(live_server, settings, django_db_serialized_rollback):
    """The live site with the seed roles, serving uploads like `make run` does."""
    settings.SERVE_MEDIA = True
    call_command("loaddata", "seed_roles", verbosity=0)
    return live_server.url


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
