import pytest
from django.core.management import CommandError, call_command

from bench import catalogue
from bench.run import SIZE_TOLERANCE
from jobprofiles.models import SECTION_RELATIONS, JobProfile, RelatedProfile
from jobprofiles.page_parts import parts_version

COO_URL = "/metiers/chief-operations-officer-coo/"


def generate(count, *options):
    call_command(catalogue.Command(), "--count", str(count), *options, verbosity=0)


@pytest.mark.django_db
def test_the_catalogue_has_families_tags_four_sections_related_profiles_and_the_seed(client):
    generate(40)

    profiles = JobProfile.objects.published()
    profile = profiles.get(slug__endswith="-1")
    assert profiles.count() == 40 + 4
    assert profiles.values("family").distinct().count() > 5
    assert profile.tags.count() == 3
    assert [profile.missions.count(), profile.enjeux.count()] == [5, 3]
    assert [profile.competences.count(), profile.environment_items.count()] == [5, 1]
    assert RelatedProfile.objects.filter(from_profile=profile).count() == 3
    assert client.get(COO_URL).status_code == 200


@pytest.mark.django_db
def test_generated_profiles_hold_every_derived_field_a_save_fills():
    generate(12)

    for profile in JobProfile.objects.filter(slug__regex=r"-[0-9]+$"):
        assert profile.introduction.startswith("<p>")
        assert profile.alternative_title == profile.appellations.first().name
        assert profile.sort_title and profile.search_text and profile.search_document
        assert profile.parts_version == parts_version() and profile.list_card
        for relation in SECTION_RELATIONS:
            assert all(item.body.startswith("<p>") for item in getattr(profile, relation).all())


@pytest.mark.django_db
def test_a_generated_profile_page_shows_its_rendered_sections_and_weighs_the_coo_page(client):
    generate(30)
    profile = JobProfile.objects.get(slug__endswith="-1")

    page = client.get(profile.get_absolute_url()).content
    coo_page = client.get(COO_URL).content

    for relation in SECTION_RELATIONS:
        for item in getattr(profile, relation).all():
            assert item.body.encode() in page
    assert abs(len(page) - len(coo_page)) <= SIZE_TOLERANCE * len(coo_page)


@pytest.mark.django_db
def test_an_existing_catalogue_is_replaced_only_on_request():
    generate(5)

    with pytest.raises(CommandError):
        generate(5)
    generate(7, "--replace")
    assert JobProfile.objects.count() == 7 + 4


@pytest.mark.django_db
def test_the_generated_catalogue_is_searchable(client):
    generate(30)
    profile = JobProfile.objects.get(slug__endswith="-1")
    word = profile.missions.first().body.split()[-1].removesuffix(".</p>")

    response = client.get("/metiers/", {"q": word})

    assert response.context["paginator"].count > 0
    found = client.get("/metiers/", {"q": profile.title}).context["profiles"]
    assert profile in found
