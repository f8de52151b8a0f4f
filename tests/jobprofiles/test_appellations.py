"""Appellations: the other names of a role, edited as a list, searched and shown."""

import json
import re

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobprofiles.models import Appellation, JobProfile, Mission

from .admin_forms import change_form_data, change_url

COO_URL = "/metiers/chief-operations-officer-coo/"


def structured_occupation(html):
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["@graph"][0]


def add_appellations_in_admin(client, profile, *names):
    """Fill new rows of the appellations list of the change form, as an editor does."""
    data = change_form_data(client.get(change_url(profile)))
    first = int(data["appellations-TOTAL_FORMS"])
    for offset, name in enumerate(names):
        data[f"appellations-{first + offset}-name"] = name
        data[f"appellations-{first + offset}-position"] = str(first + offset + 1)
        data[f"appellations-{first + offset}-profile"] = str(profile.pk)
    data["appellations-TOTAL_FORMS"] = str(first + len(names))
    return client.post(change_url(profile), data)


def test_the_seed_page_shows_its_first_appellation_as_before(client, coo):
    html = client.get(COO_URL).content.decode()

    assert [a.name for a in coo.appellations.all()] == ["Directeur des Opérations"]
    assert '<p class="profile__alt-title">Directeur des Opérations</p>' in html
    assert "<title>Chief Operations Officer (COO) (Directeur des Opérations) — fiche" in html
    assert "Aussi appelé" not in html


def test_appellations_added_in_the_admin_show_on_the_page_and_in_json_ld(admin_client, coo):
    response = add_appellations_in_admin(
        admin_client, coo, "Head of Operations", "Responsable des opérations"
    )
    assert response.status_code == 302, response.context and response.context["errors"]

    html = admin_client.get(COO_URL).content.decode()
    assert '<p class="profile__alt-title">Directeur des Opérations</p>' in html
    assert "Aussi appelé : Head of Operations, Responsable des opérations" in html
    assert structured_occupation(html)["alternateName"] == [
        "Directeur des Opérations",
        "Head of Operations",
        "Responsable des opérations",
    ]


def test_an_appellation_is_escaped_on_the_page(admin_client, coo):
    add_appellations_in_admin(admin_client, coo, "<script>alert(1)</script>")

    html = admin_client.get(COO_URL).content.decode()
    assert "Aussi appelé : &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_same_appellation_twice_is_refused_with_a_french_message(admin_client, coo):
    response = add_appellations_in_admin(admin_client, coo, "Directeur des Opérations")

    assert response.status_code == 200
    assert "Cette appellation figure deux fois dans la liste" in response.content.decode()
    assert coo.appellations.count() == 1


def test_removing_the_first_appellation_moves_the_next_one_under_the_title(client, coo):
    Appellation.objects.create(profile=coo, name="Head of Operations", position=1)
    coo.appellations.get(position=0).delete()

    coo.refresh_from_db()
    assert coo.alternative_title == "Head of Operations"
    assert (
        '<p class="profile__alt-title">Head of Operations</p>'
        in client.get(COO_URL).content.decode()
    )


def search_slugs(client, query):
    response = client.get("/metiers/", {"q": query})
    return [profile.slug for profile in response.context["profiles"]]


def test_an_appellation_is_searched_with_the_title_weight(client, make_profile):
    in_body = make_profile(title="Assistant de direction", slug="assistant")
    Mission.objects.create(profile=in_body, body="Il épaule le responsable des achats.")
    named = make_profile(title="Acheteur", slug="acheteur", summary="Négocie.")
    named.appellations.create(name="Responsable des achats")

    assert search_slugs(client, "responsable achats") == ["acheteur", "assistant"]


def test_the_migration_makes_each_alternative_title_a_first_appellation(
    django_db_serialized_rollback, transactional_db
):
    executor = MigrationExecutor(connection)
    executor.migrate([("jobprofiles", "0008_sort_title")])
    old_apps = executor.loader.project_state([("jobprofiles", "0008_sort_title")]).apps
    family = old_apps.get_model("jobprofiles", "JobFamily").objects.create(name="Ops", slug="ops")
    profiles = old_apps.get_model("jobprofiles", "JobProfile").objects
    profiles.create(
        title="COO",
        slug="coo",
        alternative_title="Directeur des Opérations",
        summary="Résumé.",
        family=family,
    )
    profiles.create(title="CFO", slug="cfo", summary="Résumé.", family=family)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Appellation.objects.values_list("profile__slug", "name", "position")) == [
        ("coo", "Directeur des Opérations", 0)
    ]
    assert JobProfile.objects.get(slug="coo").alternative_title == "Directeur des Opérations"
