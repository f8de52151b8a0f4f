"""Two editors on the same profile: the second stale save is refused, nothing is lost."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from jobprofiles.models import JobProfile

from .admin_forms import change_form_data, change_url


@pytest.fixture
def coo(db):
    """The seed COO as `make run` loads it, with its first revision."""
    call_command("load_seed_roles", verbosity=0)
    return JobProfile.objects.get(slug="chief-operations-officer-coo")


@pytest.fixture
def alice(django_user_model):
    user = django_user_model.objects.create_superuser(
        "alice", first_name="Alice", last_name="Martin"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bruno(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("bruno"))
    return client


def open_form(client, profile):
    return change_form_data(client.get(change_url(profile)))


def test_the_second_stale_save_is_refused_and_says_what_changed(alice, bruno, coo):
    alice_form, bruno_form = open_form(alice, coo), open_form(bruno, coo)
    alice_form["title"] = "Directrice des opérations"
    bruno_form["summary"] = "Un résumé réécrit par Bruno."

    first = alice.post(change_url(coo), alice_form)
    second = bruno.post(change_url(coo), bruno_form)

    assert first.status_code == 302
    assert second.status_code == 200
    (message,) = second.context["adminform"].form.non_field_errors()
    assert "modifiée par Alice Martin" in message
    assert "Éléments modifiés entre-temps : Intitulé." in message
    assert "rechargez cette page" in message
    assert "Un résumé réécrit par Bruno." in second.content.decode()
    coo.refresh_from_db()
    assert coo.title == "Directrice des opérations"
    assert coo.summary.startswith("Le Chief Operations Officer")


def test_after_reloading_the_second_editor_saves_on_top_of_the_first(alice, bruno, coo):
    bruno_stale = open_form(bruno, coo)
    alice.post(change_url(coo), open_form(alice, coo) | {"title": "Directrice des opérations"})
    bruno.post(change_url(coo), bruno_stale | {"summary": "Résumé de Bruno."})

    response = bruno.post(change_url(coo), open_form(bruno, coo) | {"summary": "Résumé de Bruno."})

    assert response.status_code == 302
    coo.refresh_from_db()
    assert (coo.title, coo.summary) == ("Directrice des opérations", "Résumé de Bruno.")


def test_a_change_to_sections_only_also_makes_other_forms_stale(alice, bruno, coo):
    bruno_form = open_form(bruno, coo)
    alice.post(change_url(coo), open_form(alice, coo) | {"missions-0-DELETE": "on"})

    response = bruno.post(change_url(coo), bruno_form | {"title": "Titre de Bruno"})

    assert response.status_code == 200
    (message,) = response.context["adminform"].form.non_field_errors()
    assert "Les missions" in message
    assert coo.missions.count() == 4
    assert JobProfile.objects.get(pk=coo.pk).title == "Chief Operations Officer (COO)"


def test_a_publish_action_between_also_makes_the_form_stale(alice, bruno, draft_profile):
    draft_profile.missions.create(body="Piloter.")
    bruno_form = open_form(bruno, draft_profile)
    alice.post(
        "/admin/jobprofiles/jobprofile/",
        {"action": "publish", "_selected_action": [draft_profile.pk]},
    )

    response = bruno.post(change_url(draft_profile), bruno_form | {"status": "draft"})

    assert response.status_code == 200
    draft_profile.refresh_from_db()
    assert draft_profile.status == JobProfile.Status.PUBLISHED


def test_without_history_the_refusal_still_names_who_saved(alice, bruno, published_profile):
    published_profile.missions.create(body="Piloter.")
    bruno_form = open_form(bruno, published_profile)
    alice.post(change_url(published_profile), open_form(alice, published_profile))

    response = bruno.post(change_url(published_profile), bruno_form)

    (message,) = response.context["adminform"].form.non_field_errors()
    assert "modifiée par Alice Martin" in message
    assert "Le détail des changements n’est pas connu" in message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_at_the_same_instant_the_second_is_told_not_locked_out(
    alice, bruno, published_profile
):
    """Both saves start together; on SQLite the loser used to get the 503 "database is locked"."""
    published_profile.missions.create(body="Piloter.")
    forms = {
        alice: open_form(alice, published_profile) | {"title": "Titre d’Alice"},
        bruno: open_form(bruno, published_profile) | {"title": "Titre de Bruno"},
    }
    start = threading.Barrier(len(forms))
    responses = {}

    def save(client):
        try:
            start.wait()
            responses[client] = client.post(change_url(published_profile), forms[client])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[client]) for client in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in responses.values()) == [200, 302]
    (winner,) = (client for client, response in responses.items() if response.status_code == 302)
    (loser,) = (client for client in responses if client is not winner)
    (message,) = responses[loser].context["adminform"].form.non_field_errors()
    assert "Votre enregistrement a été refusé" in message
    assert forms[loser]["title"] in responses[loser].content.decode()
    published_profile.refresh_from_db()
    assert published_profile.title == forms[winner]["title"]
