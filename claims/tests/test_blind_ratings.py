"""Blind ratings: the first rating is kept for good, revisions are marked, drafts are private."""

import csv
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Now
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.history import claim_history
from claims.models import Claim, Rating, Review, ReviewDraft, WorkflowError
from factcheck.testing import post_failing

FIRST = "Customs data agree."  # reviewed_claim: rita's Mostly true, ravi's Half true
# The claim page for a reviewer, the session and permissions included; one is the
# reviewer's own draft (ClaimQuerySet.for_page), added with drafts; one the notes the
# reviewer may read (ClaimQuerySet.with_notes_for), none here.
EXPECTED_CLAIM_PAGE_QUERIES = 11


def _revise(claim, reviewer, rating=Rating.FALSE, reason="Read Ravi's source."):
    return claim.submit_review(
        reviewer=reviewer, rating=rating, confidence=4, rationale="Re-read it.", reason=reason
    )


def _page(client, user, claim):
    client.force_login(user)
    return client.get(claim.get_absolute_url()).text


# The workflow


def test_the_first_submission_is_the_blind_rating(claim_in_review, reviewer):
    review = claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Matches the report."
    )
    stored = Review.objects.get(pk=review.pk)
    assert (stored.blind_rating, stored.blind_rationale) == (Rating.TRUE, "Matches the report.")
    assert not stored.is_revised()


def test_a_revision_keeps_the_blind_rating(reviewed_claim, reviewer):
    _revise(reviewed_claim, reviewer)
    _revise(reviewed_claim, reviewer, rating=Rating.TRUE, reason="Changed my mind again.")
    stored = Review.objects.get(claim=reviewed_claim, reviewer=reviewer)
    assert (stored.rating, stored.rationale) == (Rating.TRUE, "Re-read it.")
    assert (stored.blind_rating, stored.blind_rationale) == (Rating.MOSTLY_TRUE, FIRST)
    assert stored.revision_reason == "Changed my mind again."
    assert stored.revised_at is not None


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_revision_needs_a_reason(reviewed_claim, reviewer, reason):
    with pytest.raises(WorkflowError, match="Say why you revise your review"):
        _revise(reviewed_claim, reviewer, reason=reason)
    stored = Review.objects.get(claim=reviewed_claim, reviewer=reviewer)
    assert (stored.rating, stored.revised_at) == (Rating.MOSTLY_TRUE, None)


def test_the_same_review_sent_again_is_not_a_revision(reviewed_claim, reviewer):
    reviewed_claim.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale=FIRST
    )
    assert not Review.objects.get(claim=reviewed_claim, reviewer=reviewer).is_revised()


