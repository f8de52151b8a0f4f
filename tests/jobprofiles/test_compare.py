"""Comparing two roles side by side, reached from each profile page."""

import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from .test_views import count_queries

COMPARE = "/metiers/comparer/"
COO = "chief-operations-officer-coo"


def text_of(response):
    assert response.status_code == 200
    return " ".join(unescape(strip_tags(response.content.decode())).split())


def test_two_roles_side_by_side_section_by_section(client, seed_roles):
    response = client.get(COMPARE, {"a": "account-executive", "b": "inside-sales"})
    html = response.content.decode()
    text = text_of(response)

    assert "Comparer Account Executive et Inside Sales" in text
    assert "La même famille : Ventes" in text
    headings = re.findall(r'<h2 id="compare-[^"]*">(.*?)</h2>', html)
    assert headings[0] == "En bref"
    # Every block names its role, so stacked blocks on a phone still say whose they are.
    roles = re.findall(r'<h3 class="compare__role"[^>]*>(?:<a [^>]*>)?([^<]*)<', html)
    assert roles[:2] == ["Account Executive", "Inside Sales"]
    assert len(roles) == 2 * len(headings)


def test_what_two_roles_share_is_said(client, seed_roles):
    text = text_of(client.get(COMPARE, {"a": COO, "b": "inside-sales"}))

    assert "Deux familles : Opérations et Ventes" in text
    assert "L’une des deux fiches mène à l’autre dans ses parcours." in text


def test_the_sections_follow_the_page_order_and_say_what_one_lacks(client, make_profile):
    from jobprofiles.models import Enjeu, Mission

    first, second = make_profile(title="Juriste"), make_profile(title="Acheteur")
    Mission.objects.create(profile=first, body="Conseiller.")
    Enjeu.objects.create(profile=second, body="Négocier.")
    Mission.objects.create(profile=second, body="Acheter.")

    response = client.get(COMPARE, {"a": first.slug, "b": second.slug})
    headings = re.findall(r'<h2 id="compare-[^"]*">(.*?)</h2>', response.content.decode())

    assert headings == ["En bref", "Les missions", "Enjeux du poste"]
    assert "Cette fiche ne détaille pas cette partie." in text_of(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"a": COO, "b": COO}, "Choisissez deux fiches différentes"),
        ({"a": COO, "b": "n-existe-pas"}, "Aucune fiche publiée ne répond à « n-existe-pas »"),
        ({"a": COO, "b": ""}, "Choisissez deux fiches métiers à comparer."),
        ({"a": "x" * 500, "b": "\x00<b>"}, "Aucune fiche publiée ne répond à"),
    ],
)
def test_bad_choices_get_a_french_message_never_a_500(client, seed_roles, params, message):
    text = text_of(client.get(COMPARE, params))

    assert message in text
    assert "Ce qu’ils ont en commun" not in text


def test_a_draft_cannot_be_compared(client, seed_roles, draft_profile):
    text = text_of(client.get(COMPARE, {"a": COO, "b": draft_profile.slug}))

    assert f"Aucune fiche publiée ne répond à « {draft_profile.slug} »" in text
    assert draft_profile.title not in text


def test_each_profile_page_leads_to_the_comparison_with_its_role_chosen(client, seed_roles):
    html = client.get(f"/metiers/{COO}/").content.decode()
    link = re.search(r'<a class="[^"]*" href="([^"]+)">Comparer avec un autre métier</a>', html)

    assert link.group(1) == f"/metiers/comparer/?a={COO}"
    page = client.get(link.group(1)).content.decode()
    assert (COO, " selected") in select_options(page, "a")
    assert {slug for slug, _ in select_options(page, "b")} == set(seed_roles)
    assert 'role="alert"' not in page  # choosing the second role is no mistake
    # What the browser sends when the visitor picks the second role and submits.
    text = text_of(client.get(COMPARE, {"a": COO, "b": "inside-sales"}))
    assert "Ce qu’ils ont en commun" in text


def test_the_comparison_costs_the_same_queries_whatever_the_content(client, make_profile):
    """Guards against N+1 queries on the sections, tags and career paths of either role."""
    from jobprofiles.models import Mission

    small = [make_profile(), make_profile()]
    large = [make_profile(), make_profile()]
    for profile in large:
        for position in range(8):
            Mission.objects.create(profile=profile, body="Texte.", position=position)
        profile.tags.add(*[f"étiquette {n}" for n in range(5)])

    counts = {count_queries(client, f"{COMPARE}?a={a.slug}&b={b.slug}") for a, b in (small, large)}

    assert len(counts) == 1


def select_options(html, name):
    select = re.search(rf'<select id="compare-{name}" name="{name}">.*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]+)"( selected)?>', select.group(0))


def test_the_compare_page_offers_a_bounded_choice_closest_roles_first(client, make_profile, family):
    """Its lists must not hold every published role of a 10,000-role catalogue."""
    from jobprofiles.models import JobFamily

    sales = JobFamily.objects.create(name="Ventes", slug="ventes")
    chosen = make_profile(title="Directeur commercial", family=sales)
    others = [make_profile(title=f"Acheteur {number:02}") for number in range(25)]
    colleague = make_profile(title="Vendeur", family=sales)

    untouched = select_options(client.get(COMPARE).content.decode(), "a")
    assert [slug for slug, _ in untouched] == [other.slug for other in others[:20]]

    html = client.get(COMPARE, {"a": chosen.slug}).content.decode()
    options = select_options(html, "b")
    assert options[:2] == [(chosen.slug, ""), (colleague.slug, "")]
    assert len(options) == 21
    assert (chosen.slug, " selected") in select_options(html, "a")


def test_a_chosen_role_among_the_closest_is_offered_once(client, make_profile, family):
    first, second = make_profile(family=family), make_profile(family=family)
    make_profile()

    html = client.get(COMPARE, {"a": first.slug, "b": second.slug}).content.decode()

    for name in ("a", "b"):
        slugs = [slug for slug, _ in select_options(html, name)]
        assert sorted(set(slugs)) == sorted(slugs)
        assert second.slug in slugs


def test_the_compare_page_searches_the_second_role_without_javascript(client, seed_roles):
    # What the browser sends from the search field, the first role already chosen.
    response = client.get(COMPARE, {"a": COO, "q": "prospects"})
    html = response.content.decode()
    text = text_of(response)

    assert "2 fiches pour « prospects » dans les listes ci-dessous." in text
    assert "Choisissez deux fiches" not in text
    assert [slug for slug, _ in select_options(html, "b")] == [
        COO,
        "account-executive",
        "inside-sales",
    ]
    assert '<input type="hidden" name="q" value="prospects">' in html
    assert f'<input type="hidden" name="a" value="{COO}">' in html

    text = text_of(client.get(COMPARE, {"a": COO, "q": "astronaute"}))
    assert "Aucune fiche publiée ne répond à « astronaute » : essayez un autre mot." in text

    # The visitor then picks the role found and submits the lists.
    text = text_of(client.get(COMPARE, {"a": COO, "b": "inside-sales", "q": "prospects"}))
    assert "Comparer Chief Operations Officer (COO) et Inside Sales" in text
    assert "Ce qu’ils ont en commun" in text
