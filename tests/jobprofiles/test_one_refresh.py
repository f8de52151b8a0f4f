"""One admin save refreshes each touched profile's derived data once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from core.cache import bump_content_version
from jobprofiles.models import JobFamily, Mission

from .admin_forms import change_form_data, change_url

# What the save costs, the same on SQLite and PostgreSQL, on a process that has its content
# types cached: the session and user (2), the profile read locked with its family, and its
# tags (2), the six inline querysets (6), the saves (6), the admin log (1), the tag links read
# for the refresh, its one write of the search fields with the page parts, the search entry,
# the names a typo is compared with (4),
# the revision and its versions (2), the families' counts locked and stored again (2), and
# the savepoint pair of the admin's transaction inside
# the test's (2). Fields the editor left as they were are not checked again in the database,
# and the refresh takes the rows the form has just saved instead of reading them again.
COO_SAVE_QUERIES = 30


def coo_with_missions_changed(admin_client, coo, text):
    data = change_form_data(admin_client.get(change_url(coo)))
    for index in range(5):
        data[f"missions-{index}-body"] = f"{text} de la mission {index + 1}."
    return data


def test_saving_the_coo_with_five_changed_missions_refreshes_it_once(admin_client, coo):
    """Guards against refreshing the search fields once per changed row, and reading rows twice."""
    admin_client.post(change_url(coo), coo_with_missions_changed(admin_client, coo, "Premier"))
    data = coo_with_missions_changed(admin_client, coo, "Zorglub")

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    assert len(queries) <= COO_SAVE_QUERIES, "\n".join(q["sql"][:120] for q in queries)
    results = admin_client.get(reverse("jobprofiles:list"), {"q": "zorglub"})
    assert "Chief Operations Officer (COO)" in results.content.decode()


def test_the_revision_of_the_save_holds_the_rows_as_saved(admin_client, coo):
    """The revision is written from the form's rows: it must hold what the database holds."""
    data = coo_with_missions_changed(admin_client, coo, "Nouveau texte")
    data["missions-0-DELETE"] = "on"

    assert admin_client.post(change_url(coo), data).status_code == 302

    revision = Version.objects.get_for_object(coo).first().revision
    saved = {
        version.object_id: version.field_dict["body"]
        for version in revision.version_set.all()
        if version._model is Mission
    }
    assert saved == {str(mission.pk): mission.body for mission in coo.missions.all()}
    assert len(saved) == 4


def test_saving_five_changed_missions_moves_the_content_version_once(
    admin_client, coo, django_capture_on_commit_callbacks
):
    data = coo_with_missions_changed(admin_client, coo, "Nouveau texte")

    with django_capture_on_commit_callbacks() as callbacks:
        assert admin_client.post(change_url(coo), data).status_code == 302

    assert [callback for callback in callbacks if callback is bump_content_version] == [
        bump_content_version
    ]


def test_a_related_role_pointed_at_another_profile_is_saved_with_its_new_target(
    admin_client, coo, make_profile
):
    """The form takes an unchanged target from its row: a changed one must still be read."""
    first = coo.related_links.first()
    other = make_profile(title="Responsable logistique")
    data = change_form_data(admin_client.get(change_url(coo)))
    data["related_links-0-to_profile"] = str(other.pk)

    assert admin_client.post(change_url(coo), data).status_code == 302
    first.refresh_from_db()
    assert first.to_profile == other


def test_a_profile_moved_to_another_family_is_saved_in_it(admin_client, coo):
    """The family comes with the locked read while unchanged: a changed one must be read."""
    other = JobFamily.objects.create(name="Logistique", slug="logistique")
    data = change_form_data(admin_client.get(change_url(coo)))
    data["family"] = str(other.pk)

    assert admin_client.post(change_url(coo), data).status_code == 302
    coo.refresh_from_db()
    assert coo.family == other
