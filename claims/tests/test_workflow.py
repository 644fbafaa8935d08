"""The claim workflow: draft → in_review → reviewed → settled → published, and reopen.

Every test here writes through the real database, so the suite run on SQLite
and on PostgreSQL checks the transitions on both.
"""

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import (
    Assignment,
    Claim,
    Rating,
    Review,
    StatusChange,
    Verdict,
    WorkflowError,
)
from factcheck.testing import add_primary_evidence, make_claim, make_user

Status = Claim.Status


@pytest.fixture
def reviewer3(db):
    return make_user("rosa", "Reviewer", first_name="Rosa")


def history(claim):
    return list(
        StatusChange.objects.filter(claim=claim).values_list(
            "from_status", "to_status", "actor__username", "note"
        )
    )


def snapshot(claim):
    """Everything a refused move must leave as it was, read from the database."""
    return {
        "status": Claim.objects.get(pk=claim.pk).status,
        "verdict": list(Verdict.objects.filter(claim=claim).values()),
        "history": list(StatusChange.objects.filter(claim=claim).values()),
        "assignments": list(Assignment.objects.filter(claim=claim).values()),
        "reviews": list(Review.objects.filter(claim=claim).values()),
    }


# The happy path


def test_claim_goes_from_draft_to_published_and_is_reopened(claim, editor, reviewer, reviewer2):
    assert claim.status == Status.DRAFT
    assert history(claim) == []

    assert claim.assign([reviewer, reviewer2], by=editor) == [reviewer, reviewer2]
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW

    claim.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data agree."
    )
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
    claim.submit_review(
        reviewer=reviewer2, rating=Rating.HALF_TRUE, confidence=3, rationale="Period is unclear."
    )
    assert Claim.objects.get(pk=claim.pk).status == Status.REVIEWED

    verdict = claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="  Mostly right.  ")
    assert Claim.objects.get(pk=claim.pk).status == Status.SETTLED
    assert (verdict.rating, verdict.summary, verdict.editor) == (
        Rating.MOSTLY_TRUE,
        "Mostly right.",
        editor,
    )
    assert verdict.published_at is None

    add_primary_evidence(claim, reviewer).confirm_primary(by=editor)
    claim.publish(editor=editor)
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED
    assert Verdict.objects.get(claim=claim).published_at is not None

    claim.reopen(editor=editor, reason="  A reader sent the 2024 figures.  ")
    assert Claim.objects.get(pk=claim.pk).status == Status.REVIEWED

    assert history(claim) == [
        (Status.DRAFT, Status.IN_REVIEW, "edna", "Assigned rita, ravi."),
        (Status.IN_REVIEW, Status.REVIEWED, "ravi", "Every assigned reviewer has submitted."),
        (Status.REVIEWED, Status.SETTLED, "edna", "Mostly true"),
        (Status.SETTLED, Status.PUBLISHED, "edna", ""),
        (Status.PUBLISHED, Status.REVIEWED, "edna", "A reader sent the 2024 figures."),
    ]


# Illegal moves change nothing


def _review(claim, reviewer, **extra):
    return claim.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Looks right.", **extra
    )


def _review_with_other_claims_evidence(claim, reviewer, editor, article):
    other = make_claim(article, "four Confucius Institutes")
    foreign = add_primary_evidence(other, editor, title="Another claim's source")
    _review(claim, reviewer, evidence=[foreign])


