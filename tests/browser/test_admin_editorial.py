"""An HR editor at work in Chromium: reorder, publish, preview, and two tabs at once."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jobprofiles.models import JobProfile, Mission

from .conftest import log_in

pytestmark = pytest.mark.browser

COO_SLUG = "chief-operations-officer-coo"


@pytest.fixture
def coo(django_db_serialized_rollback, transactional_db):
    call_command("load_seed_roles", verbosity=0)
    return JobProfile.objects.get(slug=COO_SLUG)


@pytest.fixture
def draft(make_draft):
    return make_draft()


@pytest.fixture
def make_draft(transactional_db, coo):
    def make():
        profile = JobProfile.objects.create(
            title="Responsable des achats",
            slug="responsable-des-achats",
            summary="Achète ce dont l’entreprise a besoin.",
            family=coo.family,
            status=JobProfile.Status.DRAFT,
        )
        Mission.objects.create(profile=profile, title="Négocier", body="Avec les fournisseurs.")
        return profile

    return make


def open_change_form(page, profile):
    page.goto(f"/admin/jobprofiles/jobprofile/{profile.pk}/change/")
    return page


def save(page):
    page.get_by_role("button", name="Enregistrer", exact=True).click()


def drag(page, source, target):
    """Drag like a hand does: press, move in small steps, rest above the target while the
    other items slide aside (the list animates each swap), then release."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 20, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 2, steps=20)
    page.wait_for_timeout(400)
    page.mouse.move(end["x"] + 21, end["y"] + 1)
    page.wait_for_timeout(400)
    page.mouse.up()


def public_mission_titles(page, profile):
    page.goto(profile.get_absolute_url())
    return page.locator("#missions h3").all_text_contents()


def test_an_editor_drags_a_mission_and_the_public_page_follows(editor_page, coo):
    titles = [mission.title for mission in coo.missions.all()]
    open_change_form(editor_page, coo)
    missions = editor_page.locator("#missions-group .inline-related.has_original")

    editor_page.set_viewport_size({"width": 1280, "height": 1200})
    missions.first.evaluate("item => item.scrollIntoView({block: 'start'})")

    drag(editor_page, missions.nth(2).locator("h3"), missions.nth(0).locator("h3"))
    expect(missions.first.locator(".inline_label")).to_have_text(titles[2])
    save(editor_page)

    expect(editor_page.locator(".messagelist")).to_contain_text("a été enregistrée.")
    expected = [titles[2], titles[0], titles[1], *titles[3:]]
    assert [mission.title for mission in coo.missions.all()] == expected
    assert public_mission_titles(editor_page, coo) == expected


def test_an_editor_reorders_with_the_keyboard_only(editor_page, coo):
    titles = [mission.title for mission in coo.missions.all()]
    open_change_form(editor_page, coo)

    move_up = editor_page.get_by_role("button", name=f"Déplacer « {titles[2]} » vers le haut")
    move_up.focus()
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.press("Space")

    expect(move_up).to_be_focused()
    expect(editor_page.locator("#missions-group [role=status]")).to_have_text(
        f"« {titles[2]} » est maintenant en position 1 sur 5."
    )
    save(editor_page)
    expect(editor_page.locator(".messagelist")).to_contain_text("a été enregistrée.")
    assert public_mission_titles(editor_page, coo) == [titles[2], titles[0], titles[1], *titles[3:]]


def test_an_editor_publishes_a_draft_from_the_list(editor_page, draft):
    editor_page.goto("/admin/jobprofiles/jobprofile/")
    row = editor_page.get_by_role("row").filter(has_text="Responsable des achats")
    row.get_by_role("checkbox").check()
    editor_page.locator("select[name=action]").select_option(
        label="Publier les fiches sélectionnées"
    )
    editor_page.get_by_role("button", name="Envoyer").click()

    expect(editor_page.locator(".messagelist")).to_contain_text("Fiches publiées : 1.")
    editor_page.goto(draft.get_absolute_url())
    expect(editor_page.get_by_role("heading", level=1)).to_have_text("Responsable des achats")


def test_an_editor_previews_a_draft_that_the_public_cannot_see(
    editor_page, browser_context, browser, live_server, draft
):
    open_change_form(editor_page, draft)
    with browser_context.expect_page() as new_tab:
        editor_page.get_by_role("link", name="Aperçu de la page").click(modifiers=["Shift"])
    preview = new_tab.value
    preview.wait_for_load_state()

    expect(preview.get_by_role("heading", level=1)).to_have_text("Responsable des achats")
    expect(preview.locator("#missions")).to_contain_text("Avec les fournisseurs.")
    anonymous = browser.new_context(base_url=live_server.url)
    response = anonymous.new_page().goto(preview.url)
    assert response.status == 404
    anonymous.close()


def test_a_second_tab_cannot_overwrite_the_first(editor_page, browser_context, coo):
    first_tab = open_change_form(editor_page, coo)
    second_tab = open_change_form(browser_context.new_page(), coo)

    first_tab.get_by_label("Intitulé", exact=False).first.fill("Directrice des opérations")
    save(first_tab)
    expect(first_tab.locator(".messagelist")).to_contain_text("a été enregistrée.")
    second_tab.get_by_label("Résumé").fill("Un résumé écrit dans le second onglet.")
    save(second_tab)

    expect(second_tab.locator(".errornote, .errorlist").first).to_be_visible()
    expect(second_tab.locator("body")).to_contain_text(re.compile("modifiée par Claire"))
    expect(second_tab.get_by_label("Résumé")).to_have_value(
        "Un résumé écrit dans le second onglet."
    )
    coo.refresh_from_db()
    assert coo.title == "Directrice des opérations"
    assert coo.summary.startswith("Le Chief Operations Officer")


def test_the_login_page_is_where_editors_start(page, editor):
    log_in(page, editor)
    expect(page.get_by_role("link", name="Fiches métiers", exact=True).first).to_be_visible()
