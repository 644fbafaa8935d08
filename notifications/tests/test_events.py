"""Each move of a claim reaches the people it concerns, and not the one who made it."""

import pytest
from django.db import transaction

from claims.models import Rating
from factcheck.testing import make_claim, make_user
from notifications.models import Delivery, Event, Notification, Preference

from .helpers import events, texts


def test_it_tells_each_assigned_reviewer_and_not_the_editor(
    claim, editor, reviewer, reviewer2, outsider
):
    claim.assign([reviewer, reviewer2], by=editor)
    for user in (reviewer, reviewer2):
        assert texts(user) == ["Edna assigned you to review “grew by 35% over the last two years”."]
        assert events(user) == [Event.ASSIGNED]
    assert texts(editor) == []
    assert texts(outsider) == []


def test_it_tells_only_the_newly_assigned(claim_in_review, editor, reviewer, outsider):
    claim_in_review.assign([reviewer, outsider], by=editor)  # rita was assigned already
    assert events(reviewer) == [Event.ASSIGNED]
    assert events(outsider) == [Event.ASSIGNED]


def test_one_who_assigns_themself_is_not_told(claim, admin_user, reviewer):
    claim.assign([admin_user, reviewer], by=admin_user)
    assert texts(admin_user) == []
    assert len(texts(reviewer)) == 1


def test_every_review_in_tells_the_editors_who_assigned(
    claim, editor, editor2, reviewer, reviewer2
):
    claim.assign([reviewer], by=editor)
    claim.assign([reviewer2], by=editor2)
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
    assert events(editor) == events(editor2) == []  # one review waits still
    claim.submit_review(reviewer=reviewer2, rating=Rating.FALSE, confidence=2, rationale="No.")
    expected = [
        "Every review is in on “grew by 35% over the last two years”; it waits for a verdict."
    ]
    assert texts(editor) == texts(editor2) == expected
    # The reviewers hear only of their own assignment.
    assert events(reviewer) == events(reviewer2) == [Event.ASSIGNED]


def test_the_editor_who_assigned_and_left_is_not_told(claim, editor, reviewer):
    claim.assign([reviewer], by=editor)
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
    assert texts(editor) == []


def test_settling_tells_the_reviewers_that_it_was_settled(
    settled_claim, editor, editor2, reviewer, reviewer2, outsider
):
    for user in (reviewer, reviewer2):
        assert events(user)[-1] == Event.SETTLED
        assert texts(user)[-1] == (
            "Edna settled the verdict on “grew by 35% over the last two years”, which you reviewed."
        )
    assert Event.SETTLED not in events(editor)
    assert events(editor2) == events(outsider) == []


def test_publishing_tells_the_reviewers_the_published_rating(published_claim, reviewer, editor):
    assert events(reviewer)[-1] == Event.PUBLISHED
    assert texts(reviewer)[-1] == (
        "Edna published the verdict on “grew by 35% over the last two years”, which you "
        "reviewed: Mostly true."
    )
    assert Event.PUBLISHED not in events(editor)


def test_reopening_tells_the_reviewers(settled_claim, editor, reviewer, reviewer2):
    settled_claim.reopen(editor=editor, reason="The customs figures were revised.")
    for user in (reviewer, reviewer2):
        assert events(user)[-1] == Event.REOPENED
        assert texts(user)[-1] == (
            "Edna reopened “grew by 35% over the last two years”, which you reviewed; it is "
            "under review again."
        )
    assert Event.REOPENED not in events(editor)


def test_a_reviewer_who_did_not_review_hears_nothing_of_the_verdict(
    claim, editor, reviewer, reviewer2
):
    from factcheck.testing import add_primary_evidence

    claim.assign([reviewer, reviewer2], by=editor)
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
    claim.assignments.filter(reviewer=reviewer2).delete()  # taken off the claim
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
    add_primary_evidence(claim, editor)
    claim.refresh_from_db()
    claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    assert events(reviewer)[-1] == Event.SETTLED
    assert events(reviewer2) == [Event.ASSIGNED]


def test_a_move_that_is_rolled_back_leaves_no_notification(claim, editor, reviewer):
    def assign_then_fail():
        with transaction.atomic():
            claim.assign([reviewer], by=editor)
            raise RuntimeError("something after the assignment failed")

    with pytest.raises(RuntimeError):
        assign_then_fail()
    assert not Notification.objects.exists()


def test_mail_is_chosen_by_the_recipients_choice(claim, editor, reviewer, reviewer2):
    Preference.save_choices(reviewer2, {Event.ASSIGNED: Delivery.NONE})
    nomail = make_user("nora", "Reviewer")
    nomail.email = ""
    nomail.save(update_fields=["email"])
    claim.assign([reviewer, reviewer2, nomail], by=editor)
    delivery = dict(Notification.objects.values_list("recipient__username", "delivery"))
    # rita has the default (at once); ravi chose none; nora has no address: the inbox only.
    assert delivery == {"rita": Delivery.NOW, "ravi": Delivery.NONE, "nora": Delivery.NONE}


def test_a_long_statement_is_cut_short(article, editor, reviewer):
    body = "The minister said " + "that the border is long and " * 20 + "winding."
    article.body = body
    article.save(update_fields=["body"])
    claim = make_claim(article, body)
    claim.assign([reviewer], by=editor)
    (text,) = texts(reviewer)
    assert len(text) < 200
    assert "…”" in text