ILLEGAL_MOVES = {
    "settle a draft": (
        "claim",
        lambda c, p: c.settle(editor=p["editor"], rating=Rating.TRUE, summary="Right."),
    ),
    "publish an unsettled claim": ("reviewed_claim", lambda c, p: c.publish(editor=p["editor"])),
    "review an unassigned draft": ("claim", lambda c, p: _review(c, p["reviewer"])),
    "review by a reviewer not assigned": (
        "claim_in_review",
        lambda c, p: _review(c, p["reviewer3"]),
    ),
    "reopen a draft": ("claim", lambda c, p: c.reopen(editor=p["editor"], reason="Why not.")),
    "reopen a reviewed claim": (
        "reviewed_claim",
        lambda c, p: c.reopen(editor=p["editor"], reason="Why not."),
    ),
    "assign on a settled claim": (
        "settled_claim",
        lambda c, p: c.assign([p["reviewer3"]], by=p["editor"]),
    ),
    "assign on a published claim": (
        "published_claim",
        lambda c, p: c.assign([p["reviewer3"]], by=p["editor"]),
    ),
    "settle with an empty summary": (
        "reviewed_claim",
        lambda c, p: c.settle(editor=p["editor"], rating=Rating.TRUE, summary="  \n "),
    ),
    "settle a settled claim again": (
        "settled_claim",
        lambda c, p: c.settle(editor=p["editor"], rating=Rating.FALSE, summary="Changed my mind."),
    ),
    "publish a published claim again": (
        "published_claim",
        lambda c, p: c.publish(editor=p["editor"]),
    ),
    "reopen with an empty reason": (
        "settled_claim",
        lambda c, p: c.reopen(editor=p["editor"], reason="   "),
    ),
    "assign nobody": ("claim", lambda c, p: c.assign([], by=p["editor"])),
    "assign a user who is not a reviewer": (
        "claim",
        lambda c, p: c.assign([p["reviewer"], p["outsider"]], by=p["editor"]),
    ),
    "assign someone already assigned": (
        "claim_in_review",
        lambda c, p: c.assign([p["reviewer"]], by=p["editor"]),
    ),
    "review citing evidence of another claim": (
        "claim_in_review",
        lambda c, p: _review_with_other_claims_evidence(c, p["reviewer"], p["editor"], c.article),
    ),
}


@pytest.fixture
def people(reviewer, reviewer2, reviewer3, editor):
    return {
        "reviewer": reviewer,
        "reviewer2": reviewer2,
        "reviewer3": reviewer3,
        "editor": editor,
        "outsider": make_user("otto"),
    }


@pytest.mark.parametrize(("fixture", "move"), ILLEGAL_MOVES.values(), ids=ILLEGAL_MOVES.keys())
def test_illegal_move_raises_workflow_error_and_changes_nothing(request, people, fixture, move):
    claim = request.getfixturevalue(fixture)
    before = snapshot(claim)

    with pytest.raises(WorkflowError):
        move(claim, people)

    assert snapshot(claim) == before


# Permissions

EDITOR_MOVES = {
    "assign": ("claim", lambda c, u, p: c.assign([p["reviewer3"]], by=u), Status.IN_REVIEW),
    "settle": (
        "reviewed_claim",
        lambda c, u, p: c.settle(editor=u, rating=Rating.TRUE, summary="Right."),
        Status.SETTLED,
    ),
    "publish": ("settled_claim", lambda c, u, p: c.publish(editor=u), Status.PUBLISHED),
    "reopen": (
        "settled_claim",
        lambda c, u, p: c.reopen(editor=u, reason="New figures."),
        Status.REVIEWED,
    ),
}


@pytest.mark.parametrize(("fixture", "move", "_"), EDITOR_MOVES.values(), ids=EDITOR_MOVES.keys())
def test_reviewer_cannot_make_editor_moves(request, people, fixture, move, _):
    claim = request.getfixturevalue(fixture)
    before = snapshot(claim)

    with pytest.raises(PermissionDenied):
        move(claim, people["reviewer"], people)

    assert snapshot(claim) == before


@pytest.mark.parametrize(
    ("fixture", "move", "expected"), EDITOR_MOVES.values(), ids=EDITOR_MOVES.keys()
)
def test_editor_can_make_editor_moves(request, people, fixture, move, expected):
    claim = request.getfixturevalue(fixture)
    changes = StatusChange.objects.filter(claim=claim).count()

    move(claim, people["editor"], people)

    assert Claim.objects.get(pk=claim.pk).status == expected
    last = StatusChange.objects.filter(claim=claim).latest()
    assert StatusChange.objects.filter(claim=claim).count() == changes + 1
    assert (last.to_status, last.actor) == (expected, people["editor"])


def test_user_without_a_role_cannot_review(claim_in_review):
    outsider = make_user("otto")
    before = snapshot(claim_in_review)

    with pytest.raises(PermissionDenied):
        _review(claim_in_review, outsider)

    assert snapshot(claim_in_review) == before


# Reviews


