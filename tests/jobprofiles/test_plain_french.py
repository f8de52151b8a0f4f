"""What an editor reads in the admin is plain French, with the right agreement."""

import re
from html import unescape

from django.urls import reverse

from jobprofiles.models import JobProfile

from .admin_forms import change_form_data, change_url, post_change_form

CHANGELIST = "admin:jobprofiles_jobprofile_changelist"


def page_text(response):
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def history_text(admin_client, profile):
    url = reverse("admin:jobprofiles_jobprofile_history", args=[profile.pk])
    return page_text(admin_client.get(url))


def formset_of(response, prefix):
    (formset,) = (
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )
    return formset


def test_the_list_and_its_actions_read_as_plain_french(admin_client, seed_roles):
    text = page_text(admin_client.get(reverse(CHANGELIST)))

    assert "Choisissez une fiche à modifier" in text
    assert "Supprimer les fiches sélectionnées" in text
    assert "Récupérer une fiche supprimée" in text
    assert "l’objet" not in text and "l'objet" not in text
    assert "sélectionnés" not in text


def test_the_delete_confirmation_names_the_selected_profiles(admin_client, seed_roles):
    chosen = [seed_roles["inside-sales"].pk, seed_roles["fpa-analyst"].pk]
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": chosen}
    )

    text = page_text(response)
    assert "Supprimer les 2 fiches sélectionnées ?" in text
    assert "Supprimer plusieurs objets" not in text and "Non, revenir à la liste" in text
    assert 'value="Oui, supprimer"' in response.content.decode()
    assert JobProfile.objects.count() == 4


def test_the_history_says_what_moved_and_what_changed(admin_client, coo):
    form = admin_client.get(change_url(coo))
    data = change_form_data(form)
    missions = formset_of(form, "missions")
    budget = next(i for i, f in enumerate(missions) if f.instance.title.startswith("Gestion"))
    supervision = next(i for i, f in enumerate(missions) if f.instance.position == 2)
    data[f"missions-{budget}-position"] = "2"
    data[f"missions-{supervision}-position"] = "3"
    data["introduction"] = "Une introduction réécrite."
    data["enjeux-0-body"] = "Un enjeu réécrit."
    enjeu_title = formset_of(form, "enjeux")[0].instance.title

    assert admin_client.post(change_url(coo), data).status_code == 302

    text = history_text(admin_client, coo)
    assert "Texte de l’introduction modifié." in text
    assert "Mission « Gestion du budget et des ressources » déplacée en 2ᵉ position" in text
    assert "Mission « Supervision des équipes opérationnelles » déplacée en 3ᵉ position" in text
    assert f"Enjeu « {enjeu_title} » modifié." in text
    assert "Modification de" not in text


def test_a_draft_saves_without_a_summary_but_cannot_be_published_without_one(
    admin_client, draft_profile
):
    saved = post_change_form(admin_client, draft_profile, summary="")
    refused = post_change_form(admin_client, draft_profile, status="published")

    assert saved.status_code == 302
    draft_profile.refresh_from_db()
    assert draft_profile.summary == ""
    assert refused.status_code == 200
    assert "Une fiche publiée ou programmée a besoin d’un résumé" in page_text(refused)
    draft_profile.refresh_from_db()
    assert draft_profile.status == JobProfile.Status.DRAFT


def test_a_published_profile_without_missions_stays_editable_and_is_flagged(
    admin_client, seed_roles
):
    sales = seed_roles["inside-sales"]
    assert not sales.missions.exists()

    response = post_change_form(admin_client, sales, tags="prospection", summary="Corrigé.")

    assert response.status_code == 302
    sales.refresh_from_db()
    assert sales.summary == "Corrigé." and sales.tags.names()[0] == "prospection"
    assert "Fiche en ligne incomplète : aucune mission" in page_text(
        admin_client.get(change_url(sales))
    )
    listing = page_text(admin_client.get(reverse(CHANGELIST)))
    assert listing.count("Aucune mission") == 3


def test_the_save_buttons_read_as_plain_french(admin_client, coo):
    html = admin_client.get(change_url(coo)).content.decode()

    assert 'value="Enregistrer et ajouter une autre fiche" name="_addanother"' in html
    assert 'value="Enregistrer et continuer" name="_continue"' in html
    assert "ajouter un nouveau" not in html
