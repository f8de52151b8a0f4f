"""Errors reach Sentry with the request id, and nothing personal goes with them."""

import json

import pytest
import sentry_sdk
from django.contrib.auth.models import User
from django.test import Client
from sentry_sdk.transport import Transport

from core.errors import report_errors_to_sentry

EMAIL = "editrice@example.fr"


class RecordingTransport(Transport):
    """Keeps the events a Sentry server would have received."""

    def __init__(self):
        super().__init__()
        self.events = []

    def capture_envelope(self, envelope):
        self.events += [item.payload.json for item in envelope.items if item.type == "event"]


@pytest.fixture
def sentry():
    transport = RecordingTransport()
    report_errors_to_sentry("https://key@errors.example.invalid/1", "test", transport=transport)
    yield transport
    sentry_sdk.init()  # back to no DSN: reporting off


@pytest.fixture
def editor_client(db):
    editor = User.objects.create_user("editrice", EMAIL, "mot-de-passe", is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def test_without_a_dsn_nothing_is_reported():
    """The test settings, like a site without SENTRY_DSN, have no way to send an event."""
    assert sentry_sdk.get_client().transport is None


@pytest.mark.urls("tests.core.error_urls")
def test_an_unhandled_error_is_one_event_with_the_request_id_and_nothing_personal(
    sentry, editor_client
):
    editor_client.cookies["suivi"] = "identifiant-de-visiteur"
    response = editor_client.post(
        "/en-panne/", {"email": EMAIL, "commentaire": "texte du formulaire"}
    )

    assert response.status_code == 500
    (event,) = sentry.events
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert "Fiche introuvable pour [adresse masquée]" in json.dumps(event, ensure_ascii=False)
    sent = json.dumps(event, ensure_ascii=False)
    for personal in (
        EMAIL,
        "texte du formulaire",
        editor_client.cookies["sessionid"].value,
        "identifiant-de-visiteur",
    ):
        assert personal not in sent
    assert "user" not in event and "cookies" not in event["request"]


@pytest.mark.urls("tests.core.error_urls")
def test_the_503_page_while_the_database_is_away_is_reported_once(sentry, editor_client):
    response = editor_client.get("/sans-base/")

    assert response.status_code == 503
    (event,) = sentry.events
    assert "Database unavailable" in event["logentry"]["message"]
    assert event["tags"]["request_id"] == response["X-Request-ID"]


@pytest.mark.urls("tests.core.error_urls")
def test_a_missing_page_is_not_reported(sentry, editor_client):
    assert editor_client.get("/metiers/fiche-qui-n-existe-pas/").status_code == 404

    assert sentry.events == []
