"""Every admin save is a revision; editors see, compare, restore and recover them."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from jobprofiles.models import JobProfile, Mission

from .admin_forms import change_form_data, change_url, post_change_form


def history_url(profile):
    return reverse("admin:jobprofiles_jobprofile_history", args=[profile.pk])


def versions_of(profile):
    return list(Version.objects.get_for_object(profile).order_by("pk"))


def test_an_admin_save_is_a_revision_with_author_comment_and_sections(
    admin_client, admin_user, coo
):
    post_change_form(admin_client, coo, title="Directeur des opérations")

    (version,) = versions_of(coo)
    revision = version.revision
    assert revision.user == admin_user
    assert "Intitulé" in revision.get_comment()
    saved_models = {v.content_type.model for v in revision.version_set.all()}
    assert {"jobprofile", "mission", "enjeu", "competence", "environmentitem"} <= saved_models
    assert "relatedprofile" in saved_models


def test_an_editor_note_comes_first_in_the_revision_comment(admin_client, coo):
    post_change_form(
        admin_client,
        coo,
        title="Directeur des opérations",
        revision_note="Intitulé français demandé par la DRH",
    )

    (version,) = versions_of(coo)
    assert version.revision.get_comment() == (
        "Intitulé français demandé par la DRH (Intitulé modifié.)"
    )


def test_the_history_lists_versions_with_their_author(admin_client, coo):
    post_change_form(admin_client, coo, title="Directeur des opérations")
    post_change_form(admin_client, coo, title="Directrice des opérations")

    html = admin_client.get(history_url(coo)).content.decode()

    assert html.count('name="old"') == 2
    assert "admin" in html
    assert "Comparer les versions cochées" in html


def test_the_seed_history_starts_with_a_version_of_no_author(admin_client, db):
    call_command("load_seed_roles", verbosity=0)
    coo = JobProfile.objects.get(slug="chief-operations-officer-coo")

    response = admin_client.get(history_url(coo))

    assert response.status_code == 200
    assert "Fiche d’exemple chargée." in response.content.decode()


def test_comparing_two_versions_shows_fields_and_sections_that_changed(admin_client, coo):
    post_change_form(admin_client, coo)
    post_change_form(
        admin_client,
        coo,
        title="Directeur des opérations",
        **{"missions-0-title": "Piloter l’exploitation"},
    )
    old, new = versions_of(coo)

    response = admin_client.get(
        reverse("admin:jobprofiles_jobprofile_compare", args=[coo.pk]),
        {"old": old.pk, "new": new.pk},
    )

    rows = {label: (before, after) for label, before, after in response.context["differences"]}
    assert set(rows) == {"Intitulé", "Les missions"}
    assert rows["Intitulé"] == ("Chief Operations Officer (COO)", "Directeur des opérations")
    assert "Piloter l’exploitation" in rows["Les missions"][1]
    assert "Directeur des opérations" in response.content.decode()


def test_restoring_a_version_brings_back_its_fields_and_sections(admin_client, coo):
    post_change_form(admin_client, coo)
    original = [(m.title, m.body) for m in coo.missions.all()]
    data = change_form_data(admin_client.get(change_url(coo)))
    data.update({"title": "Titre modifié", "missions-0-DELETE": "on"})
    data.update({"missions-1-title": "Mission retitrée"})
    assert admin_client.post(change_url(coo), data).status_code == 302
    first_version = versions_of(coo)[0]
    revision_url = reverse("admin:jobprofiles_jobprofile_revision", args=[coo.pk, first_version.pk])

    restore_form = admin_client.get(revision_url)
    response = admin_client.post(revision_url, change_form_data(restore_form))

    assert response.status_code == 302
    coo.refresh_from_db()
    assert coo.title == "Chief Operations Officer (COO)"
    assert [(m.title, m.body) for m in coo.missions.all()] == original
    assert versions_of(coo)[-1].revision.get_comment().startswith("Restauré depuis une version")


def test_a_deleted_profile_is_recovered_with_its_sections(admin_client, coo):
    post_change_form(admin_client, coo)
    sections = [(m.title, m.body) for m in coo.missions.all()]
    delete_url = reverse("admin:jobprofiles_jobprofile_delete", args=[coo.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not JobProfile.objects.filter(slug="chief-operations-officer-coo").exists()
    assert Mission.objects.count() == 0

    recover_list = admin_client.get(reverse("admin:jobprofiles_jobprofile_recoverlist"))
    (deleted,) = recover_list.context["deleted"]
    recover_url = reverse("admin:jobprofiles_jobprofile_recover", args=[deleted.pk])
    response = admin_client.post(recover_url, change_form_data(admin_client.get(recover_url)))

    assert response.status_code == 302
    recovered = JobProfile.objects.get(slug="chief-operations-officer-coo")
    assert [(m.title, m.body) for m in recovered.missions.all()] == sections
    assert recovered.enjeux.count() == 3
    assert recovered.related_links.count() == 3


@pytest.mark.parametrize(
    ("object_id", "old", "new"), [("abc", "22", "31"), (None, "abc", "1"), (None, "1", "x\x00")]
)
def test_the_compare_view_answers_404_to_malformed_ids(admin_client, coo, object_id, old, new):
    url = f"/admin/jobprofiles/jobprofile/{object_id or coo.pk}/history/compare/"

    assert admin_client.get(url, {"old": old, "new": new}).status_code == 404


@pytest.mark.parametrize("page", ["history/", "history/1/", "history/compare/"])
@pytest.mark.parametrize("object_id", ["1%00", "abc", "1.5"])
def test_every_history_page_answers_404_to_a_malformed_profile_id(
    admin_client, coo, page, object_id
):
    """PostgreSQL refuses a NUL byte in a text column: it must never reach a query."""
    url = f"/admin/jobprofiles/jobprofile/{object_id}/{page}"

    assert admin_client.get(url, {"old": "1", "new": "1"}).status_code == 404


@pytest.fixture
def seeded(db):
    """The seed as `make run` loads it: every role with a first version."""
    call_command("load_seed_roles", verbosity=0)
    return {profile.slug: profile for profile in JobProfile.objects.all()}


def revision_url(version):
    return reverse("admin:jobprofiles_jobprofile_revision", args=[version.object_id, version.pk])


def delete(admin_client, profile):
    url = reverse("admin:jobprofiles_jobprofile_delete", args=[profile.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302


def test_a_version_linking_to_a_since_deleted_profile_is_restored_without_that_link(
    admin_client, seeded
):
    coo = seeded["chief-operations-officer-coo"]
    gone = coo.related_links.first().to_profile
    version = versions_of(coo)[-1]
    delete(admin_client, gone)

    form = admin_client.get(revision_url(version))

    assert form.status_code == 200
    note = f"Le lien vers « {gone.title} » n’est pas restauré : cette fiche a été supprimée depuis."
    assert note in form.content.decode()
    response = admin_client.post(revision_url(version), change_form_data(form))
    assert response.status_code == 302
    assert coo.related_links.count() == 2
    assert not coo.related_links.filter(to_profile_id=gone.pk).exists()


def test_a_version_with_a_since_deleted_tag_is_restored_with_the_other_tags(admin_client, seeded):
    coo = seeded["chief-operations-officer-coo"]
    post_change_form(admin_client, coo, tags="logistique, pilotage")
    version = versions_of(coo)[-1]
    coo.tags.get(name="logistique").delete()
    post_change_form(admin_client, coo, title="Titre modifié")

    form = admin_client.get(revision_url(version))

    assert form.status_code == 200
    assert (
        "Une étiquette n’est pas restaurée : elle a été supprimée depuis." in form.content.decode()
    )
    response = admin_client.post(revision_url(version), change_form_data(form))
    assert response.status_code == 302
    coo.refresh_from_db()
    assert coo.title == "Chief Operations Officer (COO)"
    assert list(coo.tags.names()) == ["pilotage"]


def test_a_deleted_profile_whose_slug_is_now_taken_is_recovered_under_another(
    admin_client, seeded, make_profile
):
    coo = seeded["chief-operations-officer-coo"]
    missions = [(m.title, m.body) for m in coo.missions.all()]
    delete(admin_client, coo)
    make_profile(title="Nouveau COO", slug="chief-operations-officer-coo")
    recover_list = admin_client.get(reverse("admin:jobprofiles_jobprofile_recoverlist"))
    (deleted,) = recover_list.context["deleted"]
    recover_url = reverse("admin:jobprofiles_jobprofile_recover", args=[deleted.pk])

    form = admin_client.get(recover_url)

    assert form.status_code == 200
    assert (
        "L’identifiant d’URL « chief-operations-officer-coo » est pris depuis par la fiche "
        "« Nouveau COO » : la fiche est restaurée sous « chief-operations-officer-coo-2 », que "
        "vous pouvez changer avant d’enregistrer."
    ) in form.content.decode()
    response = admin_client.post(recover_url, change_form_data(form))
    assert response.status_code == 302
    recovered = JobProfile.objects.get(slug="chief-operations-officer-coo-2")
    assert recovered.title == "Chief Operations Officer (COO)"
    assert [(m.title, m.body) for m in recovered.missions.all()] == missions
