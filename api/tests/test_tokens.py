"""API tokens: made and revoked on one's own page or by the command, kept only as a hash,
sent as `Authorization: Bearer`, counted per token; every error is JSON that says what is wrong."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, digest

ME = "/api/v1/me/"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def key(reviewer):
    return ApiToken.objects.issue(user=reviewer, name="CMS sync")[1]


def test_a_token_is_kept_only_as_its_hash(reviewer):
    token, key = ApiToken.objects.issue(user=reviewer, name="CMS sync")
    assert key.startswith("fc_")
    assert len(key) > 40
    token.refresh_from_db()
    assert token.key_hash == digest(key)
    assert key not in {str(v) for v in ApiToken.objects.values().get(pk=token.pk).values()}
    assert key.startswith(token.prefix)


def test_a_token_acts_as_its_user(client, key):
    response = client.get(ME, **bearer(key))
    assert response.status_code == 200
    assert response.json() == {
        "username": "rita",
        "name": "Rita",
        "role": "Reviewer",
        "token": {"name": "CMS sync", "prefix": key[:9], "expires_at": None},
    }


def test_the_last_use_is_written_at_most_once_a_minute(client, reviewer, key):
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    client.get(ME, **bearer(key))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(ME, **bearer(key))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(ME, **bearer(key))
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Authentication credentials were not provided."),
        ("Bearer", "must be “Bearer” and the token, with one space"),
        ("Bearer a b", "must be “Bearer” and the token, with one space"),
        ("Bearer fc_nosuchtoken", "unknown, revoked or expired"),
        ("Bearer " + "x" * 5000, "unknown, revoked or expired"),
    ],
)
def test_a_missing_or_wrong_token_is_a_json_401(client, key, header, message):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(ME, **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert message in response.json()["detail"]


def test_a_revoked_or_expired_token_no_longer_works(client, reviewer, key):
    token = ApiToken.objects.get()
    token.revoke()
    assert client.get(ME, **bearer(key)).status_code == 401
    _token, other = ApiToken.objects.issue(user=reviewer, name="old", expires_in_days=1)
    assert client.get(ME, **bearer(other)).status_code == 200
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now())
    assert client.get(ME, **bearer(other)).status_code == 401


def test_a_switched_off_user_s_token_does_not_work(client, reviewer, key):
    reviewer.is_active = False
    reviewer.save()
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert "switched off" in response.json()["detail"]


def test_requests_are_counted_per_token(client, reviewer, editor, settings):
    settings.FACTCHECK_API_RATE = "2/minute"
    first = ApiToken.objects.issue(user=reviewer, name="a")[1]
    second = ApiToken.objects.issue(user=reviewer, name="b")[1]
    assert [client.get(ME, **bearer(first)).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(ME, **bearer(first))
    assert "Request was throttled" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert client.get(ME, **bearer(second)).status_code == 200


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/claims/-5/settle/"])
def test_an_unknown_api_address_is_a_json_404(db, method, path):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such address in the API."}


def test_the_schema_is_openapi_3_and_the_docs_fit_the_csp(client):
    schema = client.get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    data = schema.json()
    assert data["openapi"].startswith("3.")
    assert "/api/v1/me/" in data["paths"]
    assert data["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    csp = docs["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert b"<script>" not in docs.content  # the page's own script is a file
    assert b"cdn" not in docs.content.lower()


# The token page: one's own tokens, made and revoked.


def test_a_new_token_is_shown_once(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("api:tokens"), {"name": "CMS sync", "expires_in_days": "30"})
    assert response.status_code == 303
    page = client.get(response.url)
    key = page.context["new_key"]
    assert key.startswith("fc_")
    assert key in page.content.decode()
    assert client.get(ME, **bearer(key)).status_code == 200
    token = ApiToken.objects.get()
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    again = client.get(reverse("api:tokens"))
    assert key not in again.content.decode()
    assert "CMS sync" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "  ", "expires_in_days": "30"}, "Give the token a name."),
        ({"name": "x", "expires_in_days": "36500"}, "Select a valid choice."),
        ({"name": "x" * 101, "expires_in_days": ""}, "at most 100 characters"),
    ],
)
def test_a_bad_token_form_is_refused_and_makes_nothing(client, reviewer, data, error):
    client.force_login(reviewer)
    response = client.post(reverse("api:tokens"), data, follow=True)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_one_revokes_one_s_own_tokens_only(client, reviewer, reviewer2):
    mine = ApiToken.objects.issue(user=reviewer, name="mine")[0]
    theirs = ApiToken.objects.issue(user=reviewer2, name="theirs")[0]
    client.force_login(reviewer)
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[2**70])).status_code == 404
    response = client.post(reverse("api:token_revoke", args=[mine.pk]), follow=True)
    assert "“mine” is revoked" in response.content.decode()
    assert list(ApiToken.objects.working()) == [theirs]


# Service accounts: a user an admin made, and a token from the command.


def test_the_command_prints_a_working_token(client, editor):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "edna", "--name", "CMS", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert "shown this once" in err.getvalue()
    assert client.get(ME, **bearer(key)).json()["role"] == "Editor"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "There is no user 'nobody'."),
        (["edna", "--expires-in-days", "0"], "--expires-in-days must be 1 or more."),
    ],
)
def test_the_command_refuses_what_it_cannot_do(editor, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", *args)


def test_the_schema_validates_without_a_warning():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue().startswith("openapi: 3.")
