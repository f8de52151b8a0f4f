"""What the profile page gained (key facts, typed roles, openings) follows edits at once.

The page and its body are kept per content version: an editor's save must replace both.
"""

from tests.helpers import visible_text
from tests.jobprofiles.admin_forms import change_form_data, change_url

from .conftest import COO_URL

BAND = {
    "salary_min": "90000",
    "salary_max": "150000",
    "salary_source": "Apec, offres publiées",
    "salary_source_date": "2026-01-15",
}


def save_in_admin(admin_client, coo, django_capture_on_commit_callbacks, **changes):
    data = change_form_data(admin_client.get(change_url(coo)))
    data.update(changes)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(coo), data)
    assert response.status_code == 302


def anonymous_text(client):
    return visible_text(client.get(COO_URL).content.decode())


def test_key_facts_saved_in_the_admin_show_on_the_cached_page(
    client, admin_client, coo, django_capture_on_commit_callbacks
):
    assert "En bref" not in anonymous_text(client)

    save_in_admin(admin_client, coo, django_capture_on_commit_callbacks, **BAND)

    assert "90 000 – 150 000 € brut annuel" in anonymous_text(client)


def test_a_related_role_typed_in_the_admin_moves_on_the_cached_page(
    client, admin_client, coo, django_capture_on_commit_callbacks
):
    assert "Parcours" not in anonymous_text(client)

    save_in_admin(
        admin_client,
        coo,
        django_capture_on_commit_callbacks,
        **{"related_links-0-kind": "amont", "related_links-0-reason": "Le sens du client."},
    )

    text = anonymous_text(client)
    assert "En amont : d’où l’on vient Account Executive Ventes Le sens du client." in text


def test_an_openings_link_saved_in_the_admin_shows_on_the_cached_page(
    client, admin_client, coo, django_capture_on_commit_callbacks, settings
):
    settings.OPENINGS_URL = ""
    assert "Voir les offres" not in anonymous_text(client)

    save_in_admin(
        admin_client,
        coo,
        django_capture_on_commit_callbacks,
        openings_url="https://ats.example.fr/coo",
    )

    assert "Voir les offres" in anonymous_text(client)
