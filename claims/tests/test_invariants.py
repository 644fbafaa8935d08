"""The workflow invariants hold in every state the workflow's own moves produce.

loaddata refuses states that break them (test_fixtures.py); these tests make
sure no invariant is a rule the workflow itself can break, reopening included.
"""

import pytest

from claims.models import Claim, Evidence, Rating
from factcheck.testing import make_claim, make_user

Status = Claim.Status


@pytest.fixture
def reviewer3(db):
    return make_user("rosa", "Reviewer", first_name="Rosa")


def assert_possible():
    assert Claim.objects.impossible_states() == []


def review(claim, reviewer, rating=Rating.MOSTLY_TRUE):
    claim.submit_review(reviewer=reviewer, rating=rating, confidence=3, rationale="Checked.")
    assert_possible()


def test_every_state_on_the_way_to_publication_and_back_is_possible(
    claim, editor, reviewer, reviewer2, reviewer3
):
    assert_possible()
    claim.assign([reviewer, reviewer2], by=editor)
    assert_possible()
    review(claim, reviewer)
    review(claim, reviewer2)
    claim.add_evidence(
        Evidence(
            url="https://stat.example.kg/trade",
            title="Customs statistics",
            stance=Evidence.Stance.SUPPORTS,
            source_type=Evidence.SourceType.PRIMARY,
        ),
        by=editor,
    ).confirm_primary(by=editor)
    claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Mostly right.")
    assert_possible()
    claim.publish(editor=editor)
    assert_possible()

    # Reopened: back to reviewed, keeping the verdict, its published_at and its revision.
    claim.reopen(editor=editor, reason="A reader sent new figures.")
    assert Claim.objects.get(pk=claim.pk).status == Status.REVIEWED
    assert_possible()
    claim.assign([reviewer3], by=editor)
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
    assert_possible()
    review(claim, reviewer3, Rating.HALF_TRUE)
    # Settled again: the verdict still carries the earlier published_at.
    claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Only half of it.")
    assert claim.verdict.published_at is not None
    assert_possible()
    claim.publish(editor=editor)
    assert claim.verdict_revisions.count() == 2
    assert_possible()
    claim.reopen(editor=editor, reason="Once more.")
    claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Still half of it.")
    claim.reopen(editor=editor, reason="And again, before publishing.")
    assert_possible()


def test_candidates_accepted_or_rejected_are_possible(article, editor):
    accepted = make_claim(article, "four Confucius Institutes", status=Status.CANDIDATE)
    rejected = make_claim(article, "a thousand kilometers", status=Status.CANDIDATE)
    assert_possible()
    accepted.accept(by=editor)
    rejected.reject(by=editor)
    assert_possible()


def test_a_state_written_behind_the_workflows_back_is_named_with_its_rule(claim_in_review):
    Claim.objects.filter(pk=claim_in_review.pk).update(status=Status.SETTLED)

    names = [invariant.name for pk, invariant in Claim.objects.impossible_states()]

    assert names == [
        "reviewed_by_every_assigned_reviewer",
        "decided_has_a_verdict",
        "status_is_the_last_move",
    ]
