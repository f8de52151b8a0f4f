"""Every public page type, read as text: no markup or entity may show as text.

Templates escape what they print; a value that is already HTML but not marked safe gets
escaped a second time, and the reader sees `<p>` or `&#x27;` on the page. Only the rendered
page shows that, so these tests read pages through HTTP, as a visitor's browser does.
"""

import json
import re

import pytest

from jobprofiles.models import JobProfile
from tests.helpers import MARKUP_AS_TEXT, markup_written_as_text, visible_text

from .seed_document import read_seed

SEED = read_seed()
SEED_PAGES = [
    "/metiers/chief-operations-officer-coo/",
    "/metiers/account-executive/",
    "/metiers/inside-sales/",
    "/metiers/fpa-analyst/",
]
PUBLIC_PAGES = [
    "/",
    "/metiers/",
    "/metiers/?q=vente",
    "/metiers/?q=astronaute",
    "/metiers/?famille=ventes",
    "/metiers/?tag=negociation",
    "/metiers/?famille=inconnue",
    *SEED_PAGES,
    "/accessibilite/",
]
HOSTILE_SUMMARY = "L'équipe R&D <b>pas en gras</b> & co : « 5 < 10 » &amp; voilà."


def one_line(text):
    return " ".join(text.split())


def structured_strings(html):
    """Every string of the page's JSON-LD, which search engines show as text too."""
    strings = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            strings.append(value)

    for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S):
        walk(json.loads(block))
    return strings


def assert_no_markup_as_text(html):
    found = markup_written_as_text(html)
    found += [m.group() for text in structured_strings(html) for m in MARKUP_AS_TEXT.finditer(text)]
    assert found == []


@pytest.fixture
def tagged_seed(seed_roles):
    seed_roles["account-executive"].tags.add("Négociation")
    return seed_roles


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_show_no_markup_as_text(client, tagged_seed, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_no_markup_as_text(response.content.decode())


def test_the_not_found_page_shows_no_markup_as_text(client, seed_roles):
    response = client.get("/metiers/introuvable/")

    assert response.status_code == 404
    assert_no_markup_as_text(response.content.decode())


def test_the_preview_of_a_draft_shows_no_markup_as_text(admin_client, make_profile):
    draft = make_profile(summary="L'essentiel du métier.", status=JobProfile.Status.DRAFT)

    response = admin_client.get(f"/metiers/apercu/{draft.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert_no_markup_as_text(html)
    assert "L'essentiel du métier." in visible_text(html)


def test_the_coo_page_shows_the_seed_text_verbatim(client, seed_roles):
    text = visible_text(client.get(SEED_PAGES[0]).content.decode())

    paragraphs = [SEED["title"], SEED["introduction"], *SEED["environment"]]
    for relation in ("missions", "enjeux", "competences"):
        paragraphs += [part for pair in SEED[relation] for part in pair]
    for paragraph in paragraphs:
        assert one_line(paragraph) in text


@pytest.mark.parametrize(("path", "seed"), list(zip(SEED_PAGES[1:], SEED["others"], strict=True)))
def test_the_other_seed_pages_show_their_seed_summary_verbatim(client, seed_roles, path, seed):
    title, summary = seed
    text = visible_text(client.get(path).content.decode())

    assert title in text
    assert one_line(summary) in text


def test_a_summary_with_html_characters_shows_as_written(client, make_profile):
    """The summary is plain text: what the editor typed is what the reader reads."""
    profile = make_profile(summary=HOSTILE_SUMMARY)

    html = client.get(profile.get_absolute_url()).content.decode()

    assert HOSTILE_SUMMARY in visible_text(html)
    assert "<b>pas en gras</b>" not in html


def lead(html):
    return re.search(r'<div class="profile__lead">(.*?)</div>', html, re.S).group(1)


def test_the_lead_is_the_introduction_or_else_the_summary(client, make_profile):
    introduction = "<p>L’<em>introduction</em>.</p>"
    with_introduction = make_profile(summary="Le résumé.", introduction=introduction)
    without = make_profile(summary="Le résumé.\n\nSecond paragraphe.")

    shown = lead(client.get(with_introduction.get_absolute_url()).content.decode())
    fallback = lead(client.get(without.get_absolute_url()).content.decode())

    assert shown == "<p>L’<em>introduction</em>.</p>"
    assert fallback == "<p>Le résumé.</p>\n\n<p>Second paragraphe.</p>"
