import json
import re
from html import unescape

import pytest
from django.urls import reverse

from jobprofiles.models import JobProfile, Mission

from .admin_forms import change_form_data, change_url

INLINE_PREFIXES = [
    "appellations",
    "missions",
    "enjeux",
    "competences",
    "environment_items",
    "related_links",
]


@pytest.fixture
def coo_change_form(admin_client, coo):
    return admin_client.get(change_url(coo))


def test_change_form_renders_the_four_section_inlines(coo_change_form):
    assert coo_change_form.status_code == 200
    html = coo_change_form.content.decode()
    for prefix in INLINE_PREFIXES:
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    for heading in ("Les missions", "Enjeux du poste", "Profil &amp; Compétences"):
        assert heading in html


def test_the_slug_is_filled_from_the_title_as_the_editor_types(coo_change_form):
    """Django prints the prepopulate script on every change form: read what it is told to do."""
    html = coo_change_form.content.decode()
    fields = json.loads(unescape(re.search(r'data-prepopulated-fields="([^"]*)"', html)[1]))
    assert [(field["id"], field["dependency_ids"]) for field in fields] == [
        ("#id_slug", ["#id_title"])
    ]


def test_saving_the_form_unchanged_keeps_everything(admin_client, coo, coo_change_form):
    before = [(m.title, m.position) for m in coo.missions.all()]

    response = admin_client.post(change_url(coo), change_form_data(coo_change_form))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(m.title, m.position) for m in coo.missions.all()] == before
    assert coo.related_links.count() == 3


def test_reordering_missions_in_the_admin_saves_the_new_order(admin_client, coo, coo_change_form):
    missions = list(coo.missions.all())
    data = change_form_data(coo_change_form)
    new_order = [missions[4], missions[0], missions[1], missions[2], missions[3]]
    (missions_formset,) = (
        inline.formset
        for inline in coo_change_form.context["inline_admin_formsets"]
        if inline.formset.prefix == "missions"
    )
    for index, form in enumerate(missions_formset):
        data[f"missions-{index}-position"] = str(new_order.index(form.instance) + 1)

    response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    assert [m.pk for m in coo.missions.all()] == [m.pk for m in new_order]
    public_html = admin_client.get(coo.get_absolute_url()).content.decode()
    assert public_html.index(missions[4].title) < public_html.index(missions[0].title)


def test_a_mission_added_in_the_admin_goes_to_the_end(admin_client, coo, coo_change_form):
    data = change_form_data(coo_change_form)
    data.update(
        {
            "missions-TOTAL_FORMS": "6",
            "missions-5-title": "Nouvelle mission",
            "missions-5-body": "Texte de la nouvelle mission.",
            "missions-5-position": "0",
            "missions-5-profile": str(coo.pk),
        }
    )

    response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    assert coo.missions.last().title == "Nouvelle mission"
    assert coo.missions.count() == 6


def test_an_editor_creates_a_profile_from_the_add_form(admin_client, family):
    data = {
        "title": "Data Analyst",
        "title_language": "en",
        "slug": "data-analyst",
        "family": family.pk,
        "summary": "Analyse les données.",
        "status": "published",
        "published_at_0": "01/01/2026",
        "published_at_1": "09:00:00",
        "tags": "données, analyse",
    }
    for prefix in INLINE_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(
        {"missions-TOTAL_FORMS": "1", "missions-0-body": "Construire des tableaux de bord."}
    )

    response = admin_client.post(reverse("admin:jobprofiles_jobprofile_add"), data)

    assert response.status_code == 302
    profile = JobProfile.objects.get(slug="data-analyst")
    assert sorted(profile.tags.names()) == ["analyse", "données"]
    assert Mission.objects.get(profile=profile).position == 1
    assert admin_client.get("/metiers/data-analyst/").status_code == 200


def test_changelist_lists_filters_and_searches(admin_client, seed_roles):
    url = reverse("admin:jobprofiles_jobprofile_changelist")

    listing = admin_client.get(url)
    found = admin_client.get(url, {"q": "FP&A"})
    sales = seed_roles["inside-sales"].family
    filtered = admin_client.get(url, {"family__id__exact": sales.pk})

    assert listing.status_code == 200
    assert "Publiée" in listing.content.decode()
    assert [p.slug for p in found.context["cl"].result_list] == ["fpa-analyst"]
    assert {p.slug for p in filtered.context["cl"].result_list} == {
        "account-executive",
        "inside-sales",
    }


def test_related_profiles_are_chosen_by_autocomplete(admin_client, seed_roles):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Inside",
            "app_label": "jobprofiles",
            "model_name": "relatedprofile",
            "field_name": "to_profile",
        },
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Inside Sales"]


def test_families_admin_lists_the_families(admin_client, seed_roles):
    response = admin_client.get(reverse("admin:jobprofiles_jobfamily_changelist"))
    html = response.content.decode()
    assert all(name in html for name in ("Opérations", "Ventes", "Finance"))
