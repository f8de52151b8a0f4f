""" "Vouliez-vous dire" compares a mistyped query with each name once, and only with the names
published profiles bear now (SearchName), on SQLite and on PostgreSQL."""

import re

from django.core.management import call_command

from jobprofiles.models import Appellation, SearchName

from .admin_forms import post_change_form


def proposed(client, query):
    html = client.get("/metiers/", {"q": query}).content.decode()
    assert "Aucune fiche ne correspond" in html
    line = re.search(r'<p class="did-you-mean">(.*?)</p>', html, re.S)
    return re.findall(r">([^<]+)</a>", line[1]) if line else []


def test_a_name_many_profiles_bear_is_proposed_once_beside_the_others(client, make_profile):
    for _ in range(12):
        make_profile(title="Gestionnaire de paie")
    make_profile(title="Gestionnaire de parc")
    Appellation.objects.create(profile=make_profile(title="Comptable"), name="Gestionnaire de pay")

    assert sorted(proposed(client, "gestionaire de paie")) == [
        "Gestionnaire de paie",
        "Gestionnaire de parc",
        "Gestionnaire de pay",
    ]


def test_a_former_title_or_appellation_is_no_longer_proposed(admin_client, make_profile):
    profile = make_profile(title="Archiviste")
    Appellation.objects.create(profile=make_profile(title="Pharmacien"), name="Documentaliste")
    assert proposed(admin_client, "archivste") == ["Archiviste"]

    post_change_form(admin_client, profile, title="Cartographe")
    Appellation.objects.filter(name="Documentaliste").delete()

    assert proposed(admin_client, "archivste") == []
    assert proposed(admin_client, "documentalist") == []
    assert proposed(admin_client, "cartographr") == ["Cartographe"]


def test_migrate_forgets_the_names_no_profile_bears(client, make_profile):
    renamed = make_profile(title="Archiviste")
    make_profile(title="Cartographe").delete()
    renamed.title = "Géomètre"
    renamed.save()
    SearchName.objects.filter(name="Géomètre").delete()  # as saved before names were kept

    call_command("migrate", verbosity=0)

    assert list(SearchName.objects.values_list("name", flat=True)) == ["Géomètre"]
    assert proposed(client, "geometre x") == ["Géomètre"]
