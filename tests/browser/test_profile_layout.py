"""The profile page's layout and the list's order, measured by element boxes in Chromium.

Phones (320 and 375 px) get one column: key facts and a folded contents list before the
sections, a way back to the top after each. From 1024 px, the sections on the left and a
sticky column with the key facts and the contents list on the right.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from jobprofiles.models import JobProfile, RelatedProfile

from .conftest import log_in

pytestmark = pytest.mark.browser

COO_PATH = "/metiers/chief-operations-officer-coo/"
AE_PATH = "/metiers/account-executive/"
# Every public page type, the profiles with all their parts.
PAGE_TYPES = [
    "/",
    "/metiers/",
    "/metiers/?q=fidelisation",
    "/metiers/?q=astronaute",
    "/metiers/?famille=ventes",
    "/metiers/?tag=negociation",
    COO_PATH,
    AE_PATH,
    "/metiers/inside-sales/",
    "/metiers/fpa-analyst/",
    "/accessibilite/",
    "/metiers/introuvable/",
    "/nulle-part/",
]
AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]}


@pytest.fixture
def rich_site(site, settings):
    """The seed site with key facts, typed career paths, a tag and a site openings page."""
    settings.OPENINGS_URL = "https://carrieres.example.fr/offres"
    rich = ["chief-operations-officer-coo", "account-executive"]
    JobProfile.objects.filter(slug__in=rich).update(
        experience="5-10",
        education_level="bac+5",
        contract_type="cdi",
        work_mode="hybride",
        salary_min=45000,
        salary_max=60000,
        salary_source="Apec, offres publiées",
        salary_source_date=datetime.date(2026, 3, 1),
        rome_code="D1402",
    )
    profiles = {profile.slug: profile for profile in JobProfile.objects.all()}
    ae = profiles["account-executive"]
    ae.tags.add("Négociation")
    for position, (slug, kind) in enumerate(
        [("chief-operations-officer-coo", "evolution"), ("inside-sales", "amont")]
    ):
        RelatedProfile.objects.create(
            from_profile=ae,
            to_profile=profiles[slug],
            kind=kind,
            reason="Les mêmes compétences de négociation.",
            position=position,
        )
    return site


def open_at(browser, site, path, width, height=800):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_load_state("load")
    return context, page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violation_on_any_page_type(browser, rich_site, path, width):
    context, page = open_at(browser, rich_site, path, width)

    results = Axe().run(page, options=AXE_RULES)

    context.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violation_on_a_preview(browser, rich_site, editor, width):
    draft = JobProfile.objects.get(slug="account-executive")
    JobProfile.objects.filter(pk=draft.pk).update(status=JobProfile.Status.DRAFT)
    context = browser.new_context(base_url=rich_site, viewport={"width": width, "height": 800})
    page = log_in(context.new_page(), editor)
    page.goto(f"/metiers/apercu/{draft.pk}/")

    results = Axe().run(page, options=AXE_RULES)

    context.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", [COO_PATH, AE_PATH, "/metiers/", "/metiers/?q=vente"])
@pytest.mark.parametrize("width", [320, 375])
def test_phones_never_scroll_sideways(browser, rich_site, path, width):
    context, page = open_at(browser, rich_site, path, width)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(el => el.getBoundingClientRect().right))"
    )

    context.close()
    assert overflow <= 0
    assert widest <= width


def test_at_1280_the_key_facts_and_contents_stay_in_a_right_column(browser, rich_site):
    context, page = open_at(browser, rich_site, COO_PATH, 1280, height=900)
    header, lead, aside = (
        box(page, ".profile__header"),
        box(page, ".profile__lead"),
        box(page, ".profile__aside"),
    )
    section = box(page, "#missions")

    assert page.locator(".toc").evaluate("details => details.open")
    assert aside["x"] >= max(section["x"] + section["width"], lead["x"] + lead["width"])
    assert aside["y"] <= header["y"] + 40, "the column starts beside the title"
    assert page.locator(".facts").is_visible()

    page.locator("#equipe-environnement").scroll_into_view_if_needed()
    scrolled = box(page, ".profile__aside")
    visible = page.locator(".back-to-top").first.is_visible()
    context.close()

    assert 0 <= scrolled["y"] <= 40, "the column sticks to the top while the page scrolls"
    assert not visible, "no 'Haut de page' links beside a sticky contents list"


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_contents_list_is_folded_and_each_section_leads_back_up(
    browser, rich_site, width
):
    context, page = open_at(browser, rich_site, COO_PATH, width)
    lead, facts, toc = box(page, ".profile__lead"), box(page, ".facts"), box(page, ".toc")
    first_section = box(page, "#missions")
    folded = not page.locator(".toc").evaluate("details => details.open")
    links_hidden = not page.get_by_role("link", name="Les missions").is_visible()

    page.locator(".toc summary").click()
    links_shown = page.get_by_role("link", name="Les missions").is_visible()
    back_links = page.get_by_role("link", name="Haut de page")
    visible_back_links = [back_links.nth(i).is_visible() for i in range(back_links.count())]
    back_links.last.click()
    page.wait_for_url("**#contenu")
    main_top = box(page, "#contenu")["y"]
    context.close()

    assert lead["y"] + lead["height"] <= facts["y"] < toc["y"] < first_section["y"]
    assert folded and links_hidden and links_shown
    assert visible_back_links == [True] * 4
    assert abs(main_top) <= 1, "'Haut de page' brings the top of the content back into view"


def test_on_a_phone_results_come_before_the_family_filter(browser, rich_site):
    context, page = open_at(browser, rich_site, "/metiers/?q=vente", 375)
    search, results, facets = (
        box(page, ".listing__search"),
        box(page, ".listing__results"),
        box(page, ".listing__facets"),
    )
    context.close()

    assert search["y"] < results["y"] < facets["y"]


def test_at_1280_the_family_filter_sits_left_of_the_results(browser, rich_site):
    context, page = open_at(browser, rich_site, "/metiers/", 1280)
    results, facets = box(page, ".listing__results"), box(page, ".listing__facets")
    context.close()

    assert facets["x"] + facets["width"] <= results["x"]
    assert facets["y"] < results["y"] + results["height"]


@pytest.mark.parametrize("width", [320, 375])
def test_card_summaries_end_on_a_whole_word_and_are_never_clipped(browser, rich_site, width):
    context, page = open_at(browser, rich_site, "/metiers/", width)
    cards = page.evaluate(
        """[...document.querySelectorAll('.card__summary')].map(p => [
            p.textContent.trim(), p.scrollHeight <= p.clientHeight + 1,
            p.getBoundingClientRect().right <= window.innerWidth])"""
    )
    summaries = {profile.summary for profile in JobProfile.objects.all()}
    context.close()

    assert len(cards) == 4
    for text, fits_vertically, fits_horizontally in cards:
        shown = text.removesuffix("…").strip()
        assert any(summary == shown or summary.startswith(shown + " ") for summary in summaries)
        assert fits_vertically and fits_horizontally


def test_the_copy_button_copies_the_address_under_the_csp(browser, rich_site):
    context = browser.new_context(base_url=rich_site, viewport={"width": 375, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto(AE_PATH)

    button = page.get_by_role("button", name="Copier le lien")
    button.click()
    page.get_by_role("status").filter(has_text="Lien copié").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()

    assert copied.endswith(AE_PATH)
    assert violations == []


def test_without_javascript_the_share_link_is_there_and_the_copy_button_is_not(browser, rich_site):
    context = browser.new_context(base_url=rich_site, java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(COO_PATH)

    href = page.get_by_role("link", name="Envoyer par e-mail").get_attribute("href")
    copy_visible = page.locator("[data-copy-link]").is_visible()
    toc_open = page.locator(".toc").evaluate("details => details.open")
    context.close()

    assert href.startswith("mailto:?subject=Chief%20Operations%20Officer")
    assert not copy_visible
    assert toc_open
