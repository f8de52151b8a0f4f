"""'En bref' key facts and typed career paths: edited in the admin, shown on the page."""

import datetime
import json
import re

import pytest
from django.db import IntegrityError, transaction

from jobprofiles.models import JobProfile, RelatedProfile
from tests.helpers import visible_text

from .admin_forms import change_form_data, change_url, post_change_form

FACTS = {
    "experience": "5-10",
    "education_level": "bac+5",
    "contract_type": "cdi",
    "work_mode": "hybride",
    "salary_min": "45000",
    "salary_max": "60000",
    "salary_source": "Apec, offres publiées",
    "salary_source_date": "2026-03-01",
    "rome_code": "m1302",
    "esco_uri": "http://data.europa.eu/esco/occupation/0ff1e9a0-9a0e-4a7a-8b73-4d0f1f1e0a11",
}


def errors_of(response):
    form = response.context["adminform"].form
    return {field: list(errors) for field, errors in form.errors.items()}


def test_an_editor_saves_the_key_facts(admin_client, coo):
    response = post_change_form(admin_client, coo, **FACTS)

    assert response.status_code == 302, errors_of(response)
    coo.refresh_from_db()
    assert (coo.salary_min, coo.salary_max) == (45000, 60000)
    assert coo.salary_source_date == datetime.date(2026, 3, 1)
    assert coo.rome_code == "M1302"
    assert coo.get_experience_display() == "5 à 10 ans"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"salary_min": "45000"}, "salary_max", "Complétez la fourchette"),
        (
            {**FACTS, "salary_source": "", "salary_source_date": ""},
            "salary_source",
            "Complétez la fourchette",
        ),
        ({**FACTS, "salary_min": "70000"}, "salary_max", "au moins égal au minimum"),
        ({**FACTS, "salary_max": "45 000 €"}, "salary_max", "nombre entier"),
        ({**FACTS, "salary_min": "45"}, "salary_min", "salaire brut annuel en euros"),
        ({**FACTS, "salary_source_date": "2999-01-01"}, "salary_source_date", "futur"),
        ({"rome_code": "Z1234"}, "rome_code", "lettre de A à N suivie de quatre chiffres"),
        ({"rome_code": "M13"}, "rome_code", "lettre de A à N suivie de quatre chiffres"),
        ({"esco_uri": "https://example.com/x"}, "esco_uri", "métier ESCO"),
    ],
)
def test_incomplete_or_malformed_facts_get_a_french_error_and_nothing_is_saved(
    admin_client, coo, changes, field, message
):
    response = post_change_form(admin_client, coo, **changes)

    assert response.status_code == 200
    assert any(message in error for error in errors_of(response).get(field, [])), errors_of(
        response
    )
    coo.refresh_from_db()
    assert (coo.salary_min, coo.rome_code, coo.esco_uri) == (None, "", "")


def test_the_database_refuses_a_salary_band_without_its_source(coo):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobProfile.objects.filter(pk=coo.pk).update(salary_min=45000, salary_max=60000)


def test_an_editor_types_a_related_role_and_gives_a_reason(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["related_links-0-kind"] = "evolution"
    data["related_links-0-reason"] = "les mêmes compétences de négociation"

    response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    link = coo.related_links.first()
    assert (link.kind, link.reason) == ("evolution", "les mêmes compétences de négociation")
    assert (
        'value="">Autre fiche (« Nos autres fiches métiers »)'
        in admin_client.get(change_url(coo)).content.decode()
    )


# On the page


def set_facts(profile, **fields):
    """Save the facts, as the admin does: the page shows what was saved."""
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


BAND = {
    "salary_min": 45000,
    "salary_max": 60000,
    "salary_source": "Apec, offres publiées",
    "salary_source_date": datetime.date(2026, 3, 1),
}


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))["@graph"][0]