def test_reviewer_editing_own_review_updates_it_and_claim_stays_reviewed(reviewed_claim, reviewer):
    changes = StatusChange.objects.filter(claim=reviewed_claim).count()
    evidence = add_primary_evidence(reviewed_claim, reviewer)

    review = reviewed_claim.submit_review(
        reviewer=reviewer,
        rating=Rating.FALSE,
        confidence=5,
        rationale="The 2023 figures say otherwise.",
        evidence=[evidence],
        reason="Found the 2023 figures.",
    )

    assert Review.objects.filter(claim=reviewed_claim, reviewer=reviewer).count() == 1
    stored = Review.objects.get(pk=review.pk)
    assert (stored.rating, stored.confidence, stored.rationale) == (
        Rating.FALSE,
        5,
        "The 2023 figures say otherwise.",
    )
    assert list(stored.evidence.all()) == [evidence]
    assert Claim.objects.get(pk=reviewed_claim.pk).status == Status.REVIEWED
    assert StatusChange.objects.filter(claim=reviewed_claim).count() == changes


def test_first_of_two_reviews_keeps_claim_in_review(claim_in_review, reviewer):
    _review(claim_in_review, reviewer)
    _review(claim_in_review, reviewer)

    assert Claim.objects.get(pk=claim_in_review.pk).status == Status.IN_REVIEW
    assert Review.objects.filter(claim=claim_in_review).count() == 1


def test_assigning_one_new_reviewer_skips_those_already_assigned(
    claim_in_review, editor, reviewer, reviewer3
):
    assert claim_in_review.assign([reviewer, reviewer3], by=editor) == [reviewer3]
    assert set(claim_in_review.assignments.values_list("reviewer__username", flat=True)) == {
        "rita",
        "ravi",
        "rosa",
    }
    assert history(claim_in_review)[-1] == (
        Status.IN_REVIEW,
        Status.IN_REVIEW,
        "edna",
        "Assigned rosa.",
    )


# Reopening


def test_reopen_goes_to_reviewed_when_every_assigned_reviewer_has_reviewed(settled_claim, editor):
    settled_claim.reopen(editor=editor, reason="Check the period again.")

    assert Claim.objects.get(pk=settled_claim.pk).status == Status.REVIEWED
    assert history(settled_claim)[-1] == (
        Status.SETTLED,
        Status.REVIEWED,
        "edna",
        "Check the period again.",
    )


def test_reopened_claim_with_a_third_reviewer_waits_for_their_review(
    settled_claim, editor, reviewer3
):
    settled_claim.reopen(editor=editor, reason="Needs a third opinion.")
    settled_claim.assign([reviewer3], by=editor)
    assert Claim.objects.get(pk=settled_claim.pk).status == Status.IN_REVIEW

    _review(settled_claim, reviewer3)

    assert Claim.objects.get(pk=settled_claim.pk).status == Status.REVIEWED


def test_reopen_goes_to_in_review_when_an_assigned_reviewer_has_not_reviewed(
    settled_claim, editor, reviewer3
):
    # The workflow never settles a claim with a review missing; an assignment
    # written behind its back (a fixture, a shell) is the only way to get here.
    Assignment.objects.create(claim=settled_claim, reviewer=reviewer3, assigned_by=editor)

    settled_claim.reopen(editor=editor, reason="Rosa was meant to review it too.")

    assert Claim.objects.get(pk=settled_claim.pk).status == Status.IN_REVIEW


def test_reopened_claim_can_be_settled_again_and_its_verdict_is_updated(published_claim, editor):
    published_claim.reopen(editor=editor, reason="A reader sent the 2024 figures.")

    published_claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Only half of it.")

    assert Verdict.objects.filter(claim=published_claim).count() == 1
    verdict = Verdict.objects.get(claim=published_claim)
    assert (verdict.rating, verdict.summary) == (Rating.HALF_TRUE, "Only half of it.")
    assert Claim.objects.get(pk=published_claim.pk).status == Status.SETTLED
    assert [(f, t) for f, t, _, _ in history(published_claim)[-2:]] == [
        (Status.PUBLISHED, Status.REVIEWED),
        (Status.REVIEWED, Status.SETTLED),
    ]
