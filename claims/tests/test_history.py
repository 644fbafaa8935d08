"""Every change to claims, reviews, verdicts and evidence is kept, with who made it."""

from django.urls import reverse

from claims.models import Claim, Rating, Review, Verdict


def test_changes_through_the_pages_are_recorded_with_their_author(
    client, editor, reviewer, reviewed_claim
):
    client.force_login(reviewer)
    client.post(
        reverse("claims:submit_review", args=[reviewed_claim.pk]),
        {
            "rating": Rating.FALSE.value,
            "confidence": 5,
            "rationale": "Re-checked the data.",
            "reason": "The data were revised.",
        },
    )
    client.force_login(editor)
    client.post(
        reverse("claims:settle", args=[reviewed_claim.pk]),
        {"rating": Rating.FALSE.value, "summary": "The figure is wrong."},
    )
    review = Review.objects.get(reviewer=reviewer)
    ratings = [h.rating for h in review.history.order_by("history_date")]
    assert ratings == [Rating.MOSTLY_TRUE, Rating.FALSE]
    assert review.history.latest().history_user == reviewer

    verdict_history = Verdict.objects.get().history.get()
    assert (verdict_history.history_user, verdict_history.rating) == (editor, Rating.FALSE)

    statuses = [
        h.status for h in Claim.history.filter(id=reviewed_claim.pk).order_by("history_date")
    ]
    assert statuses[-1] == Claim.Status.SETTLED
    assert Claim.Status.IN_REVIEW in statuses
