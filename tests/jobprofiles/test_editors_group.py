"""An HR editor, given only an account in "Éditeurs RH", does her job in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jobprofiles.models import JobProfile, SearchSynonym

from .admin_forms import post_change_form

ADMIN_PAGES = {
    "profiles": reverse("admin:jobprofiles_jobprofile_changelist"),
    "families": reverse("admin:jobprofiles_jobfamily_changelist"),
    "tags": reverse("admin:taggit_tag_changelist"),
    "synonyms": reverse("admin:jobprofiles_searchsynonym_changelist"),
    "recover": reverse("admin:jobprofiles_jobprofile_recoverlist"),
}


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "claire", password="mot-de-passe-solide", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Éditeurs RH"))
    client.force_login(editor)
    return client


def test_the_group_has_exactly_the_editing_permissions(db):
    group = Group.objects.get(name="Éditeurs RH")
    granted = {(perm.content_type.app_label, perm.codename) for perm in group.permissions.all()}
    models = [
        ("jobprofiles", name)
        for name in [
            "jobprofile",
            "jobfamily",
            "mission",
            "enjeu",
            "competence",
            "environmentitem",
            "relatedprofile",
            "taggedjobprofile",
            "appellation",
            "searchsynonym",
        ]
    ] + [("taggit", "tag")]
    assert granted == {
        (app, f"{action}_{model}")
        for app, model in models
        for action in ("view", "add", "change", "delete")
    } | {("core", "view_auditentry")}


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_an_editor_opens_the_editing_pages(editor_client, seed_roles, page):
    assert editor_client.get(ADMIN_PAGES[page]).status_code == 200


def test_an_editor_edits_previews_and_reads_the_history_of_a_profile(editor_client, coo):
    response = post_change_form(editor_client, coo, title="Directrice des opérations")

    assert response.status_code == 302
    assert JobProfile.objects.get(pk=coo.pk).title == "Directrice des opérations"
    assert editor_client.get(reverse("jobprofiles:preview", args=[coo.pk])).status_code == 200
    history = editor_client.get(reverse("admin:jobprofiles_jobprofile_history", args=[coo.pk]))
    assert "claire" in history.content.decode()


def test_an_editor_renames_an_appellation(editor_client, coo):
    response = post_change_form(editor_client, coo, **{"appellations-0-name": "Head of Operations"})

    assert response.status_code == 302
    assert list(coo.appellations.values_list("name", flat=True)) == ["Head of Operations"]


def test_an_editor_adds_a_synonym_line(editor_client, db):
    response = editor_client.post(
        reverse("admin:jobprofiles_searchsynonym_add"), {"terms": "DAF = finance"}
    )

    assert response.status_code == 302
    assert SearchSynonym.objects.get().term_list() == ["DAF", "finance"]


def test_an_editor_deletes_a_profile(editor_client, coo):
    response = editor_client.post(
        reverse("admin:jobprofiles_jobprofile_delete", args=[coo.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not JobProfile.objects.filter(pk=coo.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_user_add"),
    ],
)
def test_an_editor_cannot_open_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_the_admin_index_shows_an_editor_only_her_content(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Fiches métiers" in html
    assert "Utilisateurs" not in html
