import pytest

from tests.helpers import WATCH_CSP

from .servers import Gunicorn, manage, prepare_site

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

# The editor reads the browser's selection in a task of its own, which a loaded machine can
# run after the next key press: wait until the editor itself holds the selected words.
SELECTED_IN_EDITOR = """([selector, words]) => {
    const { state } = document.querySelector(selector).editor;
    return state.doc.textBetween(state.selection.from, state.selection.to) === words;
}"""


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
    """The admin, django-admin-sortable2 and the rich text editor (its import map and modules
    from the collected, hashed static files) run with no CSP violation, scripts working."""
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_CSP)
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
    page.locator("#missions-0 .section-item__toggle").click()
    page.locator("#missions-0 .ProseMirror").click()
    page.keyboard.type("En gras")
    for _ in "En gras":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(SELECTED_IN_EDITOR, arg=["#missions-0 .ProseMirror", "En gras"])
    page.keyboard.press("Control+B")
    assert page.locator("#missions-0 .ProseMirror strong").inner_text() == "En gras"
    assert "<strong>En gras</strong>" in page.locator("#id_missions-0-body").input_value()
    assert page.evaluate("window.cspViolations") == []
    assert [line for line in console if "Content Security Policy" in line] == []
