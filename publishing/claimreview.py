"""Published fact-checks as schema.org ClaimReview, the format fact-checkers exchange.

https://schema.org/ClaimReview and Google's Fact Check markup guide describe the
fields read here; the markup must say what the public page says.
"""

import itertools
import json

from django.conf import settings
from django.db.models import Max, Min, Prefetch

from claims.models import Claim, Evidence, Rating, VerdictRevision
from claims.validators import is_web_url

# json.dumps leaves these alone; inside <script> they could end the element.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def with_public_parts(claims):
    """`claims` with what the public page and the markup need: live evidence, revisions."""
    return (
        claims.select_related("article__outlet", "claimant")
        .prefetch_related(
            Prefetch("verdict_revisions", queryset=VerdictRevision.objects.order_by("pk")),
            Prefetch("evidence", queryset=Evidence.objects.live().order_by("added_at", "pk")),
        )
        .annotate(
            first_published_at=Min("verdict_revisions__published_at"),
            last_published_at=Max("verdict_revisions__published_at"),
        )
    )


def public_claims():
    """Every claim with a public page, with what the page and the markup need."""
    return with_public_parts(Claim.objects.public())


def claim_author(claimant):
    """The claimant as schema.org sees it: Person or Organization, with what identifies it."""
    author = {"@type": claimant.schema_type(), "name": claimant.name}
    links = [url for url in claimant.same_as_urls() if is_web_url(url)]
    if links:
        author["sameAs"] = links
    if claimant.description:
        author["description"] = claimant.description
    return author


def review_rating(rating):
    rating = Rating(rating)
    if not rating.is_rated:
        # No place on the 1-5 scale: the label alone, as Google's guide allows.
        return {"@type": "Rating", "alternateName": str(rating.label)}
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": Rating.TRUE.value,
        "worstRating": Rating.FALSE.value,
        "alternateName": str(rating.label),
    }


def claim_review(claim, url, revisions=None):
    """The ClaimReview dict for a claim fetched by public_claims(); `url` is absolute.

    `revisions` are the publications to describe, the claim's own by default
    (the preview adds the one about to be made).
    """
    revisions = list(claim.verdict_revisions.all()) if revisions is None else revisions
    current = revisions[-1]
    article = claim.article
    appearance = {"@type": "CreativeWork", "headline": article.title}
    if is_web_url(article.url):
        appearance["url"] = article.url
    item = {
        "@type": "Claim",
        "author": claim_author(claim.claimant),
        "appearance": appearance,
    }
    if article.published_on:
        item["datePublished"] = article.published_on.isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_PUBLISHER_NAME,
            "url": settings.FACTCHECK_PUBLISHER_URL,
        },
        "datePublished": revisions[0].published_at.date().isoformat(),
        "reviewRating": review_rating(current.rating),
        "itemReviewed": item,
    }
    if len(revisions) > 1:
        review["dateModified"] = current.published_at.isoformat()
    return review


def json_for_script(data):
    """JSON safe to place inside <script type="application/ld+json">."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)


def corrections(claim, revisions=None):
    """Each republication after the first: when, and what changed from the one before."""
    revisions = list(claim.verdict_revisions.all()) if revisions is None else revisions
    notes = []
    for before, after in itertools.pairwise(revisions):
        notes.append(
            {
                "published_at": after.published_at,
                "rating_before": Rating(before.rating),
                "rating_after": Rating(after.rating),
                "rating_changed": before.rating != after.rating,
                "summary_changed": before.summary.strip() != after.summary.strip(),
            }
        )
    return notes
