import pytest
from django.core.management import CommandError, call_command

from bench import catalogue
from jobprofiles.models import JobProfile, RelatedProfile


@pytest.mark.django_db
def test_the_catalogue_has_families_tags_four_sections_and_related_profiles(client):
    call_command(catalogue.Command(), "--count", "40", verbosity=0)

    profiles = JobProfile.objects.published()
    profile = profiles.first()
    assert profiles.count() == 40
    assert profiles.values("family").distinct().count() > 5
    assert profile.tags.count() == 3
    assert [profile.missions.count(), profile.enjeux.count()] == [5, 3]
    assert [profile.competences.count(), profile.environment_items.count()] == [5, 1]
    assert RelatedProfile.objects.filter(from_profile=profile).count() == 3
    assert profile.title in client.get(profile.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_existing_catalogue_is_replaced_only_on_request():
    call_command(catalogue.Command(), "--count", "5", verbosity=0)

    with pytest.raises(CommandError):
        call_command(catalogue.Command(), "--count", "5", verbosity=0)
    call_command(catalogue.Command(), "--count", "7", "--replace", verbosity=0)
    assert JobProfile.objects.count() == 7


@pytest.mark.django_db
def test_the_generated_catalogue_is_searchable(client):
    call_command(catalogue.Command(), "--count", "30", verbosity=0)
    profile = JobProfile.objects.first()
    word = profile.missions.first().body.split()[-1].strip(".")

    response = client.get("/metiers/", {"q": word})

    assert response.context["paginator"].count > 0
    assert client.get("/metiers/", {"q": profile.title}).context["profiles"][0].title == (
        profile.title
    )
