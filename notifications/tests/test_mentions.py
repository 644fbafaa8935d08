"""`@username` in a note tells that person, by their choice of delivery, if the note is one
they may read; what it says is who wrote on which claim, never the note's text."""

from django.urls import reverse

from claims.models import Note, Rating
from notifications import mail as notification_mail
from notifications.models import DEFAULT_DELIVERY, Delivery, Event, Notification, Preference

from .helpers import events, texts


def post(claim, author, body):
    return Note.post(claim=claim, author=author, body=body)


def test_a_mention_is_mailed_at_once_without_the_notes_text(
    mail_server, claim_in_review, editor, reviewer2
):
    assert DEFAULT_DELIVERY[Event.MENTIONED] == Delivery.NOW
    _, mentions = post(claim_in_review, editor, "@ravi can you check the 2019 list?")
    assert mentions.notified == [reviewer2]
    (notification,) = Notification.objects.filter(event=Event.MENTIONED)
    assert (notification.recipient, notification.event) == (reviewer2, Event.MENTIONED)
    assert notification.text == (
        "Edna mentioned you in a note on “grew by 35% over the last two years”."
    )
    assert notification_mail.send_now(notification.pk) is True
    (message,) = mail_server.messages
    assert message["To"] == "ravi@example.org"
    subject = "[factcheck] You are mentioned in a note: grew by 35% over the last two years"
    assert str(message["Subject"]).strip() == subject
    body = message.get_body().get_content()
    assert "Edna mentioned you in a note" in body
    assert "2019 list" not in body


def test_a_reviewer_mentioning_another_before_both_reviews_are_in_tells_nobody(
    client, claim_in_review, reviewer, reviewer2
):
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:post_note", args=[claim_in_review.pk]),
        {"body": "@ravi I rate it false, you?"},
        follow=True,
    )
    assert events(reviewer2) == [Event.ASSIGNED]
    page = response.content.decode()
    assert "@ravi told nobody: they may not read other reviewers&#x27; notes" in page


def test_a_mention_held_back_is_told_once_the_reviewers_own_review_is_in(
    claim_in_review, reviewer, reviewer2, editor
):
    post(claim_in_review, reviewer, "@ravi I rate it false, you?")
    post(claim_in_review, editor, "@ravi the ministry called back.")  # told at once
    assert events(reviewer2) == [Event.ASSIGNED, Event.MENTIONED]
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.FALSE, confidence=3, rationale="No such figure."
    )
    assert events(reviewer2) == [Event.ASSIGNED, Event.MENTIONED, Event.MENTIONED]
    assert texts(reviewer2)[-1] == (
        "Rita mentioned you in a note on “grew by 35% over the last two years”, which you "
        "can read now that your review is in."
    )
    # A revision is no new reading: nothing is told again.
    claim_in_review.submit_review(
        reviewer=reviewer2,
        rating=Rating.TRUE,
        confidence=3,
        rationale="Found it.",
        reason="Rita's source.",
    )
    assert len(events(reviewer2)) == 3


def test_once_the_mentioned_reviewer_has_reviewed_the_mention_tells_them(
    claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.FALSE, confidence=3, rationale="No such figure."
    )
    _, mentions = post(claim_in_review, reviewer, "@ravi which source did you use?")
    assert mentions.notified == [reviewer2]
    assert events(reviewer2)[-1] == Event.MENTIONED


def test_an_editors_note_tells_a_reviewer_still_rating(claim_in_review, editor, reviewer):
    _, mentions = post(claim_in_review, editor, "@rita please look at the customs tables")
    assert mentions.notified == [reviewer]
    assert texts(reviewer)[-1].startswith("Edna mentioned you in a note")


def test_names_that_tell_nobody_say_why(client, claim_in_review, editor):
    from factcheck.testing import make_user

    make_user("nobody")  # no role: may not see claims
    make_user("gone", "Reviewer", is_active=False)
    client.force_login(editor)
    response = client.post(
        reverse("claims:post_note", args=[claim_in_review.pk]),
        {"body": "@ghost @nobody @gone @edna @rita"},
        follow=True,
    )
    page = response.content.decode()
    assert "@ghost told nobody: there is no such user." in page
    assert "@gone told nobody: there is no such user." in page
    assert "@nobody told nobody: they may not see this claim." in page
    assert "@edna told nobody: that is you." in page
    assert "Told @rita of your note." in page
    assert Notification.objects.filter(event=Event.MENTIONED).count() == 1


def test_an_edit_tells_only_those_it_newly_mentions(claim_in_review, editor, reviewer, reviewer2):
    note, _ = post(claim_in_review, editor, "@rita look at this")
    mentions = note.edit(by=editor, body="@rita and @ravi, look at this")
    assert mentions.notified == [reviewer2]
    note.edit(by=editor, body="@rita and @ravi: look at this, please")
    assert events(reviewer).count(Event.MENTIONED) == 1
    assert events(reviewer2).count(Event.MENTIONED) == 1


def test_a_mention_follows_the_persons_choice(claim_in_review, editor, reviewer):
    Preference.save_choices(reviewer, {Event.MENTIONED: Delivery.NONE})
    post(claim_in_review, editor, "@rita for the record")
    notification = Notification.objects.get(event=Event.MENTIONED)
    assert notification.delivery == Delivery.NONE
    assert notification_mail.send_now(notification.pk) is False
