"""The overview's reviews by their due date: the share done on time, and those overdue now,
counted as claims.models.scheduling says, live on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Assignment, Rating, Review
from claims.models.scheduling import today
from factcheck.testing import make_claim

OVERVIEW = reverse("reports:overview")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def dated(article, editor, reviewer, reviewer2):
    """Four claims, each with two reviewers due five days ago: one review on time, one
    late, the rest not in (overdue), and one claim with no due date at all."""
    due = today() - 5 * DAY
    claims = [make_claim(article, q) for q in ["Trade between", "grew by 35%", "Kyrgyzstan"]]
    undated = make_claim(article, "The shared border")
    for claim in [*claims, undated]:
        claim.assign([reviewer, reviewer2], by=editor)
    Assignment.objects.exclude(claim=undated).update(due=due)
    on_day = timezone.make_aware(datetime.datetime.combine(due, datetime.time(18)))
    for claim, at in [(claims[0], on_day), (claims[1], on_day + DAY), (undated, on_day)]:
        claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="r")
        Review.objects.filter(claim=claim, reviewer=reviewer).update(submitted_at=at)
    return claims


def test_the_overview_shows_the_share_done_on_time_and_those_overdue(client, editor, dated):
    client.force_login(editor)
    response = client.get(OVERVIEW)
    figures = response.context["on_time"]
    # Six dated assignments: one done on time, one late, four not in and past due.
    assert figures == {
        "dated": 6,
        "on_time": 1,
        "late": 1,
        "overdue": 4,
        "decided": 6,
        "share": 17,
    }
    html = response.content.decode()
    assert "17% (1 of 6)" in html
    assert "Overdue now" in html


def test_the_downloads_carry_the_same_figures(client, editor, dated):
    client.force_login(editor)
    data = client.get(OVERVIEW, {"format": "json"}).json()
    assert (data["reviews_due"], data["reviews_on_time"], data["percent_on_time"]) == (6, 1, 17)
    assert (data["reviews_late"], data["reviews_overdue"]) == (1, 4)


def test_work_not_yet_due_is_left_out_of_the_share(client, editor, claim_in_review, reviewer):
    Assignment.objects.update(due=today() + DAY)
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="r"
    )
    client.force_login(editor)
    figures = client.get(OVERVIEW).context["on_time"]
    assert (figures["on_time"], figures["decided"], figures["share"]) == (1, 1, 100)


def test_without_due_dates_it_says_so(client, editor, claim_in_review):
    client.force_login(editor)
    response = client.get(OVERVIEW)
    assert response.context["on_time"]["share"] is None
    assert "No review due yet" in response.content.decode()


def test_the_overviews_filter_scopes_the_figures(client, editor, dated, outlet):
    client.force_login(editor)
    other = type(outlet).objects.create(name="Elsewhere")
    figures = client.get(OVERVIEW, {"outlet": other.pk}).context["on_time"]
    assert figures["dated"] == 0
