import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobprofiles.models import (
    Competence,
    Enjeu,
    EnvironmentItem,
    JobProfile,
    Mission,
    RelatedProfile,
)

from .seed_document import read_seed

COO_URL = "/metiers/chief-operations-officer-coo/"


def page_text(response):
    """The page's text as a reader sees it: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_home_page_offers_search_families_and_latest_profiles(client, seed_roles):
    response = client.get("/")

    text = page_text(response)
    assert response.status_code == 200
    assert 'action="/metiers/"' in response.content.decode()
    assert "Opérations 1 fiche" in text and "Ventes 2 fiches" in text
    assert all(profile.title in text for profile in seed_roles.values())


def test_list_shows_a_card_per_published_profile(client, published_profile, draft_profile):
    response = client.get("/metiers/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert published_profile.get_absolute_url() in html
    assert draft_profile.get_absolute_url() not in html
    assert "Chef de projet" not in html


def test_empty_list_says_so(client, db):
    response = client.get("/metiers/")
    assert "Aucune fiche métier n’est publiée" in response.content.decode()


def test_list_is_paginated_by_twelve(client, make_profile):
    for _ in range(13):
        make_profile()

    first, second = client.get("/metiers/"), client.get("/metiers/?page=2")

    assert len(first.context["profiles"]) == 12
    assert len(second.context["profiles"]) == 1
    assert 'rel="next"' in first.content.decode()


def test_draft_profile_is_not_public(client, draft_profile):
    assert client.get(draft_profile.get_absolute_url()).status_code == 404


def test_unknown_slug_is_a_404(client, db):
    assert client.get("/metiers/n-existe-pas/").status_code == 404


def test_coo_page_shows_every_seed_item_in_order(client, coo):
    seed = read_seed()
    text = page_text(client.get(COO_URL))

    expected = [seed["title"], "Directeur des Opérations", seed["introduction"]]
    for heading, relation in [
        ("Les missions", "missions"),
        ("Enjeux du poste", "enjeux"),
        ("Profil & Compétences", "competences"),
    ]:
        expected.append(heading)
        for title, body in seed[relation]:
            expected += [title, body]
    expected += ["Équipe & environnement", *seed["environment"], "Nos autres fiches métiers"]
    expected += [title for title, _ in seed["others"]]

    position = -1
    for fragment in expected:
        position = text.index(fragment, position + 1)
    assert "Title example" not in text
    assert ".png)" not in text


def test_sections_are_headed_and_linked_from_the_table_of_contents(client, coo):
    html = client.get(COO_URL).content.decode()

    for anchor, heading in [
        ("missions", "Les missions"),
        ("enjeux", "Enjeux du poste"),
        ("competences", "Profil &amp; Compétences"),
        ("equipe-environnement", "Équipe &amp; environnement"),
    ]:
        assert f'href="#{anchor}"' in html
        assert re.search(rf'<section[^>]*id="{anchor}"', html)
        assert f">{heading}</h2>" in html
    assert html.count("<h1") == 1


def test_a_section_without_items_is_left_out(client, published_profile):
    Mission.objects.create(profile=published_profile, title="Piloter", body="Texte.")

    html = client.get(published_profile.get_absolute_url()).content.decode()

    assert "Les missions" in html
    assert "Enjeux du poste" not in html
    assert 'id="enjeux"' not in html


def test_section_bodies_never_carry_scripts(client, published_profile):
    Mission.objects.create(profile=published_profile, body="<p><script>alert(1)</script>Texte</p>")

    html = client.get(published_profile.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    # The JSON-LD block, where the text is escaped, and the site's own static scripts.
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 3 and 'type="application/ld+json"' in scripts[0]
    assert scripts[1:] == [
        '<script src="/static/js/suggestions.js" defer>',
        '<script src="/static/js/profile.js" defer>',
    ]
    assert "<p>Texte</p>" in html


def test_related_cards_link_and_show_resized_images(client, seed_roles, settings):
    html = client.get(COO_URL).content.decode()
    related_part = html[html.index("Nos autres fiches métiers</h2>") :]

    assert related_part.count('class="card"') == 3
    for slug in ("account-executive", "inside-sales", "fpa-analyst"):
        assert f'href="/metiers/{slug}/"' in related_part
    assert "Ventes" in related_part and "Finance" in related_part
    assert 'lang="en">Account Executive<' in related_part
    sources = re.findall(r'src="(/media/[^"]+)"', related_part)
    assert len(sources) == 3
    for source in sources:
        assert source.startswith("/media/renditions/") and source.endswith(".jpg")
        assert (settings.MEDIA_ROOT / source.removeprefix("/media/")).is_file()
    assert related_part.count('type="image/webp"') == 3
    assert related_part.count('loading="lazy"') == 3
    assert re.search(r'<img [^>]*width="400" height="225"', related_part)


def test_uploaded_images_are_served_when_media_serving_is_on(client, seed_roles, settings):
    settings.SERVE_MEDIA = True
    image = seed_roles["inside-sales"].image

    response = client.get(image.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_uploaded_images_are_not_served_when_media_serving_is_off(client, seed_roles, settings):
    settings.SERVE_MEDIA = False
    assert client.get(seed_roles["inside-sales"].image.url).status_code == 404


def test_draft_related_roles_get_no_card(client, make_profile):
    profile, published, draft = (
        make_profile(),
        make_profile(title="Visible"),
        make_profile(title="Caché", status=JobProfile.Status.DRAFT),
    )
    RelatedProfile.objects.create(from_profile=profile, to_profile=draft, position=1)
    RelatedProfile.objects.create(from_profile=profile, to_profile=published, position=2)

    html = client.get(profile.get_absolute_url()).content.decode()

    assert "Visible" in html
    assert "Caché" not in html


def test_english_titles_are_marked_as_english(client, coo):
    html = client.get(COO_URL).content.decode()
    assert re.search(
        r'<h1 class="profile__title" lang="en">Chief Operations Officer \(COO\)</h1>', html
    )


def add_content(profile, make_profile, items):
    for model in (Mission, Enjeu, Competence, EnvironmentItem):
        for position in range(items):
            model.objects.create(profile=profile, body="Texte.", position=position)
    for _ in range(items):
        RelatedProfile.objects.create(from_profile=profile, to_profile=make_profile())
    profile.tags.add(*[f"étiquette {n}" for n in range(items)])


def test_profile_page_query_count_does_not_grow_with_content(client, make_profile):
    """Guards against N+1 queries on sections, appellations, tags and related cards: the
    page is stored with the profile's row when editors chose its related cards."""
    small, large = make_profile(), make_profile()
    add_content(small, make_profile, 3)
    add_content(large, make_profile, 12)

    counts = {count_queries(client, small.get_absolute_url()) for _ in range(2)}
    counts |= {count_queries(client, large.get_absolute_url()) for _ in range(2)}

    assert counts == {1}, "the profile with its stored page"


def test_profile_page_query_count_with_suggested_related_roles(client, make_profile):
    """Filling up the related cards costs two queries (the ranking, the cards), whatever the
    catalogue holds."""
    profile = make_profile()
    add_content(profile, make_profile, 1)
    for _ in range(5):
        make_profile()

    count = count_queries(client, profile.get_absolute_url())

    assert count == 4


@pytest.mark.parametrize("profiles", [1, 30])
@pytest.mark.parametrize("params", ["", "?q=metier", "?famille=operations&page=2", "?tag=x"])
def test_list_page_query_count_does_not_grow_with_profiles(client, make_profile, profiles, params):
    """Guards against one query per card for its family or excerpt, and bounds searches.

    A list counts its rows by family, then reads its page's ids; a search also reads the
    synonyms and the page's excerpts (and, on PostgreSQL, sets up the search index in a
    savepoint).
    """
    for _ in range(profiles):
        make_profile()
    make_profile().tags.add("x")

    assert count_queries(client, f"/metiers/{params}") <= 10