@pytest.mark.parametrize(
    "write",
    [
        lambda r: Review.objects.filter(pk=r.pk).update(blind_rating=Rating.FALSE),
        lambda r: Review.objects.filter(pk=r.pk).update(blind_rationale="Rewritten."),
        # Even marked as a revision, the blind rating stays.
        lambda r: Review.objects.filter(pk=r.pk).update(
            rating=1, blind_rating=1, revised_at=Now(), revision_reason="x"
        ),
    ],
)
def test_no_write_can_change_a_blind_rating(reviewed_claim, reviewer, write):
    review = Review.objects.get(claim=reviewed_claim, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        write(review)
    review.blind_rating = Rating.FALSE
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()
    assert Review.objects.get(pk=review.pk).blind_rating == Rating.MOSTLY_TRUE


@pytest.mark.parametrize(
    "values",
    [
        {"rating": Rating.FALSE},  # a silent change of rating
        {"rationale": "Quietly reworded."},
        {"rating": Rating.FALSE, "revised_at": Now()},  # a revision without its reason
    ],
)
def test_a_rating_other_than_the_blind_one_is_marked_revised(reviewed_claim, reviewer, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(claim=reviewed_claim, reviewer=reviewer).update(**values)


def test_a_revision_before_anyone_else_reviewed_is_not_after_the_reveal(
    claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="First look."
    )
    _revise(claim_in_review, reviewer, reason="A typo in my rating.")
    assert not Review.objects.get(reviewer=reviewer).revised_after_reveal


def test_a_revision_after_another_review_is_in_is_after_the_reveal(
    claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="First look."
    )
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.FALSE, confidence=3, rationale="Wrong year."
    )
    assert Review.objects.get(reviewer=reviewer).saw_others_before_revising()
    _revise(claim_in_review, reviewer)
    assert Review.objects.get(reviewer=reviewer).revised_after_reveal
    assert not Review.objects.get(reviewer=reviewer2).revised_after_reveal


def test_a_revision_after_a_verdict_is_after_the_reveal(claim, editor, reviewer):
    claim.assign([reviewer], by=editor)
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Fine.")
    claim.settle(editor=editor, rating=Rating.FALSE, summary="Wrong year.")
    claim.reopen(editor=editor, reason="New data.")
    _revise(claim, reviewer)
    assert Review.objects.get(reviewer=reviewer).revised_after_reveal


def test_once_after_the_reveal_a_review_stays_marked(claim_in_review, reviewer, reviewer2):
    claim_in_review.submit_review(reviewer=reviewer, rating=5, confidence=3, rationale="a")
    _revise(claim_in_review, reviewer, reason="Before the others.")
    claim_in_review.submit_review(reviewer=reviewer2, rating=1, confidence=3, rationale="b")
    _revise(claim_in_review, reviewer, rating=Rating.HALF_TRUE, reason="After them.")
    _revise(claim_in_review, reviewer, rating=Rating.FALSE, reason="Once more.")
    assert Review.objects.get(reviewer=reviewer).revised_after_reveal


# Drafts


def _draft(claim, reviewer, **values):
    return claim.save_review_draft(reviewer=reviewer, **{"rationale": "Half done.", **values})


def test_a_draft_counts_nowhere(claim_in_review, reviewer, reviewer2):
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.FALSE, confidence=3, rationale="Wrong year."
    )
    _draft(claim_in_review, reviewer, rating=Rating.TRUE)
    assert not Review.objects.filter(reviewer=reviewer).exists()
    claim = Claim.objects.with_verdict_visibility(reviewer).get(pk=claim_in_review.pk)
    assert claim.status == Claim.Status.IN_REVIEW  # the draft is not the last review
    assert not claim.verdict_visible  # nor "own review in"
    assert list(Claim.objects.awaiting_review_by(reviewer)) == [claim]
    assert not Claim.objects.awaiting_verdict().exists()


def test_submitting_replaces_the_draft(claim_in_review, reviewer):
    _draft(claim_in_review, reviewer, rating=Rating.TRUE)
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.HALF_TRUE, confidence=3, rationale="Done."
    )
    assert not ReviewDraft.objects.exists()
    review = Review.objects.get(reviewer=reviewer)
    assert (review.blind_rating, review.blind_rationale) == (Rating.HALF_TRUE, "Done.")


def test_a_draft_is_saved_again_not_twice(claim_in_review, reviewer):
    _draft(claim_in_review, reviewer)
    _draft(claim_in_review, reviewer, rationale="More done.", confidence=2)
    assert list(ReviewDraft.objects.values_list("rationale", "confidence", "rating")) == [
        ("More done.", 2, None)
    ]


def test_no_draft_once_the_review_is_in(reviewed_claim, reviewer):
    with pytest.raises(WorkflowError, match="revise it instead"):
        _draft(reviewed_claim, reviewer)


def test_only_an_assigned_reviewer_keeps_a_draft(claim, editor, reviewer, reviewer2):
    claim.assign([reviewer2], by=editor)
    with pytest.raises(WorkflowError, match="not assigned"):
        _draft(claim, reviewer)


# The pages


def test_a_reviewer_saves_a_draft_through_the_page(client, claim_in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:save_review_draft", args=[claim_in_review.pk]),
        {"rationale": "Still checking the customs series."},
    )
    assert response.status_code == 302
    draft = ReviewDraft.objects.get(reviewer=reviewer)
    assert (draft.rating, draft.confidence) == (None, None)
    assert not Review.objects.exists()
    page = client.get(claim_in_review.get_absolute_url()).text
    assert "Still checking the customs series." in page  # carried on in the form
    assert "visible only to you; not submitted" in page
    assert "Save draft" in page


