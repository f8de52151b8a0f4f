import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from jobprofiles.models import JobProfile, Mission, RelatedProfile
from tests.helpers import as_if_the_date_had_come, without_nonces

from .admin_forms import change_url, post_change_form

CHANGELIST = reverse("admin:jobprofiles_jobprofile_changelist")


@pytest.fixture
def scheduled_profile(make_profile):
    return make_profile(
        title="Responsable paie",
        slug="responsable-paie",
        published_at=timezone.now() + timedelta(days=2),
    )


def run_action(client, action, *profiles):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [p.pk for p in profiles]}, follow=True
    )


def test_a_scheduled_profile_is_not_public_before_its_date(client, scheduled_profile):
    assert client.get(scheduled_profile.get_absolute_url()).status_code == 404
    assert scheduled_profile.get_absolute_url() not in client.get("/metiers/").content.decode()
    assert list(JobProfile.objects.published()) == []


def test_a_scheduled_profile_is_public_once_its_date_has_passed(client, scheduled_profile):
    as_if_the_date_had_come(scheduled_profile)

    assert client.get(scheduled_profile.get_absolute_url()).status_code == 200
    assert scheduled_profile.get_absolute_url() in client.get("/metiers/").content.decode()


def test_a_scheduled_related_role_gets_no_card(client, published_profile, scheduled_profile):
    RelatedProfile.objects.create(from_profile=published_profile, to_profile=scheduled_profile)

    html = client.get(published_profile.get_absolute_url()).content.decode()

    assert "Responsable paie" not in html


def test_the_changelist_tells_drafts_scheduled_and_published_apart(
    admin_client, published_profile, draft_profile, scheduled_profile
):
    html = admin_client.get(CHANGELIST).content.decode()

    assert "Brouillon" in html
    assert "Programmée le" in html
    assert "Publiée" in html


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("online", "responsable-logistique"),
        ("scheduled", "responsable-paie"),
        ("draft", "chef-de-projet"),
    ],
)
def test_the_changelist_filters_by_publication_state(
    admin_client, published_profile, draft_profile, scheduled_profile, choice, expected
):
    response = admin_client.get(CHANGELIST, {"publication": choice})
    assert [profile.slug for profile in response.context["cl"].result_list] == [expected]


def test_publish_action_publishes_a_complete_draft(admin_client, draft_profile, admin_user):
    Mission.objects.create(profile=draft_profile, body="Piloter les projets.")

    response = run_action(admin_client, "publish", draft_profile)

    draft_profile.refresh_from_db()
    assert draft_profile.status == JobProfile.Status.PUBLISHED
    assert "Fiches publiées : 1." in response.content.decode()
    assert admin_client.get(draft_profile.get_absolute_url()).status_code == 200
    revision = Version.objects.get_for_object(draft_profile).first().revision
    assert revision.user == admin_user
    assert revision.get_comment() == "Publiée depuis la liste des fiches."


def test_publish_action_refuses_a_draft_without_mission(admin_client, draft_profile):
    response = run_action(admin_client, "publish", draft_profile)

    draft_profile.refresh_from_db()
    assert draft_profile.status == JobProfile.Status.DRAFT
    assert "« Chef de projet » n’a pas été publiée" in response.content.decode()
    assert "n’a pas été publiée : aucune mission. Complétez la fiche" in response.content.decode()


def test_unpublish_action_takes_profiles_off_the_site(admin_client, published_profile):
    run_action(admin_client, "unpublish", published_profile)

    published_profile.refresh_from_db()
    assert published_profile.status == JobProfile.Status.DRAFT
    assert admin_client.get(published_profile.get_absolute_url()).status_code == 404


def test_duplicate_action_copies_a_profile_as_a_draft(admin_client, coo):
    coo.tags.add("direction", "opérations")

    run_action(admin_client, "duplicate", coo)
    run_action(admin_client, "duplicate", coo)

    first = JobProfile.objects.get(slug="chief-operations-officer-coo-copie")
    second = JobProfile.objects.get(slug="chief-operations-officer-coo-copie-2")
    assert first.title == "Chief Operations Officer (COO) (copie)"
    assert first.status == second.status == JobProfile.Status.DRAFT
    for relation in ("missions", "enjeux", "competences", "environment_items"):
        original = [(i.title, i.body, i.position) for i in getattr(coo, relation).all()]
        assert [(i.title, i.body, i.position) for i in getattr(first, relation).all()] == original
    assert [link.to_profile for link in first.related_links.all()] == [
        link.to_profile for link in coo.related_links.all()
    ]
    assert sorted(first.tags.names()) == ["direction", "opérations"]
    assert coo.missions.count() == 5


