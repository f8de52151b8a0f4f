"""The change form, the import page and the preview in Chromium: usable and accessible."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.jobprofiles.seed_document import SEED_DOCUMENT

from .test_admin_editorial import coo, open_change_form  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}


def assert_accessible(page):
    results = Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()


def test_the_change_form_has_no_accessibility_violation(editor_page, coo):  # noqa: F811
    page = open_change_form(editor_page, coo)
    page.locator("#missions-0 .section-item__toggle").click()
    expect(page.get_by_role("textbox", name="Texte")).to_have_count(1)

    assert_accessible(page)


def test_each_rich_text_area_is_named_after_its_field(editor_page, coo):  # noqa: F811
    page = open_change_form(editor_page, coo)

    expect(page.get_by_role("textbox", name="Introduction")).to_contain_text(coo.introduction[3:40])


def test_the_actions_stay_in_sight_while_the_form_scrolls(editor_page, coo):  # noqa: F811
    page = open_change_form(editor_page, coo)
    page.mouse.wheel(0, 1500)

    bar = page.locator(".editor-actions").bounding_box()

    assert bar["y"] + bar["height"] <= page.viewport_size["height"] + 1
    expect(page.get_by_role("button", name="Aperçu")).to_be_in_viewport()


def test_on_a_phone_the_actions_keep_to_one_row_saving_first(editor_page, coo):  # noqa: F811
    editor_page.set_viewport_size({"width": 375, "height": 800})
    page = open_change_form(editor_page, coo)

    bar = page.locator(".editor-actions").bounding_box()

    assert bar["height"] < 60  # one row of buttons, not four
    expect(page.get_by_role("button", name="Enregistrer", exact=True)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Enregistrer et continuer")).to_be_in_viewport()
    assert_accessible(page)


def test_the_preview_opens_the_unsaved_form_as_the_public_page(editor_page, coo):  # noqa: F811
    page = open_change_form(editor_page, coo)
    page.locator("#missions-0 .section-item__toggle").click()
    page.locator("#id_missions-0-title").fill("Mission encore en brouillon")

    with page.expect_popup() as popup:
        page.get_by_role("button", name="Aperçu").click()
    preview = popup.value
    preview.wait_for_load_state()

    expect(preview.locator(".preview-banner")).to_contain_text("Aperçu — non publié.")
    expect(preview.get_by_text("Mission encore en brouillon")).to_be_visible()
    assert_accessible(preview)
    preview.get_by_role("link", name="Revenir au formulaire").click()
    expect(preview).to_have_url(page.url)


def test_the_import_page_and_its_report_have_no_accessibility_violation(
    editor_page,
    coo,  # noqa: F811
):
    editor_page.goto("/admin/jobprofiles/jobprofile/import/")
    assert_accessible(editor_page)
    editor_page.get_by_label("Document").set_input_files(str(SEED_DOCUMENT))
    editor_page.get_by_label("Famille de métiers").select_option(label="Opérations")
    editor_page.get_by_role("button", name="Importer en brouillon").click()

    report = editor_page.get_by_role("heading", name=re.compile("Brouillon .* créé"))
    expect(report).to_be_visible()
    assert_accessible(editor_page)