def test_nobody_else_sees_a_draft(client, claim_in_review, reviewer, reviewer2, editor):
    _draft(claim_in_review, reviewer, rationale="My secret working notes.")
    for user in (reviewer2, editor):
        page = _page(client, user, claim_in_review)
        assert "My secret working notes." not in page
        assert "visible only to you" not in page


def test_revising_on_the_page_needs_a_reason(client, reviewed_claim, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:submit_review", args=[reviewed_claim.pk])
    form = {"rating": Rating.FALSE.value, "confidence": 4, "rationale": "Re-read it."}
    response = post_failing(client, url, form)
    assert "Say why you revise your review" in response.text
    assert Review.objects.get(reviewer=reviewer).rating == Rating.MOSTLY_TRUE
    assert client.post(url, {**form, "reason": "Saw Ravi's source."}).status_code == 302
    assert Review.objects.get(reviewer=reviewer).rating == Rating.FALSE


def test_a_revision_shows_its_marker_and_blind_rating(
    client, reviewed_claim, reviewer, reviewer2, editor
):
    assert "Blind rating" not in _page(client, editor, reviewed_claim)
    _revise(reviewed_claim, reviewer, reason="Ravi's period argument convinced me.")
    for user in (reviewer2, editor, reviewer):
        page = _page(client, user, reviewed_claim)
        assert "Revised after seeing other reviews" in page
        assert "Ravi&#x27;s period argument convinced me." in page
        assert "Blind rating, as first submitted" in page
        assert '<span class="badge rating-mostly-true">Mostly true</span>' in page
        assert FIRST in page


def test_the_disagreement_flag_reads_blind_ratings(client, claim_in_review, reviewer, reviewer2):
    claim_in_review.submit_review(reviewer=reviewer, rating=5, confidence=3, rationale="a")
    claim_in_review.submit_review(reviewer=reviewer2, rating=2, confidence=3, rationale="b")
    _revise(claim_in_review, reviewer, rating=Rating.MOSTLY_FALSE, reason="Matched Ravi.")
    page = _page(client, reviewer2, claim_in_review)
    assert "Reviewers disagree" in page
    assert "ratings are 3 steps apart" in page


def test_the_change_history_says_a_revision_followed_the_reveal(
    editor, claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(reviewer=reviewer, rating=5, confidence=3, rationale="a")
    _revise(claim_in_review, reviewer, rating=Rating.HALF_TRUE, reason="Typo.")
    claim_in_review.submit_review(reviewer=reviewer2, rating=1, confidence=3, rationale="b")
    _revise(claim_in_review, reviewer)
    actions = [e.action for e in claim_history(claim_in_review) if e.subject == "Review by Rita"]
    assert actions == [
        "revised after seeing other reviews (blind rating True)",
        "revised (blind rating True)",
        "added",
    ]


def test_the_export_counts_reviews_revised_after_the_reveal(
    client, editor, reviewed_claim, reviewer
):
    _revise(reviewed_claim, reviewer)
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    column = rows[0].index("Reviews revised after seeing others")
    assert rows[1][0] == str(reviewed_claim.pk)
    assert rows[1][column] == "1"


def test_the_claim_page_reads_the_draft_in_one_query(client, claim_in_review, reviewer):
    """The claim page costs one query more for the user's own draft, with or without one."""
    client.force_login(reviewer)
    url = claim_in_review.get_absolute_url()
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured]

    without = queries()
    drafts = [q for q in without if "claims_reviewdraft" in q]
    assert len(drafts) == 1
    assert len(without) == EXPECTED_CLAIM_PAGE_QUERIES
    _draft(claim_in_review, reviewer)
    # The draft's cited evidence is read only when there is a draft.
    assert len(queries()) == EXPECTED_CLAIM_PAGE_QUERIES + 1


def test_the_admin_shows_the_blind_rating_and_the_revision(
    client, admin_user, reviewed_claim, reviewer
):
    review = _revise(reviewed_claim, reviewer, reason="Saw Ravi's source.")
    client.force_login(admin_user)
    page = client.get(reverse("admin:claims_review_change", args=[review.pk])).text
    assert "Blind rating" in page
    assert "Revised after seeing other reviews" in page
    assert "Saw Ravi&#x27;s source." in page
    listing = client.get(reverse("admin:claims_review_changelist")).text
    assert "Blind rating" in listing
