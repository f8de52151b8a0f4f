"""The audit trail: every publish, unpublish, restore, recovery, import and deletion, read-only."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from core.models import AuditEntry
from jobprofiles.models import JobProfile
from tests.jobprofiles.admin_forms import change_form_data, post_change_form
from tests.jobprofiles.seed_document import SEED_DOCUMENT
from tests.jobprofiles.test_plain_french import page_text

CHANGELIST = reverse("admin:jobprofiles_jobprofile_changelist")
TRAIL = reverse("admin:core_auditentry_changelist")
COO = "chief-operations-officer-coo"


@pytest.fixture(autouse=True)
def seed(db):
    call_command("load_seed_roles", verbosity=0)


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "claire", "claire@example.fr", "mot-de-passe-solide", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Éditeurs RH"))
    client.force_login(editor)
    return client


def trail():
    return list(AuditEntry.objects.values_list("action", "profile_slug", "username"))


def run_action(client, action, profile):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [profile.pk]})


def test_publishing_and_unpublishing_from_the_list_and_the_form_are_recorded(editor_client):
    coo = JobProfile.objects.get(slug=COO)

    run_action(editor_client, "unpublish", coo)
    run_action(editor_client, "publish", coo)
    post_change_form(editor_client, coo, status=JobProfile.Status.DRAFT)
    post_change_form(editor_client, coo, title="Chief Operations Officer")  # a plain edit

    assert trail() == [
        ("unpublished", COO, "claire"),
        ("published", COO, "claire"),
        ("unpublished", COO, "claire"),
    ]


def test_a_deletion_is_kept_with_the_title_and_slug_then_the_recovery(editor_client):
    coo = JobProfile.objects.get(slug=COO)
    delete_url = reverse("admin:jobprofiles_jobprofile_delete", args=[coo.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    recover_list = editor_client.get(reverse("admin:jobprofiles_jobprofile_recoverlist"))
    (deleted,) = recover_list.context["deleted"]
    recover_url = reverse("admin:jobprofiles_jobprofile_recover", args=[deleted.pk])

    editor_client.post(recover_url, change_form_data(editor_client.get(recover_url)))

    assert trail() == [("recovered", COO, "claire"), ("deleted", COO, "claire")]
    assert AuditEntry.objects.last().profile_title == "Chief Operations Officer (COO)"


def test_restoring_a_version_and_importing_a_document_are_recorded(editor_client):
    coo = JobProfile.objects.get(slug=COO)
    post_change_form(editor_client, coo, title="Titre modifié")
    seed_version = Version.objects.get_for_object(coo).last()
    revision_url = reverse("admin:jobprofiles_jobprofile_revision", args=[coo.pk, seed_version.pk])
    editor_client.post(revision_url, change_form_data(editor_client.get(revision_url)))
    document = SimpleUploadedFile("coo.txt", SEED_DOCUMENT.read_bytes())
    editor_client.post(
        reverse("admin:jobprofiles_jobprofile_import"),
        {"document": document, "family": coo.family.pk},
    )

    actions = [action for action, _, _ in trail()]
    assert actions == ["imported", "restored"]


def test_editors_read_the_trail_but_nobody_changes_it(editor_client, admin_client):
    run_action(editor_client, "unpublish", JobProfile.objects.get(slug=COO))
    entry = AuditEntry.objects.get()

    text = page_text(editor_client.get(TRAIL))
    detail = editor_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))

    assert "Retour en brouillon" in text and "Chief Operations Officer (COO)" in text
    assert "claire" in text
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert editor_client.post(change_url, {"username": "quelqu’un"}).status_code == 403
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    delete_url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1
