"""What an editor reads in the admin is plain French, with the right agreement."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from jobprofiles.models import JobFamily, JobProfile

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


@pytest.mark.parametrize(
    "changelist", [CHANGELIST, "admin:jobprofiles_jobfamily_changelist", "auth_user_changelist"]
)
def test_the_selection_counter_and_checkbox_labels_agree_with_any_list(
    admin_client, seed_roles, changelist
):
    """Django's « 0 sur 4 sélectionné » suits no feminine list; « Sélection : 0 sur 4 » fits all."""
    name = "admin:" + changelist.removeprefix("admin:")
    html = unescape(admin_client.get(reverse(name)).content.decode())
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()

    assert re.search(r"Sélection : 0 sur \d+", html)
    assert not re.search(r"\d+ sélectionnés?\b", html)
    assert "Choisir cet objet" not in html
    assert "Sélectionner toute la page pour une action" in html
    assert json.dumps("Sélection : %(sel)s sur %(cnt)s") in catalog
    assert json.dumps("%(cnt)s sélectionné")[1:-1] not in catalog


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


def messages_after(response):
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", str(m))).split())
        for m in response.context["messages"]
    ]


@pytest.mark.parametrize(
    ("button", "next_step"),
    [
        ("_save", ""),
        ("_continue", " Vous pouvez continuer à la modifier ci-dessous."),
        ("_addanother", " Vous pouvez en ajouter une autre ci-dessous."),
    ],
)
def test_a_save_says_which_profile_was_saved_with_the_agreement(
    admin_client, coo, button, next_step
):
    response = post_change_form(admin_client, coo, **{button: "1"})

    assert messages_after(admin_client.get(response.url)) == [
        f"La fiche « {coo.title} » a été enregistrée.{next_step}"
    ]


def test_deleting_says_which_profiles_were_deleted(admin_client, seed_roles):
    sales = seed_roles["inside-sales"]
    url = reverse("admin:jobprofiles_jobprofile_delete", args=[sales.pk])
    one = admin_client.post(url, {"post": "yes"}, follow=True)
    chosen = [seed_roles["fpa-analyst"].pk, seed_roles["account-executive"].pk]
    selected = {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    several = admin_client.post(reverse(CHANGELIST), selected, follow=True)

    assert messages_after(one) == ["La fiche « Inside Sales » a été supprimée."]
    assert messages_after(several) == ["Fiches supprimées : 2."]
    assert JobProfile.objects.count() == 1


def test_each_inline_add_link_names_its_item(admin_client, coo):
    html = admin_client.get(change_url(coo)).content.decode()

    settings = [
        json.loads(unescape(data)) for data in re.findall(r'data-inline-formset="([^"]+)"', html)
    ]
    assert [inline["options"]["addText"] for inline in settings] == [
        "Ajouter une appellation",
        "Ajouter une mission",
        "Ajouter un enjeu",
        "Ajouter une compétence",
        "Ajouter un élément d’équipe et d’environnement",
        "Ajouter une fiche liée",
    ]
    assert "objet" not in html


def test_families_and_synonyms_read_as_plain_french(admin_client, seed_roles):
    family = JobFamily.objects.get(slug="operations")
    families = page_text(admin_client.get(reverse("admin:jobprofiles_jobfamily_changelist")))
    synonyms = page_text(admin_client.get(reverse("admin:jobprofiles_searchsynonym_changelist")))
    url = reverse("admin:jobprofiles_jobfamily_change", args=[family.pk])
    saved = admin_client.post(
        url, {"name": family.name, "slug": family.slug, "position": family.position}, follow=True
    )

    assert "Choisissez une famille à modifier" in families
    assert "Supprimer les familles sélectionnées" in families
    assert "Choisissez une ligne de synonymes à modifier" in synonyms
    assert "Supprimer les lignes de synonymes sélectionnées" in synonyms
    assert "objet" not in families + synonyms
    assert messages_after(saved) == [f"La famille « {family} » a été enregistrée."]


def test_recovering_a_deleted_profile_reads_as_plain_french(admin_client, coo):
    post_change_form(admin_client, coo)  # its first revision
    admin_client.post(
        reverse("admin:jobprofiles_jobprofile_delete", args=[coo.pk]), {"post": "yes"}
    )
    listing = admin_client.get(reverse("admin:jobprofiles_jobprofile_recoverlist"))
    (deleted,) = listing.context["deleted"]
    recover_url = reverse("admin:jobprofiles_jobprofile_recover", args=[deleted.pk])
    listing, form = page_text(listing), page_text(admin_client.get(recover_url))

    assert listing.count("Récupérer une fiche supprimée") >= 2  # title and breadcrumbs
    assert "Récupérer une fiche supprimée" in form
    assert "Enregistrez pour récupérer la fiche telle qu’elle était" in form
    assert "objet" not in listing + form
    assert "supprimés" not in listing + form


def test_going_back_to_a_version_reads_as_plain_french(admin_client, coo):
    post_change_form(admin_client, coo)
    history = admin_client.get(reverse("admin:jobprofiles_jobprofile_history", args=[coo.pk]))
    version = history.context["action_list"][0]
    form = page_text(admin_client.get(version["url"]))

    assert "Historique › Revenir à cette version" in form
    assert "Enregistrez pour que la fiche redevienne telle qu’elle était" in form
    assert "objet" not in form


def test_reordering_families_in_their_list_says_how_many_moved(admin_client, seed_roles):
    families = list(JobFamily.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(families)),
        "form-INITIAL_FORMS": str(len(families)),
        "_save": "Enregistrer",
    }
    for index, family in enumerate(families):
        data[f"form-{index}-id"] = str(family.pk)
        data[f"form-{index}-position"] = str(family.position + 10)
    url = reverse("admin:jobprofiles_jobfamily_changelist")

    response = admin_client.post(url, data, follow=True)

    assert messages_after(response) == [
        f"Modifications enregistrées : {len(families)} familles de métiers."
    ]
    assert [f.position for f in JobFamily.objects.all()] == [f.position + 10 for f in families]
