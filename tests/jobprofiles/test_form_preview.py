"""« Aperçu » shows the unsaved form as the public page; « Voir sur le site » only online."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jobprofiles.models import JobProfile

from .admin_forms import change_form_data, change_url, post_change_form
from .test_plain_french import page_text


def preview_url(profile):
    return reverse("admin:jobprofiles_jobprofile_preview_form", args=[profile.pk])


def test_the_preview_shows_unsaved_changes_as_the_public_page_and_saves_nothing(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["missions-0-title"] = "Mission pas encore enregistrée"
    data["summary"] = "Un résumé pas encore enregistré."

    response = admin_client.post(preview_url(coo), data)

    text = page_text(response)
    assert response.status_code == 200
    assert "Aperçu — non publié." in text
    assert f'href="{change_url(coo)}"' in response.content.decode()
    assert "Mission pas encore enregistrée" in text
    public = page_text(admin_client.get(coo.get_absolute_url()))
    for card in ("Account Executive", "Inside Sales", "FP&A Analyst"):
        assert card in text and card in public
    assert "Mission pas encore enregistrée" not in public
    assert coo.missions.first().title == "Optimisation des processus opérationnels"
    coo.refresh_from_db()
    assert coo.summary != "Un résumé pas encore enregistré."


def test_a_form_with_errors_gets_a_french_page_instead_of_a_preview(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["title"] = ""

    response = admin_client.post(preview_url(coo), data)

    assert "corrigez-les pour voir l’aperçu" in page_text(response)
    assert JobProfile.objects.get(pk=coo.pk).title == "Chief Operations Officer (COO)"


def test_view_on_site_only_for_a_profile_online_and_the_date_when_scheduled(
    admin_client, coo, draft_profile
):
    scheduled = JobProfile.objects.filter(pk=draft_profile.pk)
    online_form = page_text(admin_client.get(change_url(coo)))
    draft_form = page_text(admin_client.get(change_url(draft_profile)))
    later = timezone.now() + timedelta(days=3)
    scheduled.update(status=JobProfile.Status.PUBLISHED, published_at=later)
    scheduled_form = page_text(admin_client.get(change_url(draft_profile)))

    assert "Voir sur le site" in online_form
    assert "Voir sur le site" not in draft_form
    assert "Voir sur le site" not in scheduled_form
    assert f"Programmée le {timezone.localtime(later):%d/%m/%Y à %H:%M}" in scheduled_form


def test_the_publish_button_publishes_under_the_publishing_rules(admin_client, coo, draft_profile):
    JobProfile.objects.filter(pk=coo.pk).update(status=JobProfile.Status.DRAFT)

    published = post_change_form(admin_client, coo, _publish="1")
    refused = post_change_form(admin_client, draft_profile, _publish="1")

    assert published.status_code == 302
    assert JobProfile.objects.get(pk=coo.pk).status == JobProfile.Status.PUBLISHED
    assert "doit avoir au moins une mission" in page_text(refused)
    assert JobProfile.objects.get(pk=draft_profile.pk).status == JobProfile.Status.DRAFT
