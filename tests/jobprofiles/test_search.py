"""Search cases that must give the same answers on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobprofiles.models import JobProfile, Mission
from jobprofiles.search import MAX_QUERY_LENGTH, clean_query, normalise


def result_slugs(client, query, **params):
    response = client.get("/metiers/", {"q": query, **params})
    assert response.status_code == 200
    return [profile.slug for profile in response.context["profiles"]]


@pytest.mark.parametrize("query", ["operations", "Opérations", "OPERATIONS", "opérations"])
def test_search_finds_accented_words_without_accents_title_match_first(client, seed_roles, query):
    assert result_slugs(client, query)[0] == "chief-operations-officer-coo"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fidelisation", {"chief-operations-officer-coo", "account-executive"}),
        ("fidélisation", {"chief-operations-officer-coo", "account-executive"}),
        ("equipe", {"chief-operations-officer-coo", "inside-sales"}),
        ("prospects", {"account-executive", "inside-sales"}),
        ("reporting", {"fpa-analyst"}),
        ("oeuvre", {"chief-operations-officer-coo"}),
        ("goulots d’étranglement", {"chief-operations-officer-coo"}),
        ("astronaute", set()),
    ],
)
def test_search_is_insensitive_to_accents_and_case(client, seed_roles, query, expected):
    assert set(result_slugs(client, query)) == expected


def test_search_covers_sections_titles_and_tags(client, make_profile):
    profile = make_profile(title="Juriste", slug="juriste")
    Mission.objects.create(profile=profile, title="Conseil en conformité", body="Rédiger.")
    tagged = make_profile(title="Acheteur", slug="acheteur")
    tagged.tags.add("négociation")

    assert result_slugs(client, "conformite") == ["juriste"]
    assert result_slugs(client, "negociation") == ["acheteur"]


def test_a_title_match_ranks_before_a_body_match(client, make_profile):
    in_body = make_profile(title="Assistant de direction", slug="assistant")
    Mission.objects.create(profile=in_body, body="Il épaule le contrôleur de gestion au quotidien.")
    make_profile(title="Contrôleur de gestion", slug="controleur", summary="Suit les budgets.")

    assert result_slugs(client, "controleur") == ["controleur", "assistant"]


def test_search_follows_section_edits_and_deletions(client, published_profile):
    mission = Mission.objects.create(profile=published_profile, body="Piloter la télématique.")
    assert result_slugs(client, "telematique") == [published_profile.slug]

    mission.body = "Piloter les entrepôts."
    mission.save()
    assert result_slugs(client, "telematique") == []
    assert result_slugs(client, "entrepots") == [published_profile.slug]

    mission.delete()
    assert result_slugs(client, "entrepots") == []


def test_search_never_returns_drafts(client, make_profile):
    make_profile(title="Cartographe", status=JobProfile.Status.DRAFT)
    assert result_slugs(client, "cartographe") == []


def test_search_combines_with_family_and_tag_filters(client, seed_roles):
    seed_roles["inside-sales"].tags.add("Téléphone")

    assert set(result_slugs(client, "clients", famille="ventes")) == {
        "account-executive",
        "inside-sales",
    }
    assert result_slugs(client, "clients", famille="ventes", tag="telephone") == ["inside-sales"]


@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "' OR 1=1 --",
        '"; DROP TABLE jobprofiles_jobprofile; --',
        'opérations "gestion',
        "\x00opérations\x00",
        "!!! & | ( ) : * <>",
        "-",
        '""',
        "\ufffd\ufffd",
    ],
)
def test_hostile_queries_get_a_normal_page(client, seed_roles, query):
    response = client.get("/metiers/", {"q": query})

    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert JobProfile.objects.count() == 4


def test_invalid_utf8_in_the_query_string_gets_a_normal_page(client, seed_roles):
    response = client.get("/metiers/?q=op%E9rations%ff%fe&famille=%ff")
    assert response.status_code == 200


def test_clean_query_strips_control_characters_and_cuts_long_input():
    assert clean_query("  gestion\x00 de\tprojet \n") == "gestion de projet"
    assert len(clean_query("x" * 5000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_normalise_removes_accents_and_ligatures():
    assert normalise("Mise en Œuvre, Équipe") == "mise en oeuvre, equipe"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner only")
def test_a_search_reads_its_matches_through_the_search_index(client, make_profile):
    """A word in most profiles would otherwise be matched row by row over the whole table."""
    for number in range(15):
        make_profile(title=f"Gestionnaire {number}")

    with CaptureQueriesContext(connection) as queries:
        assert len(result_slugs(client, "gestionnaire")) == 12

    statements = [query["sql"] for query in queries]
    # The family counts, then the page's ranked ids, in the transaction that turns scans off.
    counts_at, page_at = [at for at, sql in enumerate(statements) if "search_vector" in sql]
    assert statements[counts_at - 1] == "SET LOCAL enable_seqscan = off"
    assert not any(
        sql.startswith(("COMMIT", "RELEASE SAVEPOINT")) for sql in statements[counts_at:page_at]
    )
