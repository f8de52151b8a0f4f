"""Guessing a password: a few tries, then that username is locked out from that address."""

import pytest
from django.test import Client

PASSWORD = "le-bon-mot-de-passe"
PROXY = "172.18.0.5"  # nginx, on the containers' private network


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", password=PASSWORD)


def log_in(client, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": password}, **headers
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_username_out_from_that_address(client, admin):
    answers = [log_in(client, "mauvais").status_code for _ in range(5)]

    locked = log_in(client, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    text = " ".join(locked.content.decode().split())
    assert "Connexion bloquée pour un moment" in text
    assert "mal saisi 5 fois depuis cette adresse" in text
    assert "pendant 15 minutes, même avec le bon mot de passe" in text
    assert not logged_in(client)
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(elsewhere, PASSWORD).status_code == 302
    assert logged_in(elsewhere)


def test_behind_the_proxy_the_visitor_address_is_the_one_nginx_saw(admin):
    attacker = Client(REMOTE_ADDR=PROXY)
    for _ in range(5):
        log_in(attacker, "mauvais", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9")

    # The attacker changes what it sends; nginx still appends the same address.
    again = log_in(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert again.status_code == 429
    editor = Client(REMOTE_ADDR=PROXY)
    assert log_in(editor, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.44").status_code == 302


def test_a_direct_request_cannot_escape_the_lockout_by_forging_its_address(admin):
    attacker = Client(REMOTE_ADDR="93.184.216.34")
    for number in range(5):
        log_in(attacker, "mauvais", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    assert log_in(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_successful_login_forgets_the_earlier_mistakes(client, admin):
    for _ in range(4):
        log_in(client, "mauvais")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()

    answers = [log_in(client, "mauvais").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 200]
