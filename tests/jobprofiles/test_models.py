import pytest
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse

from jobprofiles.models import JobProfile, Mission, RelatedProfile, profile_image_path


def test_profile_str_is_its_title(published_profile):
    assert str(published_profile) == "Responsable logistique"


def test_profile_absolute_url_resolves_to_the_detail_view(published_profile):
    url = published_profile.get_absolute_url()
    assert url == "/metiers/responsable-logistique/"
    assert resolve(url).view_name == "jobprofiles:detail"
    assert reverse("jobprofiles:list") == "/metiers/"


def test_published_queryset_leaves_out_drafts(published_profile, draft_profile):
    assert list(JobProfile.objects.published()) == [published_profile]


def test_sections_are_ordered_by_position_not_by_creation(published_profile):
    Mission.objects.create(profile=published_profile, title="Troisième", body="c", position=3)
    Mission.objects.create(profile=published_profile, title="Première", body="a", position=1)
    Mission.objects.create(profile=published_profile, title="Deuxième", body="b", position=2)

    titles = [mission.title for mission in published_profile.missions.all()]

    assert titles == ["Première", "Deuxième", "Troisième"]


def test_related_profiles_keep_the_editors_order(make_profile):
    profile, first, second = make_profile(), make_profile(), make_profile()
    RelatedProfile.objects.create(from_profile=profile, to_profile=second, position=2)
    RelatedProfile.objects.create(from_profile=profile, to_profile=first, position=1)

    assert [link.to_profile for link in profile.related_links.all()] == [first, second]


def test_a_profile_cannot_be_related_to_itself(published_profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedProfile.objects.create(from_profile=published_profile, to_profile=published_profile)


def test_slugs_are_unique(make_profile):
    make_profile(slug="doublon")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_profile(slug="doublon")


def test_uploaded_images_get_unguessable_names(published_profile):
    first = profile_image_path(published_profile, "Photo Équipe.JPG")
    second = profile_image_path(published_profile, "Photo Équipe.JPG")

    assert first != second
    assert first.startswith("jobprofiles/") and first.endswith(".jpg")
    assert "Photo" not in first
