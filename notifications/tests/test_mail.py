"""What the mail says, and that nothing told carries a rating it may not (locmem mail here;
test_worker.py sends real mail through an SMTP server)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Rating
from notifications import mail as notification_mail
from notifications.models import Delivery, Event, Notification, Preference

from .helpers import texts

RATING_LABELS = [str(label) for label in Rating.labels]


def labels_in(text):
    """The rating labels `text` contains, whole words in any case; "Mostly true" is not also
    read as "True"."""
    found = []
    for label in sorted(RATING_LABELS, key=len, reverse=True):
        pattern = rf"\b{re.escape(label)}\b"
        if re.search(pattern, text, re.I):
            found.append(label)
            text = re.sub(pattern, "", text, flags=re.I)
    return found


def mail_everything_now(*users):
    for user in users:
        Preference.save_choices(user, dict.fromkeys(Event, Delivery.NOW))


def send_waiting():
    for pk in Notification.objects.filter(delivery=Delivery.NOW).values_list("pk", flat=True):
        notification_mail.send_now(pk)


def test_mail_at_once_names_the_claim_links_to_it_and_says_how_to_change(
    settings, claim, editor, reviewer
):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org/"
    claim.assign([reviewer], by=editor)
    send_waiting()
    (message,) = mail.outbox
    assert message.to == ["rita@example.org"]
    assert message.subject == "[factcheck] A claim to review: grew by 35% over the last two years"
    assert "Edna assigned you to review “grew by 35% over the last two years”." in message.body
    assert f"https://desk.example.org/claims/{claim.pk}/" in message.body
    assert "https://desk.example.org/inbox/settings/" in message.body
    assert 'You get this mail at once for "A claim is assigned to me to review".' in message.body


def test_a_notification_is_mailed_once(claim, editor, reviewer):
    claim.assign([reviewer], by=editor)
    pk = Notification.objects.get().pk
    assert notification_mail.send_now(pk) is True
    assert notification_mail.send_now(pk) is False  # a second run of the job
    assert len(mail.outbox) == 1


def test_no_mail_for_one_who_chose_none_or_has_no_address(claim, editor, reviewer, reviewer2):
    Preference.save_choices(reviewer, {Event.ASSIGNED: Delivery.NONE})
    claim.assign([reviewer, reviewer2], by=editor)
    reviewer2.email = ""  # removed after the notification was made
    reviewer2.save(update_fields=["email"])
    send_waiting()
    assert mail.outbox == []
    assert len(texts(reviewer)) == len(texts(reviewer2)) == 1  # the inbox has them


def test_settled_says_it_was_settled_and_never_how(settled_claim, reviewer, reviewer2):
    notifications = Notification.objects.filter(event=Event.SETTLED)
    assert notifications.count() == 2
    for notification in notifications:
        assert labels_in(notification.text) == []
    mail_everything_now(reviewer, reviewer2)
    for notification in notifications:
        notification_mail.send_now(notification.pk)  # their choice was the digest: nothing
    assert mail.outbox == []
    call_command("send_digests")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "settled the verdict" in message.body
        assert labels_in(message.subject + message.body) == []


def test_nothing_told_carries_a_reviewers_rating(claim, editor, reviewer, reviewer2, client):
    """Through the whole workflow, mailed at once, the inbox and mail never give a review's
    rating; only publishing gives the verdict's, once it is public."""
    from factcheck.testing import add_primary_evidence

    mail_everything_now(editor, reviewer, reviewer2)
    claim.assign([reviewer, reviewer2], by=editor)
    claim.submit_review(reviewer=reviewer, rating=Rating.FALSE, confidence=4, rationale="No.")
    claim.submit_review(
        reviewer=reviewer2, rating=Rating.UNVERIFIABLE, confidence=2, rationale="Can't tell."
    )
    add_primary_evidence(claim, editor)
    claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Partly.")
    claim.reopen(editor=editor, reason="The rating should be Mostly true after all.")
    claim.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Yes.", reason="New."
    )
    claim.refresh_from_db()
    claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Mostly.")
    send_waiting()
    told = {n.event: n.text for n in Notification.objects.all()}
    assert set(told) == {Event.ASSIGNED, Event.REVIEWS_IN, Event.SETTLED, Event.REOPENED}
    # two assigned, one all in, two settled, two reopened, two settled again
    assert len(mail.outbox) == Notification.objects.count() == 9
    for message in mail.outbox:
        assert labels_in(message.subject + message.body) == [], message.body
    for user in (reviewer, reviewer2, editor):
        client.force_login(user)
        assert labels_in(client.get("/inbox/").text) == []

    claim.publish(editor=editor)
    send_waiting()
    published = [m for m in mail.outbox if "published" in m.subject]
    assert len(published) == 2
    for message in published:
        assert labels_in(message.body) == ["Mostly true"]  # the public verdict; not "False"


def test_the_digest_gathers_a_persons_notifications_in_one_mail(
    published_claim, reviewer, reviewer2, settings
):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    call_command("send_digests")
    assert sorted(m.to[0] for m in mail.outbox) == ["ravi@example.org", "rita@example.org"]
    message = next(m for m in mail.outbox if m.to == ["rita@example.org"])
    assert message.subject == "[factcheck] Your daily digest: 2 notifications"
    settled = message.body.index("settled the verdict")
    published = message.body.index("published the verdict")
    assert settled < published  # oldest first
    assert message.body.count(f"https://desk.example.org/claims/{published_claim.pk}/") == 2
    assert "https://desk.example.org/inbox/settings/" in message.body
    assert not Notification.objects.waiting_for_digest().exists()


def test_a_second_digest_run_sends_nothing(published_claim, capsys):
    call_command("send_digests")
    assert "Digests sent: 2." in capsys.readouterr().out
    call_command("send_digests")
    assert "Digests sent: 0." in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_a_digest_that_fails_keeps_its_notifications_for_the_next_run(settings, published_claim):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nobody listens
        }
    }
    with pytest.raises(CommandError, match="The mail server refused or did not answer"):
        call_command("send_digests")
    assert Notification.objects.waiting_for_digest().count() == 4
