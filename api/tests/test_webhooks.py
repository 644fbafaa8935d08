"""Webhooks: a receiver the test starts on 127.0.0.1 is told of a publication once, with a
valid signature, through the real worker; failures are retried, logged, and a webhook that
keeps failing is switched off with its owner told."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from api.models import Delivery, Webhook
from api.webhooks import SIGNATURE_HEADER, announce, sign, verify
from claims.models import Rating
from factcheck.testing import add_primary_evidence
from notifications.models import Event, Notification

SECRET = "a-secret-of-some-length"  # noqa: S105 (a test's, for signing)


@pytest.fixture
def groups(transactional_db):
    # A transactional test's flush drops the role groups the personas join.
    from factcheck.testing import restore_role_groups

    restore_role_groups()


def run_the_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def hook_to(server, owner, events, path="/hook"):
    server.routes[path] = (204, {}, b"")
    return Webhook.objects.create(owner=owner, url=server.url(path), secret=SECRET, events=events)


def test_signatures_are_hmac_sha256_of_the_exact_body():
    body = b'{"event": "claim.published"}'
    signature = sign(SECRET, body)
    assert signature.startswith("sha256=")
    assert len(signature) == len("sha256=") + 64
    assert verify(SECRET, body, signature)
    assert not verify(SECRET, body + b" ", signature)  # a tampered body fails
    assert not verify("another-secret-entirely", body, signature)
    assert not verify(SECRET, body, None)


def test_a_publication_reaches_the_receiver_once_signed(groups, page_server, settings):
    from claims.models import Article, Outlet
    from factcheck.testing import make_claim, make_user

    editor = make_user("edna", "Editor")
    reviewer = make_user("rita", "Reviewer")
    hook = hook_to(page_server, editor, ["claim.published", "claim.reopened"])
    outlet = Outlet.objects.create(name="Example Times")
    article = Article.objects.create(
        title="Trade", outlet=outlet, body="Trade grew by 35% over the last two years."
    )
    claim = make_claim(article, "grew by 35%")
    claim.assign([reviewer], by=editor)
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
    add_primary_evidence(claim, editor)
    settings.FACTCHECK_PUBLISH_MIN_REVIEWS = 1
    claim.settle(editor=editor, rating=Rating.TRUE, summary="Customs data agree.")
    claim.publish(editor=editor)
    run_the_worker()
    run_the_worker()  # nothing is sent twice
    assert len(page_server.posts) == 1
    path, headers, body = page_server.posts[0]
    assert path == "/hook"
    assert verify(SECRET, body, headers[SIGNATURE_HEADER])
    data = json.loads(body)
    assert data["event"] == "claim.published"
    assert data["data"]["claimReview"]["@type"] == "ClaimReview"
    assert data["data"]["claimReview"]["reviewRating"]["alternateName"] == "True"
    assert headers["X-Factcheck-Event"] == "claim.published"
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts.get().status_code == 204
    assert hook.deliveries.count() == 1


def test_a_failing_receiver_is_retried_then_logged_and_switched_off(groups, page_server, settings):
    from factcheck.testing import make_user

    settings.FACTCHECK_JOB_RETRY_SECONDS = 0
    settings.FACTCHECK_JOB_ATTEMPTS = 2
    settings.FACTCHECK_WEBHOOK_MAX_FAILURES = 2
    owner = make_user("edna", "Editor")
    hook = hook_to(page_server, owner, ["article.imported"])
    page_server.routes["/hook"] = (503, {}, b"busy")
    for _ in range(2):
        announce("article.imported", {"article": 1})
        run_the_worker()
    assert len(page_server.posts) == 4  # two deliveries, each tried twice
    assert set(Delivery.objects.values_list("status", flat=True)) == {"failed"}
    hook.refresh_from_db()
    assert not hook.active
    assert "2 deliveries in a row failed" in hook.switched_off_because
    # The owner is told in their inbox, with a link to the webhook's page, and by mail at once.
    told = Notification.objects.get(recipient=owner)
    assert told.event == Event.WEBHOOK_OFF
    assert told.claim is None
    assert told.get_absolute_url() == reverse("api:webhook", args=[hook.pk])
    assert "was switched off: 2 deliveries in a row failed" in told.text
    assert [m.to for m in mail.outbox] == [["edna@example.org"]]
    assert "A webhook is switched off" in mail.outbox[0].subject
    assert f"/account/webhooks/{hook.pk}/" in mail.outbox[0].body


def test_a_webhook_to_a_private_address_is_refused(groups, page_server, settings):
    from api.webhooks import announce_ping
    from factcheck.testing import make_user

    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    hook = Webhook.objects.create(
        owner=make_user("edna", "Editor"),
        url=page_server.url("/hook", host="localhost"),
        secret=SECRET,
        events=["claim.published"],
    )
    delivery = announce_ping(hook)
    run_the_worker()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "loopback" in delivery.attempts.get().error
    assert page_server.posts == []


# The pages: an editor's own webhooks.


def test_an_editor_adds_a_webhook_and_sees_its_deliveries(client, editor, page_server):
    client.force_login(editor)
    response = client.post(
        reverse("api:webhooks"),
        {"url": page_server.url("/hook"), "secret": SECRET, "events": ["claim.published"]},
    )
    assert response.status_code == 303
    hook = Webhook.objects.get()
    assert hook.owner == editor
    page = client.get(response.url).content.decode()
    assert "Nothing has been sent yet" in page
    client.post(reverse("api:webhook", args=[hook.pk]), {"action": "ping"})
    assert Delivery.objects.get().event == "ping"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"url": "javascript:alert(1)", "secret": SECRET, "events": ["claim.published"]},
            "http://",
        ),
        (
            {"url": "https://x.example/", "secret": "short", "events": ["claim.published"]},
            "16 characters",
        ),
        ({"url": "https://x.example/", "secret": SECRET}, "Choose at least one event."),
        (
            {"url": "https://x.example/", "secret": SECRET, "events": ["ping"]},
            "not one of the available",
        ),
    ],
)
def test_a_bad_webhook_is_refused_and_saves_nothing(client, editor, data, message):
    client.force_login(editor)
    page = client.post(reverse("api:webhooks"), data, follow=True)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Webhook.objects.exists()


def test_webhooks_are_for_editors_and_each_their_own(client, reviewer, editor, admin_user):
    from factcheck.testing import make_user

    other = make_user("eddie", "Editor")
    hook = Webhook.objects.create(
        owner=other, url="https://x.example/", secret=SECRET, events=["ping"]
    )
    client.force_login(reviewer)
    assert client.get(reverse("api:webhooks")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("api:webhook", args=[hook.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("api:webhook", args=[hook.pk])).status_code == 200


def test_the_readme_s_receiver_example_verifies_and_refuses_a_tampered_body(settings):
    from pathlib import Path

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    block = readme.split("<!-- webhook-verify -->", 1)[1].split("```python", 1)[1]
    namespace = {}
    exec(block.split("```", 1)[0], namespace)  # noqa: S102 (the README's own example)
    verified = namespace["verified"]
    body = json.dumps({"event": "claim.published", "data": {"claim": 1}}).encode()
    header = sign(SECRET, body)
    assert verified(SECRET, body, header)
    assert not verified(SECRET, body.replace(b"1", b"2"), header)


def test_an_import_and_a_reopening_are_announced_to_those_who_want_them(published_claim, editor):
    from intake.services import article_import

    imports = Webhook.objects.create(
        owner=editor, url="https://cms.example.org/in", secret=SECRET, events=["article.imported"]
    )
    reopenings = Webhook.objects.create(
        owner=editor, url="https://cms.example.org/re", secret=SECRET, events=["claim.reopened"]
    )
    status, article, _count = article_import(
        name="new.txt", data=b"A new article\n\nExports rose by 12% in 2024, the minister said."
    )
    assert status == "imported"
    body = json.loads(imports.deliveries.get().body)
    assert body["event"] == "article.imported"
    assert body["data"]["article"] == article.pk
    assert not reopenings.deliveries.exists()
    published_claim.reopen(editor=editor, reason="A reader sent new figures.")
    body = json.loads(reopenings.deliveries.get().body)
    assert body["event"] == "claim.reopened"
    assert "new figures" not in json.dumps(body)  # the reason stays inside
    assert imports.deliveries.count() == 1


def test_a_webhook_is_switched_off_on_and_deleted_from_its_page(client, editor):
    hook = Webhook.objects.create(
        owner=editor, url="https://cms.example.org/", secret=SECRET, events=["claim.published"]
    )
    hook.failures_in_a_row = 3
    hook.save()
    client.force_login(editor)
    url = reverse("api:webhook", args=[hook.pk])
    assert "Switched off." in client.post(url, {"action": "off"}, follow=True).content.decode()
    hook.refresh_from_db()
    assert not hook.active
    assert not Webhook.objects.for_event("claim.published")
    client.post(url, {"action": "on"})
    hook.refresh_from_db()
    assert (hook.active, hook.failures_in_a_row) == (True, 0)  # the run of failures forgotten
    page = client.post(url, {"action": "burn"}, follow=True).content.decode()
    assert "Choose to send a test, switch on or off, or delete." in page
    assert Webhook.objects.filter(pk=hook.pk).exists()
    response = client.post(url, {"action": "delete"})
    assert response.url == reverse("api:webhooks")
    assert not Webhook.objects.exists()
