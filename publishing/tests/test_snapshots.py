"""What the public sees is what was published: a reopened claim's edits wait for publication."""

import json

import pytest
from django.urls import reverse

from claims.models import Article, Claim, Evidence, Outlet, Rating
from claims.models.reporting import Reporting
from factcheck.testing import add_primary_evidence, make_claimant

NEW = {
    "statement": "Trade grew by 53% in a single year.",
    "claimant": "A ministry spokesperson",
    "kind": Claim.Kind.EVENT,
    "value": 53,
    "unit": "percent",
    "period": "one year",
}


def public_page(client, claim):
    return client.get(reverse("public:factcheck", args=[claim.pk])).text


def feed_item(client, claim):
    graph = client.get(reverse("public:claimreview_feed")).json()["@graph"]
    return next(r for r in graph if r["url"].endswith(f"/factchecks/{claim.pk}/"))


@pytest.fixture
def reopened(published_claim, editor, reviewer):
    """Published, reopened, then every field changed, new evidence added, settled again."""
    claim = published_claim
    claim.reopen(editor=editor, reason="A reader sent new figures.")
    claim = Claim.objects.get(pk=claim.pk)
    for field, value in NEW.items():
        setattr(claim, field, make_claimant(value) if field == "claimant" else value)
    claim.save()
    article = claim.article
    Article.objects.filter(pk=article.pk).update(
        title="A new headline", url="https://times.example.org/new-url"
    )
    Outlet.objects.filter(pk=article.outlet_id).update(name="The Renamed Times")
    old = claim.evidence.get()
    old.correct(by=editor, title="Trade statistics (revised)", excerpt="A new excerpt.")
    add_primary_evidence(
        claim,
        reviewer,
        url="https://evil.example.org/new-source",
        title="A brand new source",
        excerpt="Unreviewed words.",
    )
    # Its new claimant is not the article's voice: a reported claim, with two questions.
    claim.settle(
        editor=editor,
        rating=Rating.FALSE,
        summary="A new explanation.",
        reporting=Reporting.PARTLY,
    )
    return Claim.objects.get(pk=claim.pk)


UNPUBLISHED = [
    NEW["statement"],
    NEW["claimant"],
    "A new headline",
    "new-url",
    "The Renamed Times",
    "Trade statistics (revised)",
    "A new excerpt.",
    "A brand new source",
    "evil.example.org",
    "Unreviewed words.",
    "A new explanation.",
]


def test_nothing_new_reaches_the_public_page_until_it_is_published(client, reopened):
    text = public_page(client, reopened)
    for words in UNPUBLISHED:
        assert words not in text, words
    assert "grew by 35% over the last two years" in text
    assert "Example Times" in text
    assert "Customs data bear the figure out." in text
    assert "This fact-check is being reviewed again." in text


def test_nothing_new_reaches_the_feed_and_the_item_says_it_is_under_review(client, reopened):
    item = feed_item(client, reopened)
    text = json.dumps(item, ensure_ascii=False)
    for words in UNPUBLISHED:
        assert words not in text, words
    assert item["claimReviewed"] == "grew by 35% over the last two years"
    assert item["reviewRating"]["alternateName"] == "Mostly true"
    assert item["creativeWorkStatus"] == "Under review"
    reopened_at = reopened.status_changes.filter(from_status="published").get().created_at
    assert item["dateModified"] == reopened_at.isoformat()


def test_the_next_publication_shows_everything_at_once(client, reopened, editor):
    reopened.evidence.get(title="A brand new source").confirm_primary(by=editor)
    reopened = Claim.objects.get(pk=reopened.pk)
    reopened.publish(editor=editor)
    text = public_page(client, reopened)
    for words in ["A new headline", NEW["statement"], NEW["claimant"], "A brand new source"]:
        assert words in text, words
    item = feed_item(client, reopened)
    assert item["claimReviewed"] == NEW["statement"]
    assert item["reviewRating"]["alternateName"] == "False"
    assert "creativeWorkStatus" not in item


def test_a_retracted_source_leaves_the_page_only_when_published_again(
    client, published_claim, editor
):
    published_claim.reopen(editor=editor, reason="The table was withdrawn.")
    Evidence.objects.get().retract(by=editor, reason="Withdrawn by the statistics office.")
    assert "Trade statistics" in public_page(client, published_claim)
