import pytest

pytestmark = pytest.mark.browser

COO_PATH = "/metiers/chief-operations-officer-coo/"
PUBLIC_PAGES = [
    "/",
    "/metiers/",
    COO_PATH,
    "/metiers/?q=fidelisation",
    "/metiers/?q=astronaute",
    "/metiers/?famille=ventes",
    "/accessibilite/",
    "/metiers/introuvable/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("width", [320, 375, 640])
def test_pages_fit_narrow_screens_and_200_percent_zoom(browser, site, path, width):
    """375 px is a phone; 640 px is a 1280 px window zoomed to 200 %; 320 px is WCAG reflow."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site + path)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    context.close()
    assert overflow <= 0


def test_every_card_shows_its_image_on_a_phone(phone_page, site):
    phone_page.goto(site + "/metiers/")
    images = phone_page.locator(".card img")
    images.last.scroll_into_view_if_needed()
    phone_page.wait_for_load_state("networkidle")

    assert images.count() == 4
    for index in range(4):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.complete || new Promise(done => img.onload = done)")
        assert image.evaluate("img => img.naturalWidth") > 0
        assert image.evaluate("img => img.currentSrc").endswith(".webp")


def test_keyboard_goes_from_list_to_profile_to_related_card(page, site):
    page.goto(site + "/metiers/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    focused = ""
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        if focused == "Chief Operations Officer (COO)":
            break
    assert focused == "Chief Operations Officer (COO)"
    page.keyboard.press("Enter")
    page.wait_for_url(site + COO_PATH)

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Inside Sales":
            break
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.closest('.card')).outlineStyle"
    )
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/metiers/inside-sales/")
    assert page.locator("h1").inner_text() == "Inside Sales"


def test_table_of_contents_links_reach_their_sections(page, site):
    page.goto(site + COO_PATH)

    page.get_by_role("link", name="Profil & Compétences").click()

    assert page.url.endswith("#competences")
    heading = page.locator("#competences h2")
    assert heading.inner_text() == "Profil & Compétences"
    assert heading.is_visible()


def test_touch_targets_are_at_least_24_pixels(page, site):
    page.goto(site + COO_PATH)

    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input')]
            .filter(el => el.offsetParent !== null && !el.closest('p, li.profile__item'))
            .map(el => [el.textContent.trim() || el.name, el.getBoundingClientRect()])
            .filter(([, box]) => box.width < 24 || box.height < 24)
            .map(([name]) => name)"""
    )

    assert small == []


def test_print_layout_hides_navigation_and_shows_link_targets(page, site):
    page.goto(site + COO_PATH)
    page.emulate_media(media="print")

    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".related").is_visible()
    assert not page.locator(".profile__image").is_visible()
    family_link = page.locator(".profile__family a")
    after = family_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "/metiers/?famille=operations" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_headings_form_a_logical_outline_under_one_h1(page, site, path):
    page.goto(site + path)

    levels = page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"
    )

    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_skip_link_moves_focus_to_the_main_content(page, site):
    page.goto(site + COO_PATH)

    page.keyboard.press("Tab")
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "contenu"
