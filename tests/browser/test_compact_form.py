"""The compact change form in Chromium: folded section items, the counter, a layout that fits."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import log_in
from .test_admin_editorial import coo, draft, make_draft, open_change_form  # noqa: F401

pytestmark = pytest.mark.browser

# The COO form, every section item folded, at 1280 px wide (about 8,200 px with all open).
COO_FOLDED_HEIGHT = 2500
WIDTHS = [1280, 1024]


@pytest.fixture
def editor_tab(browser, live_server, editor, django_db_serialized_rollback):
    """The editor's tab on a computer set to French time, and what the CSP blocked in it."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.blocked = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.blocked.append(message.text)
        ),
    )
    yield log_in(page, editor)
    context.close()


def boxes_overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def label_text_box(row):
    """The box of the row label's own text, without the buttons beside it."""
    return row.locator("td.original p").evaluate(
        """label => {
            const range = document.createRange();
            const text = Array.from(label.childNodes).find(
                node => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
            range.selectNodeContents(text);
            const box = range.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
        }"""
    )


def test_section_items_open_on_click_and_with_the_keyboard(editor_tab, coo):  # noqa: F811
    page = open_change_form(editor_tab, coo)
    first = page.locator("#missions-0")
    toggle = first.locator(".section-item__toggle")

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_name(re.compile("^Optimisation des processus opérationnels"))
    expect(first.locator(".section-item__excerpt")).to_contain_text("Le COO est responsable de l")
    expect(first.locator("fieldset")).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(first.locator("fieldset")).to_be_visible()

    second = page.locator("#missions-1 .section-item__toggle")
    second.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_missions-1-title")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.locator("#id_missions-1-title")).to_be_hidden()
    assert page.blocked == []


def test_an_item_with_an_error_and_a_new_item_are_open(editor_tab, coo):  # noqa: F811
    page = open_change_form(editor_tab, coo)
    page.locator("#missions-2 .section-item__toggle").click()
    page.locator("#missions-2 .ProseMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#missions-2 fieldset")).to_be_visible()
    expect(page.locator("#id_missions-0-title")).to_be_hidden()

    page.get_by_role("button", name="Ajouter une mission").click()
    expect(page.locator("#id_missions-5-title")).to_be_visible()


