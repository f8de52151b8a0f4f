"""Search that understands how people name jobs: synonyms, excerpts, "Vouliez-vous dire".

Every case runs on SQLite and on PostgreSQL (DATABASE_URL), through the list page.
"""

import re

import pytest

from jobprofiles.models import JobFamily, Mission, SearchSynonym

SEARCH_URL = "/metiers/"


def found(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    return {profile.slug for profile in response.context["profiles"]}


def add_synonym_in_admin(admin_client, terms):
    response = admin_client.post("/admin/jobprofiles/searchsynonym/add/", {"terms": terms})
    assert response.status_code == 302, response.content.decode()


def test_commercial_finds_the_two_sales_roles_through_the_seed_synonyms(client, seed_roles):
    assert found(client, "commercial") == {"account-executive", "inside-sales"}


def test_daf_finds_the_fpa_analyst_once_the_editors_add_the_line(client, admin_client, seed_roles):
    assert found(client, "DAF") == set()

    add_synonym_in_admin(admin_client, "DAF = directeur administratif et financier = finance")

    assert "fpa-analyst" in found(client, "DAF")
    assert "fpa-analyst" in found(client, "directeur administratif et financier")


def test_removing_a_synonym_narrows_the_search_again(client, seed_roles):
    SearchSynonym.objects.get(terms__startswith="commercial").delete()

    assert found(client, "commercial") == set()


def test_a_synonym_needs_two_terms(admin_client, db):
    response = admin_client.post("/admin/jobprofiles/searchsynonym/add/", {"terms": "DAF"})

    assert "Indiquez au moins deux termes séparés par « = »" in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_family_names_are_searched_and_follow_a_rename(client, make_profile):
    family = JobFamily.objects.create(name="Juridique", slug="juridique")
    make_profile(title="Paralegal", slug="paralegal", family=family)
    assert found(client, "juridique") == {"paralegal"}

    family.name = "Droit des affaires"
    family.save()

    assert found(client, "juridique") == set()
    assert found(client, "droit affaires") == {"paralegal"}


def card_excerpt(html, slug):
    card = re.search(rf'href="/metiers/{slug}/".*?</article>', html, re.S).group(0)
    return re.search(r'<p class="card__summary card__excerpt">(.*?)</p>', card, re.S).group(1)


def test_each_result_quotes_where_the_words_matched(client, make_profile):
    profile = make_profile(title="Juriste", slug="juriste", summary="Conseille la direction.")
    body = "<p>Rédiger les <strong>contrats</strong> de télématique.</p>"
    Mission.objects.create(profile=profile, title="Contrats", body=body)

    html = client.get(SEARCH_URL, {"q": "telematique"}).content.decode()

    assert "<mark>télématique</mark>" in card_excerpt(html, "juriste")


def test_the_excerpt_marks_synonyms_too(client, seed_roles):
    html = client.get(SEARCH_URL, {"q": "commercial"}).content.decode()

    assert re.search(r"<mark>[Vv]entes?</mark>", card_excerpt(html, "inside-sales"))


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script> télématique",
        '"><img src=x onerror=alert(1)> télématique',
        "télématique &lt;b&gt;gras&lt;/b&gt; `<i>code</i>`",
    ],
)
def test_excerpts_escape_whatever_the_text_holds(client, make_profile, payload):
    profile = make_profile(title="Juriste", slug="juriste")
    Mission.objects.create(profile=profile, body=payload)

    excerpt = card_excerpt(client.get(SEARCH_URL, {"q": "telematique"}).content.decode(), "juriste")

    assert "<mark>télématique</mark>" in excerpt
    assert not re.search(r"<(?!/?mark>)", excerpt), excerpt


def test_a_mark_written_in_the_text_is_never_markup(client, make_profile):
    profile = make_profile(title="Juriste", slug="juriste")
    Mission.objects.create(profile=profile, body="Le \ue000télématique\ue001 <mark>x</mark>.")

    html = client.get(SEARCH_URL, {"q": "telematique"}).content.decode()

    assert card_excerpt(html, "juriste").count("<mark>") == 1


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("insdie sales", "Inside Sales"), ("acount executiv", "Account Executive")],
)
def test_a_typo_gets_the_closest_titles(client, seed_roles, query, suggestion):
    html = client.get(SEARCH_URL, {"q": query}).content.decode()

    assert "Aucune fiche ne correspond" in html
    link = f'<a href="?q={suggestion.replace(" ", "+")}">{suggestion}</a>'
    assert f"Vouliez-vous dire : {link}" in html


def test_a_typo_of_an_appellation_suggests_the_appellation(client, coo):
    html = client.get(SEARCH_URL, {"q": "directeur des operatoins"}).content.decode()

    assert "Vouliez-vous dire" in html and ">Directeur des Opérations</a>" in html


def test_nothing_close_suggests_nothing(client, seed_roles):
    html = client.get(SEARCH_URL, {"q": "astronaute"}).content.decode()

    assert "Aucune fiche ne correspond" in html
    assert "Vouliez-vous dire" not in html


def test_drafts_are_never_suggested(client, make_profile, draft_profile):
    make_profile(title="Chef de produit", slug="chef-de-produit")

    html = client.get(SEARCH_URL, {"q": "chef de projit"}).content.decode()

    assert ">Chef de produit</a>" in html
    assert ">Chef de projet</a>" not in html


def test_suggestions_are_published_titles_holding_the_typed_text(client, seed_roles, draft_profile):
    def titles(typed):
        response = client.get("/metiers/suggestions.json", {"q": typed})
        assert response.status_code == 200
        return [s["title"] for s in response.json()["suggestions"]]

    assert titles("SAL") == ["Inside Sales"]
    assert titles("directeur des op") == ["Chief Operations Officer (COO)"]
    assert titles("chef de") == []  # the draft
    assert titles("s") == []
    assert titles("\x00<script>") == []
    found = client.get("/metiers/suggestions.json", {"q": "sal"}).json()["suggestions"][0]
    assert found["url"] == "/metiers/inside-sales/"


def test_a_word_far_into_a_long_profile_is_quoted_too(client, make_profile):
    profile = make_profile(title="Juriste", slug="juriste", summary="Conseille la direction.")
    long_text = " ".join(["Rédiger les contrats et suivre les dossiers."] * 60)
    Mission.objects.create(profile=profile, body=f"<p>{long_text} Piloter la télématique.</p>")

    html = client.get(SEARCH_URL, {"q": "telematique"}).content.decode()

    assert "<mark>télématique</mark>" in card_excerpt(html, "juriste")
