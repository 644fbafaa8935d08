"""Logging in: repeated failures lock the account from that address for a while."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

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


def from_address(remote, forwarded=None):
    """A browser whose requests arrive from `remote`, with an X-Forwarded-For if given."""
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**extra)


def lock_out(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429


def test_a_stranger_cannot_lock_the_account_for_another_address(reviewer, settings):
    lock_out(from_address("203.0.113.5"), settings)
    assert attempt(from_address("198.51.100.7"), PASSWORD).status_code == 302


def test_failures_during_a_lockout_do_not_extend_it(reviewer, settings):
    from axes.models import AccessAttempt

    stranger = from_address("203.0.113.5")
    lock_out(stranger, settings)
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=ten_minutes_ago)
    for _ in range(3):
        assert attempt(stranger, "wrong").status_code == 429
    lock = AccessAttempt.objects.get()
    assert lock.attempt_time == ten_minutes_ago  # the cool-off still ends when it did
    assert lock.failures_since_start == settings.AXES_FAILURE_LIMIT
    # Once the cool-off has passed since the last counted failure, the login opens again.
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - datetime.timedelta(1))
    assert attempt(stranger, PASSWORD).status_code == 302


def test_behind_the_proxy_the_lock_is_on_the_forwarded_client(reviewer, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    lock_out(from_address(proxy, "203.0.113.5"), settings)
    # Another client through the same proxy is not locked out...
    assert attempt(from_address(proxy, "198.51.100.7"), PASSWORD).status_code == 302
    # ...and a forged entry in front of the one the proxy appended is not read.
    forger = from_address(proxy, "198.51.100.7, 203.0.113.5")
    assert attempt(forger, PASSWORD).status_code == 429


def test_without_a_proxy_a_forwarded_header_is_ignored(reviewer, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    lock_out(from_address("203.0.113.5", "198.51.100.7"), settings)
    assert attempt(from_address("203.0.113.5", "192.0.2.44"), PASSWORD).status_code == 429
    assert attempt(from_address("198.51.100.7"), PASSWORD).status_code == 302
