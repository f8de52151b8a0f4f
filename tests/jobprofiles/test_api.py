"""The open API under /api/v1/, its schema, exports and the Atom feed, read over HTTP."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from openapi_spec_validator import validate

from core.cache import bump_content_version
from jobprofiles.models import JobProfile

API = "/api/v1"
COO = "chief-operations-officer-coo"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The API is cached like the pages, as in production."""
    settings.PAGE_CACHE_SECONDS = 600


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schema_is_valid_openapi_and_has_a_documentation_page(client, db):
    schema = get_json(client, f"{API}/openapi.json")
    validate(schema)

    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()


def test_every_documented_endpoint_answers(client, seed_roles):
    schema = get_json(client, f"{API}/openapi.json")
    paths = [path.replace("{slug}", COO) for path in schema["paths"]]

    assert {"/api/v1/profiles", f"/api/v1/profiles/{COO}", "/api/v1/families"} <= set(paths)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content, path


def test_the_list_is_paginated_and_filtered(client, seed_roles, make_profile):
    everything = get_json(client, f"{API}/profiles")
    assert everything["count"] == 4 and everything["pages"] == 1
    assert [p["slug"] for p in everything["items"]][0] == "account-executive"

    sales = get_json(client, f"{API}/profiles", family="ventes")
    assert {p["slug"] for p in sales["items"]} == {"account-executive", "inside-sales"}
    assert get_json(client, f"{API}/profiles", q="commercial")["count"] == 2
    assert get_json(client, f"{API}/profiles", tag="n-existe-pas")["count"] == 0
    later = get_json(client, f"{API}/profiles", updated_since="2999-01-01T00:00:00Z")
    assert later["count"] == 0

    for _ in range(21):
        make_profile()
    second = get_json(client, f"{API}/profiles", page=2)
    assert (second["count"], second["page"], second["pages"], len(second["items"])) == (
        25,
        2,
        2,
        5,
    )


def test_an_address_with_a_trailing_slash_leads_to_the_endpoint(client, seed_roles):
    response = client.get(f"{API}/profiles/", {"family": "operations"})

    assert response.status_code == 308
    assert response["Location"] == f"{API}/profiles?family=operations"
    assert client.get(f"{API}/profiles/{COO}/", follow=True).json()["slug"] == COO
    assert client.get(f"{API}/nothing-here/", follow=True).status_code == 404
    assert client.get(f"{API}/nothing-here", follow=True).status_code == 404


def test_bad_parameters_get_a_french_error(client, seed_roles):
    response = client.get(f"{API}/profiles", {"updated_since": "hier", "page": "zéro"})

    assert response.status_code == 422
    assert response.json()["detail"] == "Paramètres invalides : vérifiez leur format."


def test_one_profile_carries_everything_its_page_shows(client, coo, settings):
    JobProfile.objects.filter(pk=coo.pk).update(rome_code="M1302")
    profile = get_json(client, f"{API}/profiles/{COO}")

    assert profile["title"] == "Chief Operations Officer (COO)"
    assert profile["url"] == f"{settings.SITE_URL}/metiers/{COO}/"
    assert profile["appellations"] == ["Directeur des Opérations"]
    assert [s["heading"] for s in profile["sections"]] == [
        "Les missions",
        "Enjeux du poste",
        "Profil & Compétences",
        "Équipe & environnement",
    ]
    assert len(profile["sections"][0]["items"]) == 5
    assert [p["title"] for p in profile["career_paths"]] == [
        "Account Executive",
        "Inside Sales",
        "FP&A Analyst",
    ]
    renditions = profile["image"]["renditions"]
    assert {(r["width"], r["format"]) for r in renditions} >= {(400, "WEBP"), (1200, "JPEG")}
    assert all(r["url"].startswith(f"{settings.SITE_URL}/media/renditions/") for r in renditions)
    assert profile["codes"] == {"rome": "M1302"}
    assert {"name": "rome_code", "label": "code ROME", "value": "M1302"} in profile["key_facts"]


def test_drafts_and_unknown_slugs_are_a_french_404(client, draft_profile):
    for slug in (draft_profile.slug, "n-existe-pas", "%00"):
        response = client.get(f"{API}/profiles/{slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Aucune fiche publiée à cette adresse."}

    assert get_json(client, f"{API}/profiles")["count"] == 0
    assert draft_profile.slug not in client.get(f"{API}/export.csv").content.decode()


def test_responses_carry_an_etag_answer_304_and_follow_edits(client, coo):
    first = client.get(f"{API}/profiles/{COO}")
    assert first.status_code == 200 and first["ETag"]

    again = client.get(f"{API}/profiles/{COO}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    coo.summary = "Un résumé tout neuf."
    coo.save()
    bump_content_version()  # what committing the save does (core.signals)
    edited = client.get(f"{API}/profiles/{COO}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200
    assert edited.json()["summary"] == "Un résumé tout neuf."


def test_any_origin_may_read_the_api_from_a_browser(client, coo):
    response = client.get(f"{API}/families", HTTP_ORIGIN="https://jobboard.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(
        "/metiers/", HTTP_ORIGIN="https://jobboard.example"
    )


def test_an_address_over_its_rate_gets_a_json_429(client, settings, db):
    settings.API_RATE_LIMIT = "3/m"
    cache.clear()
    statuses = [client.get(f"{API}/families").status_code for _ in range(4)]
    other = client.get(f"{API}/families", REMOTE_ADDR="10.0.0.2")

    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{API}/families")
    assert "Trop de requêtes" in refused.json()["detail"]
    assert int(refused["Retry-After"]) >= 1
    assert other.status_code == 200


def test_the_csv_and_json_exports_hold_the_published_catalogue(client, seed_roles):
    response = client.get(f"{API}/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert {row["slug"] for row in rows} == set(seed_roles)
    coo_row = next(row for row in rows if row["slug"] == COO)
    assert coo_row["appellations"] == "Directeur des Opérations"
    assert coo_row["family"] == "Opérations"

    exported = get_json(client, f"{API}/export.json")["profiles"]
    assert [p["slug"] for p in exported] == [row["slug"] for row in rows]


def test_the_atom_feed_lists_published_profiles_newest_first(client, seed_roles, draft_profile):
    response = client.get("/metiers/flux.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("atom:entry", ns)
    titles = [entry.find("atom:title", ns).text for entry in entries]
    assert set(titles) == {profile.title for profile in seed_roles.values()}
    assert all(entry.find("atom:updated", ns) is not None for entry in entries)
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/metiers/flux.atom"',
        client.get("/").content.decode(),
    )
