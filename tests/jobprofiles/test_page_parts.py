"""A profile page shows what was stored at the last save of what it shows: its own rows,
and the related roles it links to."""

import re
from datetime import timedelta
from unittest.mock import patch

from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from jobprofiles.derived import refresh_profiles
from jobprofiles.models import JobProfile
from jobprofiles.page_parts import parts_version

COO_URL = "/metiers/chief-operations-officer-coo/"


def page(client):
    response = client.get(COO_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_sections_stored_at_the_last_save(client, coo):
    stored = JobProfile.objects.get(pk=coo.pk)
    assert stored.parts_version == parts_version()
    assert stored.page_parts["sections"] in page(client)

    mission = coo.missions.first()
    mission.body = "<p>Une mission réécrite.</p>"
    mission.save()

    assert "Une mission réécrite." in page(client)


def test_parts_of_another_release_are_not_shown_and_migrate_stores_them_again(client, coo):
    stale = {"sections": "<p>Périmé</p>", "contents": [], "tags": []}
    JobProfile.objects.filter(pk=coo.pk).update(page_parts=stale, parts_version="ancienne")
    # Saved before they existed.
    JobProfile.objects.exclude(pk=coo.pk).update(page_parts={}, parts_version="", list_card="")

    html = page(client)
    assert "Périmé" not in html
    assert 'id="missions-titre"' in html and 'href="#missions"' in html

    call_command("migrate", verbosity=0)
    versions = set(JobProfile.objects.values_list("parts_version", flat=True))
    assert versions == {parts_version()}
    assert "Périmé" not in JobProfile.objects.get(pk=coo.pk).page_parts["sections"]
    assert all(JobProfile.objects.values_list("list_card", flat=True))
    # Rendered by a command, in the site's language all the same.
    assert re.search(
        r"Mis à jour le <time[^>]*>\d+ (janvier|février|mars|avril|mai|juin|"
        r"juillet|août|septembre|octobre|novembre|décembre) \d{4}</time>",
        page(client),
    )


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


def test_a_related_role_scheduled_later_shows_when_its_time_comes(client, coo, make_profile):
    """With a fourth related role, the page keeps three chosen cards and is stored."""
    fourth = make_profile(title="Supply Chain Manager")
    coo.related_links.create(to_profile=fourth, position=4)
    related = coo.related_links.first().to_profile
    publication = timezone.now() + timedelta(hours=1)
    related.published_at = publication
    related.save()
    assert related.get_absolute_url() not in page(client)

    # An hour later, for the database (the date has passed) and for the site's clock.
    JobProfile.objects.filter(pk=related.pk).update(published_at=timezone.now())
    with patch("django.utils.timezone.now", return_value=publication + timedelta(seconds=1)):
        assert related.get_absolute_url() in page(client)


def test_a_related_role_deleted_or_moved_to_a_renamed_family_shows_at_once(client, coo):
    first, second = [link.to_profile for link in coo.related_links.all()[:2]]
    first.family.name = "Ventes & partenariats"
    first.family.save()
    assert '<p class="card__family">Ventes &amp; partenariats</p>' in page(client)

    second.delete()
    assert second.get_absolute_url() not in page(client)


def listed_cards(client):
    html = client.get("/metiers/").content.decode()
    return re.findall(r'<article class="card">.*?</article>', html, re.S)


def test_the_list_shows_each_card_as_stored_the_same_as_made_now(client, seed_roles):
    """The first card is always made now: its image loads at once."""
    stored = listed_cards(client)
    JobProfile.objects.update(page_parts={}, parts_version="", list_card="")
    made_now = listed_cards(client)

    assert stored == made_now
    assert len(stored) == 4
    assert 'loading="lazy"' not in stored[0] and 'loading="lazy"' in stored[1]


def test_the_list_shows_a_card_saved_since_and_none_of_another_release(client, seed_roles):
    profile = seed_roles["inside-sales"]
    profile.title = "Inside Sales renommé"
    profile.save()
    assert any("Inside Sales renommé" in card for card in listed_cards(client))

    # What the list shows is the stored card, not one made from the row...
    card = JobProfile.objects.get(pk=profile.pk).list_card
    marked = card.replace("renommé", "tel que stocké")
    JobProfile.objects.filter(pk=profile.pk).update(list_card=marked)
    assert any("Inside Sales tel que stocké" in card for card in listed_cards(client))

    # ...unless another release stored it.
    JobProfile.objects.filter(pk=profile.pk).update(parts_version="ancienne")
    cards = listed_cards(client)
    assert any("Inside Sales renommé" in card for card in cards)
    assert not any("tel que stocké" in card for card in cards)


def test_tags_show_in_the_order_editors_added_them_whatever_refreshes_the_page(client, coo):
    coo.tags.add("zèbre")
    coo.tags.add("abeille")
    coo.tags.add("milieu")
    # The first link now points at another tag: its row moves to the end of the table.
    first = coo.tagged_items.order_by("pk").first()
    first.tag = Tag.objects.create(name="nouvelle", slug="nouvelle")
    first.save()

    for refresh in (lambda: None, lambda: refresh_profiles([coo.pk])):
        refresh()
        assert re.findall(r'class="tag" href="[^"]+">([^<]+)<', page(client)) == [
            "nouvelle",
            "abeille",
            "milieu",
        ]
