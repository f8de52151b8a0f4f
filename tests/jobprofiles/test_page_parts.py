"""A profile page shows its own parts as stored at the last save, and its related roles live."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from jobprofiles.models import JobProfile
from jobprofiles.page_parts import parts_version

COO_URL = "/metiers/chief-operations-officer-coo/"


def page(client):
    response = client.get(COO_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_sections_stored_at_the_last_save(client, coo):
    stored = JobProfile.objects.get(pk=coo.pk).page_parts
    assert stored["version"] == parts_version()
    assert stored["sections"] in page(client)

    mission = coo.missions.first()
    mission.body = "<p>Une mission réécrite.</p>"
    mission.save()

    assert "Une mission réécrite." in page(client)


def test_parts_of_another_release_are_not_shown_and_migrate_stores_them_again(client, coo):
    stale = {"version": "ancienne", "sections": "<p>Périmé</p>", "contents": [], "tags": []}
    JobProfile.objects.filter(pk=coo.pk).update(page_parts=stale)
    JobProfile.objects.exclude(pk=coo.pk).update(page_parts={})  # saved before they existed

    html = page(client)
    assert "Périmé" not in html
    assert 'id="missions-titre"' in html and 'href="#missions"' in html

    call_command("migrate", verbosity=0)
    versions = {
        parts.get("version") for parts in JobProfile.objects.values_list("page_parts", flat=True)
    }
    assert versions == {parts_version()}


def test_a_renamed_tag_shows_under_its_new_name(client, coo):
    coo.tags.add("pilotage")
    tag = coo.tags.get()
    tag.name = "Pilotage renommé"
    tag.save()

    assert ">Pilotage renommé</a>" in page(client)


def test_a_related_role_renamed_or_unpublished_shows_at_once(client, coo):
    related = coo.related_links.first().to_profile
    related.title = "Rôle renommé"
    related.save()
    assert ">Rôle renommé</a>" in page(client)

    related.status = JobProfile.Status.DRAFT
    related.save()
    html = page(client)
    assert "Rôle renommé" not in html
    assert related.get_absolute_url() not in html


def test_a_related_role_scheduled_later_shows_when_its_time_comes(client, coo):
    related = coo.related_links.first().to_profile
    scheduled = JobProfile.objects.filter(pk=related.pk)

    scheduled.update(published_at=timezone.now() + timedelta(hours=1))
    assert related.get_absolute_url() not in page(client)

    scheduled.update(published_at=timezone.now() - timedelta(minutes=1))
    assert related.get_absolute_url() in page(client)