def test_the_en_bref_box_shows_the_key_facts_near_the_top(client, coo):
    set_facts(
        coo,
        experience="5-10",
        education_level="bac+5",
        contract_type="cdi",
        work_mode="hybride",
        rome_code="M1302",
        **BAND,
    )

    html = client.get(coo.get_absolute_url()).content.decode()
    text = visible_text(html)

    box = text[text.index("En bref") : text.index("Sur cette page")]
    assert "Expérience 5 à 10 ans" in box
    assert "Niveau d’études Bac+5" in box
    assert "Salaire 45 000 – 60 000 € brut annuel · source : Apec, offres publiées, 2026" in box
    assert "Contrat CDI · Hybride" in box
    assert "Code ROME M1302" in box
    assert text.index("En bref") < text.index("Les missions")


def test_a_profile_without_key_facts_has_no_empty_box(client, coo):
    assert "En bref" not in visible_text(client.get(coo.get_absolute_url()).content.decode())


def test_the_structured_data_carries_the_key_facts(client, coo):
    esco = FACTS["esco_uri"]
    set_facts(
        coo, experience="5-10", education_level="bac+5", rome_code="M1302", esco_uri=esco, **BAND
    )

    occupation = structured_data(client.get(coo.get_absolute_url()).content.decode())

    assert occupation["estimatedSalary"] == [
        {
            "@type": "MonetaryAmountDistribution",
            "name": "Salaire brut annuel (source : Apec, offres publiées)",
            "currency": "EUR",
            "duration": "P1Y",
            "percentile10": 45000,
            "percentile90": 60000,
        }
    ]
    assert occupation["educationRequirements"]["credentialCategory"] == "Bac+5"
    assert occupation["experienceRequirements"] == "5 à 10 ans"
    assert occupation["occupationalCategory"][0] == {
        "@type": "CategoryCode",
        "codeValue": "M1302",
        "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME 4.0"},
    }
    assert occupation["sameAs"] == esco


def test_typed_related_roles_are_grouped_before_the_cards(client, seed_roles):
    ae = seed_roles["account-executive"]
    for position, (slug, kind, reason) in enumerate(
        [
            ("chief-operations-officer-coo", "evolution", "Après un rôle de Head of Sales."),
            ("fpa-analyst", "proche", ""),
            ("inside-sales", "amont", "La prospection avant le closing."),
        ]
    ):
        RelatedProfile.objects.create(
            from_profile=ae,
            to_profile=seed_roles[slug],
            kind=kind,
            reason=reason,
            position=position,
        )

    text = visible_text(client.get(ae.get_absolute_url()).content.decode())

    paths = text[text.index("Parcours Évolutions possibles") : text.index("Ce métier vous")]
    assert paths.startswith(
        "Parcours Évolutions possibles Chief Operations Officer (COO) Opérations "
        "Après un rôle de Head of Sales. "
        "Métiers proches FP&A Analyst Finance "
        "En amont : d’où l’on vient Inside Sales Ventes La prospection avant le closing."
    )
    assert "Nos autres fiches métiers" not in paths, "typed roles are not repeated as cards"


def test_suggested_cards_say_why(client, make_profile, family):
    profile = make_profile(title="Acheteur")
    profile.tags.add("négociation", "fournisseurs")
    make_profile(title="Approvisionneur").tags.add("négociation", "fournisseurs")
    make_profile(title="Logisticien")

    text = visible_text(client.get(profile.get_absolute_url()).content.decode())

    cards = text[text.index("Nos autres fiches métiers Opérations") :]
    assert "Approvisionneur Résumé du métier" in cards
    assert "Suggestion : même famille · 2 étiquettes communes" in cards
    last_card = r"Logisticien Résumé du métier \d+\. Suggestion : même famille Ce métier"
    assert re.search(last_card, cards)


def test_the_seed_cards_stay_as_they_are(client, coo):
    text = visible_text(client.get(coo.get_absolute_url()).content.decode())

    cards = text[text.index("Nos autres fiches métiers Ventes") : text.index("Ce métier vous")]
    assert [title in cards for title in ("Account Executive", "Inside Sales", "FP&A Analyst")] == [
        True,
        True,
        True,
    ]
    assert "Suggestion" not in cards and "Parcours" not in text
