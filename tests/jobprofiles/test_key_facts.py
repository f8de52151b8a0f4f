"""'En bref' key facts and typed career paths: edited in the admin, shown on the page."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from jobprofiles.models import JobProfile

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
