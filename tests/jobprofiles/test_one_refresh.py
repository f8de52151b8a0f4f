"""One admin save refreshes each touched profile's derived data once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import bump_content_version

from .admin_forms import change_form_data, change_url

# What the save costs, on a process that has its content types cached: the session and user
# (2), the profile, its tags, family and slug checks and the stale-edit lock (6), the salary
# band's check constraint in a savepoint (3), the six inline querysets (6), one check per
# related role that its target exists (3), the saves (6), one refresh of the search fields
# that also feeds the revision (9), the admin log (1), the revision and its versions (2) and
# the savepoints of the test's transaction (4).
COO_SAVE_QUERIES = 33


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
