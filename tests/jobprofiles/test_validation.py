"""Editors' mistakes end in clear French field errors, never in a server error."""

import pytest

from jobprofiles.models import JobProfile, Mission

from .admin_forms import change_form_data, change_url, post_change_form


def errors_of(response):
    assert response.status_code == 200, "the form was saved instead of being refused"
    return response.context["adminform"].form.errors


def inline_errors(response, prefix):
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )
    return formset.errors, formset.non_form_errors()


def test_a_duplicate_slug_is_refused_with_a_clear_message(admin_client, seed_roles):
    coo = seed_roles["chief-operations-officer-coo"]

    response = post_change_form(admin_client, coo, slug="inside-sales")

    assert "Une autre fiche utilise déjà cet identifiant" in errors_of(response)["slug"][0]
    coo.refresh_from_db()
    assert coo.slug == "chief-operations-officer-coo"


@pytest.mark.parametrize("slug", ["comparer"])
def test_a_slug_taking_the_address_of_another_page_is_refused(admin_client, coo, slug):
    """/metiers/comparer/ is the comparison page: a profile there could never be reached."""
    response = post_change_form(admin_client, coo, slug=slug)

    assert errors_of(response)["slug"] == [
        f"L’adresse /metiers/{slug}/ est déjà celle d’une autre page du site : choisissez un "
        f"autre identifiant, par exemple « {slug}-metier »."
    ]
    coo.refresh_from_db()
    assert coo.slug == "chief-operations-officer-coo"
    assert admin_client.get("/metiers/comparer/").status_code == 200


@pytest.mark.parametrize("slug", ["suggestions.json", "flux.atom"])
def test_a_slug_naming_a_file_of_the_site_is_refused(admin_client, coo, slug):
    response = post_change_form(admin_client, coo, slug=slug)

    assert errors_of(response)["slug"] == [
        "Ce champ ne doit contenir que des lettres, des nombres, des tirets bas (_) et des "
        "traits d’union."
    ]
    coo.refresh_from_db()
    assert coo.slug == "chief-operations-officer-coo"


def test_a_profile_related_to_itself_is_a_field_error(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["related_links-0-to_profile"] = str(coo.pk)

    response = admin_client.post(change_url(coo), data)

    form_errors, _ = inline_errors(response, "related_links")
    assert form_errors[0]["to_profile"] == [
        "Une fiche ne peut pas être liée à elle-même : choisissez une autre fiche."
    ]
    assert coo.related_links.filter(to_profile=coo).count() == 0


def test_the_same_related_role_twice_is_refused(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["related_links-1-to_profile"] = data["related_links-0-to_profile"]

    response = admin_client.post(change_url(coo), data)

    _, non_form_errors = inline_errors(response, "related_links")
    assert non_form_errors
    assert coo.related_links.count() == 3


def test_a_summary_over_a_thousand_characters_is_refused(admin_client, coo):
    response = post_change_form(admin_client, coo, summary="a" * 1001)
    assert "au plus 1000 caractères" in errors_of(response)["summary"][0]


def test_a_long_summary_saves_but_the_checklist_warns(admin_client, coo):
    response = post_change_form(admin_client, coo, summary="Résumé. " * 50)

    assert response.status_code == 302
    html = admin_client.get(change_url(coo)).content.decode()
    assert "À vérifier :" in html
    assert "Résumé de 300 caractères au plus" in html
    assert "(actuellement 399)" in html


@pytest.mark.parametrize("field", ["title", "slug", "family"])
def test_an_empty_required_field_is_a_field_error(admin_client, coo, field):
    response = post_change_form(admin_client, coo, **{field: ""})
    assert errors_of(response)[field] == ["Ce champ est obligatoire."]


def test_a_section_body_over_five_thousand_visible_characters_is_refused(admin_client, coo):
    body = "<p>" + "&amp;" * 4000 + "</p><p>" + "<strong>é</strong>" * 1001 + "</p>"
    response = post_change_form(admin_client, coo, **{"missions-0-body": body})

    form_errors, _ = inline_errors(response, "missions")
    assert form_errors[0]["body"] == [
        "Ce texte fait 5\u00a0001 caractères (sans compter la mise en forme) : "
        "raccourcissez-le à 5\u00a0000 caractères au plus."
    ]
    assert len(coo.missions.first().body) < 5000


def test_the_formatting_of_a_section_body_does_not_count_in_its_length(admin_client, coo):
    """5,000 characters an editor sees, in bold and as entities: far more HTML than that."""
    body = "<p>" + "<strong>R&amp;D</strong> " * 1249 + "abcd</p>"
    response = post_change_form(admin_client, coo, **{"missions-0-body": body})

    assert response.status_code == 302
    stored = coo.missions.first().body
    assert len(stored) > 20_000
    assert stored.count("<strong>R&amp;D</strong>") == 1249


def test_a_published_profile_keeps_its_summary(admin_client, coo):
    response = post_change_form(admin_client, coo, summary="")

    assert "a besoin d’un résumé" in errors_of(response)["summary"][0]
    coo.refresh_from_db()
    assert coo.summary


def test_a_published_profile_needs_a_mission(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    for index in range(5):
        data[f"missions-{index}-DELETE"] = "on"

    response = admin_client.post(change_url(coo), data)

    _, non_form_errors = inline_errors(response, "missions")
    assert "doit avoir au moins une mission" in non_form_errors[0]
    assert coo.missions.count() == 5


def test_a_draft_may_have_no_mission_yet(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["status"] = JobProfile.Status.DRAFT
    for index in range(5):
        data[f"missions-{index}-DELETE"] = "on"

    response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    assert coo.missions.count() == 0


def test_an_image_needs_its_alternative_text(admin_client, coo):
    response = post_change_form(admin_client, coo, image_alt="")
    assert "Décrivez l’image" in errors_of(response)["image_alt"][0]


def test_the_checklist_shows_what_is_done_and_what_is_missing(admin_client, seed_roles):
    coo_html = admin_client.get(change_url(seed_roles["chief-operations-officer-coo"])).content
    sales = seed_roles["inside-sales"]
    Mission.objects.filter(profile=sales).delete()
    sales_html = admin_client.get(change_url(sales)).content.decode()

    assert "Avant de publier" in coo_html.decode()
    assert "Essentiel, manquant" not in coo_html.decode()
    assert "Essentiel, manquant :</strong> Section « Les missions » remplie" in sales_html
    assert "À vérifier : Section « Enjeux du poste » remplie" in sales_html
    assert "Au moins une autre fiche métier liée" in sales_html


def test_the_checklist_flags_an_english_title_marked_as_french(admin_client, coo):
    JobProfile.objects.filter(pk=coo.pk).update(title_language=JobProfile.Language.FRENCH)
    html = admin_client.get(change_url(coo)).content.decode()
    assert "À vérifier : Langue de l’intitulé indiquée" in html
