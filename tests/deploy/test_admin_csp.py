import os

import pytest
from playwright.sync_api import sync_playwright

from core.bench import Gunicorn

from .servers import manage, missing, prepare_site

CHROMIUM = "/usr/bin/chromium"
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


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        missing("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def gunicorn(tmp_path):
    """The production site on its own database, with an editor account."""
    env = prepare_site(
        tmp_path,
        DJANGO_SUPERUSER_USERNAME="editrice",
        DJANGO_SUPERUSER_EMAIL="editrice@example.fr",
        DJANGO_SUPERUSER_PASSWORD="un-mot-de-passe-solide",
    )
    manage(env, "createsuperuser", "--noinput")
    server = Gunicorn(env, tmp_path)
    yield server
    server.stop()


def test_the_admin_change_form_works_under_the_content_security_policy(browser, gunicorn):
    """Django's admin and django-admin-sortable2 run with no CSP violation, scripts working."""
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(gunicorn.url + "/admin/login/")
    page.fill("#id_username", "editrice")
    page.fill("#id_password", "un-mot-de-passe-solide")
    page.click("input[type=submit]")
    page.goto(gunicorn.url + "/admin/jobprofiles/jobprofile/")
    page.click("text=Chief Operations Officer (COO)")
    page.wait_for_load_state("networkidle")
    labels = page.locator("#missions-group .inline_label")
    first, second = labels.nth(0).inner_text(), labels.nth(1).inner_text()

    page.locator("#missions-0 .move-end").click()

    assert labels.nth(0).inner_text() == second
    assert labels.nth(4).inner_text() == first
    assert [line for line in console if "Content Security Policy" in line] == []
