"""The rich text editor in Chromium: formatting typed or pasted, under the admin's CSP."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jobprofiles.models import JobProfile
from tests.helpers import WATCH_CSP

pytestmark = pytest.mark.browser

COO_SLUG = "chief-operations-officer-coo"
# Copied from Google Docs: a bold line, a real list, then what the page cannot show.
PASTED_HTML = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;'
    'font-family:Arial;color:#ff0000;font-weight:700">Collé en gras</span></p>'
    '<ul style="margin-top:0;margin-bottom:0"><li dir="ltr" style="list-style-type:disc" '
    'aria-level="1"><p dir="ltr" role="presentation"><span style="font-size:11pt">Point un'
    '</span></p></li><li dir="ltr" aria-level="1"><p dir="ltr" role="presentation"><span>'
    "Point deux</span></p></li></ul>"
    '<h1 class="Titre1">Un grand titre</h1><table><tr><td>Une cellule</td></tr></table>'
    '<img src="https://example.org/x.png"><p class="MsoNormal"><u>Fin</u> '
    '<a href="javascript:alert(1)">lien piégé</a></p></b>'
)


@pytest.fixture
def coo(django_db_serialized_rollback, transactional_db):
    call_command("load_seed_roles", verbosity=0)
    return JobProfile.objects.get(slug=COO_SLUG)


def open_change_form(page, profile):
    """The change form, watched for CSP violations from its first script on."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_CSP)
    page.goto(f"/admin/jobprofiles/jobprofile/{profile.pk}/change/")
    return console


def csp_violations(page, console):
    return [
        *page.evaluate("window.cspViolations"),
        *[line for line in console if "Content Security Policy" in line],
    ]


def save(page):
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("a été enregistrée.")


def test_bold_and_a_list_typed_in_a_section_reach_the_public_page(editor_page, coo):
    console = open_change_form(editor_page, coo)
    editor_page.locator("#missions-0 .section-item__toggle").click()
    body = editor_page.locator("#missions-0 .ProseMirror")
    body.click()
    editor_page.keyboard.press("Control+A")
    editor_page.keyboard.press("Backspace")
    editor_page.keyboard.press("Control+B")
    editor_page.keyboard.type("Piloter")
    editor_page.keyboard.press("Control+B")
    editor_page.keyboard.type(" les opérations.")
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.type("- les achats")
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.type("la logistique")

    save(editor_page)

    stored = coo.missions.get(position=1).body
    assert stored.startswith("<p><strong>Piloter</strong>")
    assert stored.endswith("<ul><li><p>les achats</p></li><li><p>la logistique</p></li></ul>")
    assert csp_violations(editor_page, console) == []
    editor_page.goto(coo.get_absolute_url())
    item = editor_page.locator("#missions .profile__item").first
    expect(item.locator("strong")).to_have_text("Piloter")
    expect(item.locator("ul > li")).to_have_text(["les achats", "la logistique"])


def test_text_pasted_from_a_document_keeps_its_paragraphs_and_lists_only(editor_page, coo):
    console = open_change_form(editor_page, coo)
    editor_page.locator("#missions-1 .section-item__toggle").click()
    body = editor_page.locator("#missions-1 .ProseMirror")
    body.click()
    editor_page.keyboard.press("Control+A")
    body.evaluate(
        """(element, html) => {
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", "texte");
          element.dispatchEvent(new ClipboardEvent("paste", {
            clipboardData: data, bubbles: true, cancelable: true,
          }));
        }""",
        PASTED_HTML,
    )

    save(editor_page)

    stored = coo.missions.get(position=2).body
    assert "<p><strong>Collé en gras</strong></p>" in stored
    assert "<ul><li><p>Point un</p></li><li><p>Point deux</p></li></ul>" in stored
    for text in ("Un grand titre", "Une cellule", "Fin", "lien piégé"):
        assert text in stored
    for dropped in ("<h1", "<table", "<td", "<img", "<u>", "style=", "class=", "javascript:"):
        assert dropped not in stored
    assert csp_violations(editor_page, console) == []
