"""Logging in: repeated failures lock the account from that address for a while."""

from django.test import Client
from django.urls import reverse

from factcheck.testing import PASSWORD


def attempt(client, password):
    return client.post(reverse("login"), {"username": "rita", "password": password})


def test_repeated_failures_lock_the_login_with_a_clear_message(reviewer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert "Login locked for now" in response.text
    # Even the right password is refused while the lock holds.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(reviewer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200


def test_lock_is_per_account_and_address(reviewer, reviewer2, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    response = client.post(reverse("login"), {"username": "ravi", "password": PASSWORD})
    assert response.status_code == 302


def test_sessions_expire(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60
