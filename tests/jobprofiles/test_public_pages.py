import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from taggit.models import Tag

from jobprofiles.models import JobFamily, JobProfile, RelatedProfile
from jobprofiles.views import JobProfileDetailView

from ..conftest import SITE_URL
from ..helpers import without_nonces

COO_URL = "/metiers/chief-operations-officer-coo/"


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def reached_directly(settings):
    """Headers of a request reaching the server by its own address, as when gunicorn is
    reached without the proxy: the public links must still name the public site."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    return {"host": "127.0.0.1:8000"}


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match and match.group(1)


# Listing: filters and pagination


def test_family_filter_shows_its_profiles_with_counts_and_a_way_back(client, seed_roles):
    response = client.get("/metiers/", {"famille": "ventes"})
    html = response.content.decode()

    assert {p.slug for p in response.context["profiles"]} == {"account-executive", "inside-sales"}
    assert "Métiers de la famille Ventes" in html
    assert 'Finance <span class="facets__count">(1)</span>' in html
    assert 'href="/metiers/">Effacer tous les filtres' in html
    assert 'href="?">Retirer' in html


def test_tag_filter_keeps_only_tagged_profiles(client, seed_roles):
    seed_roles["fpa-analyst"].tags.add("Analyse financière")

    response = client.get("/metiers/", {"tag": "analyse-financiere"})

    assert [p.slug for p in response.context["profiles"]] == ["fpa-analyst"]
    assert "Étiquette : Analyse financière" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"famille": "inconnue"}, {"tag": "x\x00y"}, {"famille": "é" * 300}]
)
def test_unknown_filters_are_ignored_with_a_notice(client, seed_roles, params):
    response = client.get("/metiers/", params)

    assert response.status_code == 200
    assert len(response.context["profiles"]) == 4
    assert "Ce filtre n’existe pas" in response.content.decode()


def test_a_tag_used_only_by_drafts_reads_exactly_like_an_unknown_tag(
    client, seed_roles, draft_profile
):
    draft_profile.tags.add("Projet secret")

    draft_only = client.get("/metiers/", {"tag": "projet-secret"})
    draft_profile.tags.clear()
    Tag.objects.filter(slug="projet-secret").delete()
    unknown = client.get("/metiers/", {"tag": "projet-secret"})

    assert "Ce filtre n’existe pas" in unknown.content.decode()
    assert without_nonces(draft_only.content) == without_nonces(unknown.content)


def test_the_list_sorts_titles_as_a_french_reader_expects(client, make_profile):
    """Accented and lower-case initials sort with their letter, on SQLite and PostgreSQL."""
    for title in ["Zoologiste", "Électricien", "directeur achats", "Ergonome", "Analyste"]:
        make_profile(title=title)

    response = client.get("/metiers/")

    assert [profile.title for profile in response.context["profiles"]] == [
        "Analyste",
        "directeur achats",
        "Électricien",
        "Ergonome",
        "Zoologiste",
    ]


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("0", 2), ("-3", 2), ("99999", 2), ("1e9", 1), ("2", 2)]
)
def test_any_page_number_gives_a_page(client, make_profile, page, shown):
    for _ in range(13):
        make_profile()

    response = client.get("/metiers/", {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_an_empty_result_says_so_and_suggests_a_way_out(client, seed_roles):
    html = client.get("/metiers/", {"q": "astronaute"}).content.decode()

    assert "Aucune fiche ne correspond à « astronaute »" in html
    assert "affichez toutes les fiches métiers" in html
    assert '<meta name="robots" content="noindex, follow">' in html


# Profile page


def test_breadcrumb_leads_home_through_the_list_and_the_family(client, coo):
    html = client.get(COO_URL).content.decode()
    start = html.index('aria-label="Fil d’Ariane"')
    breadcrumb = html[start : html.index("</nav>", start)]

    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', breadcrumb)
    assert links == [
        ("/", "Accueil"),
        ("/metiers/", "Fiches métiers"),
        ("/metiers/?famille=operations", "Opérations"),
    ]
    assert 'aria-current="page" lang="en">Chief Operations Officer (COO)' in breadcrumb


def test_profile_page_shows_its_update_date(client, coo):
    html = client.get(COO_URL).content.decode()
    date = coo.updated_at.date().isoformat()
    assert re.search(rf'Mis à jour le <time datetime="{date}">\d+ \w+ \d{{4}}</time>', html)


def test_related_cards_are_filled_up_with_the_closest_published_roles(client, make_profile, family):
    other_family = JobFamily.objects.create(name="Finance", slug="finance")
    profile = make_profile(title="Responsable des achats")
    profile.tags.add("négociation", "fournisseurs")
    chosen = make_profile(title="Acheteur", family=other_family)
    RelatedProfile.objects.create(from_profile=profile, to_profile=chosen)
    make_profile(title="Zèbre, même famille")
    make_profile(title="Analyste tags partagés", family=other_family).tags.add(
        "négociation", "fournisseurs"
    )
    make_profile(title="Analyste un tag", family=other_family).tags.add("négociation")
    make_profile(title="Brouillon même famille", status=JobProfile.Status.DRAFT)

    response = client.get(profile.get_absolute_url())

    titles = [card.profile.title for card in response.context["related_cards"]]
    assert titles == ["Acheteur", "Zèbre, même famille", "Analyste tags partagés"]


def test_tags_link_to_the_filtered_list(client, coo):
    coo.tags.add("Direction")
    html = client.get(COO_URL).content.decode()
    assert '<a class="tag" href="/metiers/?tag=direction">Direction</a>' in html


# Search engines and sharing


def test_profile_page_has_title_description_canonical_and_social_tags(
    client, coo, settings, reached_directly
):
    html = client.get(COO_URL, headers=reached_directly).content.decode()

    assert (
        "<title>Chief Operations Officer (COO) (Directeur des Opérations) — fiche métier</title>"
        in html
    )
    assert meta(html, "description") == coo.summary[:159] + "…"
    assert f'<link rel="canonical" href="{SITE_URL}{COO_URL}">' in html
    assert meta(html, "og:title") == "Chief Operations Officer (COO)"
    assert meta(html, "og:url") == SITE_URL + COO_URL
    assert meta(html, "twitter:card") == "summary_large_image"
    image = meta(html, "og:image")
    assert image.startswith(f"{SITE_URL}/media/renditions/") and image.endswith(".jpg")
    assert (settings.MEDIA_ROOT / image.removeprefix(f"{SITE_URL}/media/")).is_file()
    assert meta(html, "twitter:image") == image


@pytest.mark.parametrize(
    ("url", "canonical"),
    [("/", "/"), ("/metiers/?page=1", "/metiers/"), ("/metiers/?famille=operations", None)],
)
def test_home_and_list_canonical_links_name_the_public_site(
    client, seed_roles, reached_directly, url, canonical
):
    html = client.get(url, headers=reached_directly).content.decode()

    link = re.search(r'<link rel="canonical" href="([^"]*)">', html).group(1)
    assert link.startswith(SITE_URL + "/")
    if canonical:
        assert link == SITE_URL + canonical


def test_structured_data_describes_the_occupation_and_breadcrumb(client, coo, reached_directly):
    data = structured_data(client.get(COO_URL, headers=reached_directly).content.decode())

    occupation, breadcrumb = data["@graph"]
    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == "Chief Operations Officer (COO)"
    assert occupation["alternateName"] == ["Directeur des Opérations"]
    assert occupation["occupationalCategory"] == "Opérations"
    assert occupation["responsibilities"][0] == "Optimisation des processus opérationnels"
    assert occupation["skills"][-1] == "Capacité à gérer le stress"
    assert occupation["url"] == SITE_URL + COO_URL
    assert [item["name"] for item in breadcrumb["itemListElement"]][-1] == occupation["name"]
    assert breadcrumb["itemListElement"][-1]["item"] == SITE_URL + COO_URL


def test_structured_data_stays_valid_with_hostile_content(client, make_profile):
    title = 'Expert "JSON" </script><script>alert(1)</script> & co'
    profile = make_profile(title=title, summary="</SCRIPT> ' \" \\ \u2028")

    html = client.get(profile.get_absolute_url()).content.decode()

    assert len(re.findall(r"<script(?![^>]*\bsrc=)", html)) == 1, "one inline script only"
    data = structured_data(html)
    assert data["@graph"][0]["name"] == title
    assert data["@graph"][0]["description"] == "</SCRIPT> ' \" \\ \u2028"


def test_sitemap_lists_published_profiles_and_the_list_with_dates(
    client, seed_roles, draft_profile, reached_directly
):
    response = client.get("/sitemap.xml", headers=reached_directly)
    xml = response.content.decode()

    assert response.status_code == 200
    for slug in seed_roles:
        assert f"<loc>{SITE_URL}/metiers/{slug}/</loc>" in xml
    assert f"<loc>{SITE_URL}/metiers/</loc>" in xml
    assert draft_profile.slug not in xml
    assert xml.count("<lastmod>") == 6


def test_robots_txt_points_to_the_sitemap(client, db, reached_directly):
    response = client.get("/robots.txt", headers=reached_directly)

    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in response.content.decode()


# Error and information pages


def test_not_found_page_is_french_and_in_the_site_layout(client, db):
    response = client.get("/metiers/introuvable/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "Page introuvable" in html
    assert 'class="site-header"' in html and 'role="search"' in html


def test_server_error_page_is_french_and_in_the_site_layout(client, coo, monkeypatch):
    def explode(self, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(JobProfileDetailView, "get_context_data", explode)
    client.raise_request_exception = False

    response = client.get(COO_URL)

    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_accessibility_statement_is_linked_from_every_page(client, db):
    home = client.get("/").content.decode()
    statement = client.get("/accessibilite/").content.decode()

    assert 'href="/accessibilite/"' in home
    assert "partiellement conforme" in statement
    assert "RGAA 4.1" in statement


def test_accessibility_statement_gives_the_contact_address_when_set(client, db, settings):
    without = client.get("/accessibilite/").content.decode()
    settings.CONTACT_EMAIL = "accessibilite@example.fr"
    with_address = client.get("/accessibilite/").content.decode()

    assert "l’adresse indiquée sur notre page de recrutement" in without
    assert 'href="mailto:accessibilite@example.fr"' in with_address


# Weight


def test_a_profile_page_weighs_under_150_kb(client, coo, settings):
    """HTML, stylesheet and the images a phone downloads (the smaller WebP renditions)."""
    html = client.get(COO_URL).content.decode()
    stylesheet = Path(finders.find("css/site.css"))
    images = [
        srcset.split(",")[0].split()[0]
        for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html)
    ]

    sizes = [len(html.encode()), stylesheet.stat().st_size]
    sizes += [(settings.MEDIA_ROOT / url.removeprefix("/media/")).stat().st_size for url in images]

    assert len(images) == 4
    assert sum(sizes) < 150 * 1024


def breadcrumb_of(html):
    start = html.index('aria-label="Fil d’Ariane"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(
    ("url", "links", "current"),
    [
        ("/metiers/", [("/", "Accueil")], "Fiches métiers"),
        (
            "/metiers/?famille=ventes",
            [("/", "Accueil"), ("/metiers/", "Fiches métiers")],
            "Ventes",
        ),
        ("/accessibilite/", [("/", "Accueil")], "Accessibilité"),
    ],
)
def test_every_page_has_a_breadcrumb_ending_at_itself(client, seed_roles, url, links, current):
    breadcrumb = breadcrumb_of(client.get(url).content.decode())

    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', breadcrumb) == links
    assert f'<span aria-current="page">{current}</span>' in breadcrumb


def test_a_family_links_to_its_list_everywhere(client, seed_roles):
    """Home, profile header and breadcrumb all use the family's one address."""
    family = JobFamily.objects.get(slug="ventes")
    url = family.get_absolute_url()
    listed = client.get(url)
    home = client.get("/").content.decode()
    profile = client.get("/metiers/inside-sales/").content.decode()

    assert url == "/metiers/?famille=ventes"
    assert listed.context["family"] == family
    assert f'href="{url}"' in home
    assert profile.count(f'href="{url}"') == 2
