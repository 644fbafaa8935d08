"""Fact-checks published through the real workflow, at the dates a test gives them."""

import datetime

import pytest

from claims.models import Rating, Verdict, VerdictRevision
from factcheck.testing import add_primary_evidence, make_claim


def publish(article, quote, *, editor, reviewers, on, rating=Rating.FALSE, summary=None):
    """Publish a claim of `quote` through the workflow, then date its publication `on`."""
    claim = make_claim(article, quote)
    claim.assign(reviewers, by=editor)
    for reviewer in reviewers:
        claim.submit_review(reviewer=reviewer, rating=rating, confidence=3, rationale="Checked.")
    add_primary_evidence(claim, editor)
    claim.settle(editor=editor, rating=rating, summary=summary or f"About {quote}.")
    claim.publish(editor=editor)
    published_at = datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
    Verdict.objects.filter(claim=claim).update(published_at=published_at)
    VerdictRevision.objects.filter(claim=claim).update(published_at=published_at)
    return claim


@pytest.fixture
def publish_on(article, editor, reviewer, reviewer2):
    """publish_on(quote, date, **extra): a fact-check of `quote` in the tests' article."""

    def make(quote, on, **extra):
        reviewers = [reviewer, reviewer2]
        return publish(article, quote, editor=editor, reviewers=reviewers, on=on, **extra)

    return make
