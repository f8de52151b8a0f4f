"""The way to act from a profile: its openings, and sharing it without JavaScript."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.helpers import visible_text

from .admin_forms import post_change_form

SITE_OPENINGS = "https://carrieres.example.fr/offres"
OWN_OPENINGS = "https://ats.example.fr/postes?metier=coo"


def openings_links(html):
    return re.findall(r'<a class="button" href="([^"]+)">Voir les offres', html)


def test_without_any_openings_link_the_page_shows_no_button(client, coo, settings):
    settings.OPENINGS_URL = ""

    html = client.get(coo.get_absolute_url()).content.decode()

    assert openings_links(html) == []
    assert "Voir les offres" not in visible_text(html)


def test_the_site_openings_page_is_linked_near_the_top_and_at_the_end(client, coo, settings):
    settings.OPENINGS_URL = SITE_OPENINGS

    html = client.get(coo.get_absolute_url()).content.decode()
    text = visible_text(html)

    assert openings_links(html) == [SITE_OPENINGS, SITE_OPENINGS]
    assert text.index("Voir les offres") < text.index("Les missions")
    assert text.rindex("Voir les offres") > text.index("Nos autres fiches métiers")


def test_a_profile_s_own_openings_link_wins(admin_client, client, coo, settings):
    settings.OPENINGS_URL = SITE_OPENINGS

    response = post_change_form(admin_client, coo, openings_url=OWN_OPENINGS)

    assert response.status_code == 302
    assert openings_links(client.get(coo.get_absolute_url()).content.decode()) == [
        OWN_OPENINGS,
        OWN_OPENINGS,
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "carrieres.example.fr", "ftp://x.fr/"])
def test_an_openings_link_must_be_a_web_address(admin_client, coo, url):
    response = post_change_form(admin_client, coo, openings_url=url)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["openings_url"]
    assert errors == ["Collez l’adresse complète de la page des offres, commençant par https://."]
    coo.refresh_from_db()
    assert coo.openings_url == ""


def test_the_share_link_works_without_javascript(client, coo):
    html = client.get(coo.get_absolute_url()).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]

    mailto = re.search(r'<a class="button button--secondary" href="(mailto:[^"]+)"', html)[1]
    query = parse_qs(urlsplit(mailto.replace("&amp;", "&")).query)
    assert query["subject"] == ["Chief Operations Officer (COO) — fiche métier"]
    assert query["body"] == [canonical]
    assert canonical.endswith("/metiers/chief-operations-officer-coo/")
    copy = re.search(r'<button [^>]*data-copy-link="([^"]+)" hidden>Copier le lien</button>', html)
    assert unquote(copy[1]) == canonical
    assert '<script src="/static/js/profile.js" defer></script>' in html