def test_without_javascript_every_item_is_open(
    browser,
    live_server,
    editor,
    coo,  # noqa: F811
    django_db_serialized_rollback,
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = open_change_form(log_in(context.new_page(), editor), coo)

    for index in range(5):
        expect(page.locator(f"#id_missions-{index}-body")).to_be_visible()
    context.close()


def test_the_summary_counter_says_the_length_and_the_target(editor_tab, draft):  # noqa: F811
    page = open_change_form(editor_tab, draft)
    counter = page.locator(".summary-counter")

    expect(counter).to_have_attribute("aria-live", "polite")
    expect(counter).to_have_text("37 caractères — visez 120 à 160")
    page.get_by_label("Résumé").fill("é" * 142)
    expect(counter).to_have_text("142 caractères — visez 120 à 160")


def test_the_folded_coo_form_fits_in_a_few_screens(editor_tab, coo):  # noqa: F811
    page = open_change_form(editor_tab, coo)

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= COO_FOLDED_HEIGHT
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize(("width", "beside"), [(1280, True), (1024, False)])
def test_publication_sits_beside_the_text_on_a_wide_screen(editor_tab, coo, width, beside):  # noqa: F811
    editor_tab.set_viewport_size({"width": width, "height": 900})
    page = open_change_form(editor_tab, coo)

    text = page.locator(".editor-columns__main").bounding_box()
    side = page.locator(".editor-columns__side").bounding_box()
    first_section = page.locator("#appellations-group").bounding_box()
    assert not boxes_overlap(text, side)
    assert (side["x"] >= text["x"] + text["width"]) is beside
    assert first_section["y"] >= max(text["y"] + text["height"], side["y"] + side["height"])
    for row in page.locator(".editor-columns__side .form-row:visible").all():
        assert inside(row.bounding_box(), side), row.inner_text()
        fields = [box.bounding_box() for box in row.locator("input:visible, select").all()]
        assert all(inside(field, side) for field in fields), row.inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_title_is_not_written_under_the_links_beside_it(editor_tab, coo, width):  # noqa: F811
    editor_tab.set_viewport_size({"width": width, "height": 900})
    page = open_change_form(editor_tab, coo)

    title_lines = page.locator("#content h1").evaluate(
        """title => {
            const range = document.createRange();
            range.selectNodeContents(title);
            return Array.from(range.getClientRects(), box =>
                ({x: box.x, y: box.y, width: box.width, height: box.height}));
        }"""
    )
    links = [link.bounding_box() for link in page.locator(".object-tools a").all()]
    assert len(links) == 3
    assert not any(boxes_overlap(line, link) for line in title_lines for link in links)


@pytest.mark.parametrize("width", WIDTHS)
def test_section_headers_hold_their_parts_without_overlap(editor_tab, coo, width):  # noqa: F811
    editor_tab.set_viewport_size({"width": width, "height": 900})
    page = open_change_form(editor_tab, coo)

    headers = page.locator(".inline-group[data-inline-type=stacked] .has_original h3")
    assert headers.count() == 14
    for header in headers.all():
        outer = header.bounding_box()
        parts = [
            header.locator(selector).bounding_box()
            for selector in (".section-item__toggle", ".section-order", ".sort", ".delete")
        ]
        assert all(inside(part, outer) for part in parts), header.inner_text()
        for index, part in enumerate(parts):
            assert not any(boxes_overlap(part, other) for other in parts[index + 1 :])
    environment = page.locator("#environment_items-0 h3")
    assert environment.evaluate("h => h.scrollWidth <= h.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_move_buttons_sit_beside_the_row_label_not_on_it(editor_tab, coo, width):  # noqa: F811
    editor_tab.set_viewport_size({"width": width, "height": 900})
    page = open_change_form(editor_tab, coo)

    rows = page.locator("#related_links-group tr.has_original")
    assert rows.count() == coo.related_links.count()
    for row in [*rows.all(), *page.locator("#appellations-group tr.has_original").all()]:
        label = label_text_box(row)
        buttons = row.locator(".section-order").bounding_box()
        inputs = [cell.bounding_box() for cell in row.locator("input:visible, select").all()]
        assert not boxes_overlap(label, buttons)
        assert not any(boxes_overlap(buttons, box) for box in inputs)
        assert not any(boxes_overlap(label, box) for box in inputs)
    table = page.locator("#related_links-group table").bounding_box()
    group = page.locator("#related_links-group").bounding_box()
    assert table["x"] + table["width"] <= group["x"] + group["width"] + 0.5
    headers = page.locator("#related_links-group thead th:visible")
    assert headers.evaluate_all("cells => cells.every(c => c.scrollWidth <= c.clientWidth)")
    reason = page.locator("#related_links-group tr.has_original input[name$='-reason']").first
    assert reason.bounding_box()["width"] >= 140  # room for a few words of « Pourquoi »


@pytest.mark.parametrize("width", WIDTHS)
def test_every_action_is_in_sight_on_one_line(editor_tab, draft, width):  # noqa: F811
    editor_tab.set_viewport_size({"width": width, "height": 900})
    page = open_change_form(editor_tab, draft)
    page.mouse.wheel(0, 600)

    save = page.get_by_role("button", name="Enregistrer", exact=True)
    for name in ("Enregistrer", "Enregistrer et continuer", "Aperçu", "Publier"):
        button = page.get_by_role("button", name=name, exact=True)
        expect(button).to_be_in_viewport()
        assert button.bounding_box()["height"] == pytest.approx(save.bounding_box()["height"])
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth")