def test_preview_shows_a_draft_exactly_as_the_public_page_would(admin_client, draft_profile):
    Mission.objects.create(profile=draft_profile, title="Piloter", body="Les projets.")
    preview_url = reverse("jobprofiles:preview", args=[draft_profile.pk])

    preview = admin_client.get(preview_url)
    JobProfile.objects.filter(pk=draft_profile.pk).update(status=JobProfile.Status.PUBLISHED)
    public = admin_client.get(draft_profile.get_absolute_url())

    assert preview.status_code == 200
    banner = re.compile(rb'<div class="preview-banner" role="status">.*?</div>', re.S)
    assert b"Aper\xc3\xa7u \xe2\x80\x94 non publi\xc3\xa9." in banner.search(preview.content)[0]
    page = banner.sub(b"", preview.content)
    assert without_nonces(page) == without_nonces(public.content)
    assert preview["X-Robots-Tag"] == "noindex"
    assert "no-store" in preview["Cache-Control"]


def test_preview_of_a_scheduled_profile_works(admin_client, scheduled_profile):
    response = admin_client.get(reverse("jobprofiles:preview", args=[scheduled_profile.pk]))
    assert response.status_code == 200
    assert "Responsable paie" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "member", "staff without permission"])
def test_preview_is_a_404_for_anyone_else(client, draft_profile, who):
    if who != "anonymous":
        user = User.objects.create_user("lea", password="secret", is_staff=who != "member")
        client.force_login(user)

    response = client.get(reverse("jobprofiles:preview", args=[draft_profile.pk]))

    assert response.status_code == 404


def test_preview_is_open_to_staff_with_view_permission_only(client, draft_profile):
    user = User.objects.create_user("lea", password="secret", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_jobprofile"))
    client.force_login(user)

    assert client.get(reverse("jobprofiles:preview", args=[draft_profile.pk])).status_code == 200


def test_change_form_links_to_the_preview(admin_client, draft_profile):
    html = admin_client.get(change_url(draft_profile)).content.decode()
    assert f'href="{reverse("jobprofiles:preview", args=[draft_profile.pk])}"' in html
    assert "Aperçu de la page" in html


def test_changing_a_published_slug_keeps_the_old_address_with_a_301(admin_client, coo):
    response = post_change_form(admin_client, coo, slug="directeur-des-operations")

    assert response.status_code == 302
    coo.refresh_from_db()
    assert coo.slug == "directeur-des-operations"
    old = admin_client.get("/metiers/chief-operations-officer-coo/")
    assert old.status_code == 301
    assert old["Location"] == "/metiers/directeur-des-operations/"
    assert admin_client.get(old["Location"]).status_code == 200


def test_changing_a_slug_twice_sends_both_old_addresses_to_the_last(admin_client, coo):
    post_change_form(admin_client, coo, slug="coo")
    post_change_form(admin_client, coo, slug="directeur-des-operations")

    for old in ("/metiers/chief-operations-officer-coo/", "/metiers/coo/"):
        response = admin_client.get(old)
        assert (response.status_code, response["Location"]) == (
            301,
            "/metiers/directeur-des-operations/",
        )


def test_taking_back_a_former_slug_drops_its_redirect(admin_client, coo):
    post_change_form(admin_client, coo, slug="coo")
    post_change_form(admin_client, coo, slug="chief-operations-officer-coo")

    assert admin_client.get("/metiers/chief-operations-officer-coo/").status_code == 200
    response = admin_client.get("/metiers/coo/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/metiers/chief-operations-officer-coo/",
    )
    assert [r.old_slug for r in coo.slug_redirects.all()] == ["coo"]


def test_renaming_a_draft_leaves_no_redirect(admin_client, draft_profile):
    Mission.objects.create(profile=draft_profile, body="Texte.")
    post_change_form(admin_client, draft_profile, slug="cheffe-de-projet")

    assert admin_client.get("/metiers/chef-de-projet/").status_code == 404


def test_the_old_address_of_an_unpublished_profile_is_a_404(admin_client, coo):
    post_change_form(admin_client, coo, slug="directeur-des-operations")
    JobProfile.objects.filter(pk=coo.pk).update(status=JobProfile.Status.DRAFT)

    assert admin_client.get("/metiers/chief-operations-officer-coo/").status_code == 404
