"""As-you-type suggestions on the search box, in Chromium, with the keyboard and axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]}


def test_typing_suggests_roles_chosen_with_the_keyboard(page, site):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto("/")
    box = page.get_by_role("combobox", name="Rechercher un métier")

    box.press_sequentially("sal", delay=50)
    option = page.get_by_role("option", name="Inside Sales")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "métier" in page.get_by_role("status").last.inner_text()

    results = Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/metiers/inside-sales/")
    assert violations == []


def test_escape_closes_and_enter_without_a_choice_still_searches(page, site):
    page.goto("/")
    box = page.get_by_role("combobox", name="Rechercher un métier")
    box.press_sequentially("sales", delay=50)
    page.get_by_role("listbox").wait_for()

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox").is_hidden()
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/metiers/\?q=sales$"))


def test_without_javascript_the_box_is_a_plain_search_form(browser, site, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    box = page.get_by_role("searchbox", name="Rechercher un métier")
    box.fill("commercial")
    box.press("Enter")
    page.wait_for_url("**/metiers/?q=commercial")
    assert page.get_by_text("2 fiches métiers trouvées").is_visible()
    context.close()
