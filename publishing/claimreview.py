"""Published fact-checks as schema.org ClaimReview, the format fact-checkers exchange.

https://schema.org/ClaimReview and Google's Fact Check markup guide describe the
fields read here; the markup must say what the public page says.
"""

import itertools
import json

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery

from claims.models import Claim, RatingLevel, Recheck, StatusChange, VerdictRevision
from claims.validators import is_web_url

# json.dumps leaves these alone; inside <script> they could end the element.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def public_claims():
    """Every claim with a public page, with its publications and when it was last reopened.

    Nothing else of the claim is read: the page and the markup show the latest
    publication's record (VerdictRevision), never the live rows.
    """
    reopened = StatusChange.objects.filter(
        claim=OuterRef("pk"), from_status=Claim.Status.PUBLISHED
    ).order_by("-created_at", "-pk")
    confirmed = Recheck.objects.confirmed().filter(claim=OuterRef("pk")).order_by("-done_at", "-pk")
    return (
        Claim.objects.public()
        .only("pk", "status")
        .prefetch_related(
            Prefetch(
                "verdict_revisions",
                queryset=VerdictRevision.objects.select_related("editor").order_by("pk"),
            )
        )
        .annotate(
            reopened_at=Subquery(reopened.values("created_at")[:1]),
            confirmed_at=Subquery(confirmed.values("done_at")[:1]),
            confirmed_as_of=Subquery(confirmed.values("as_of")[:1]),
        )
    )


def last_checked(claim, current):
    """(the day the published verdict holds as of, when it was last checked) for the public
    page: those of the publication `current`, or of a re-check since that confirmed it."""
    confirmed_at = getattr(claim, "confirmed_at", None)
    if confirmed_at is not None and confirmed_at > current.published_at:
        return claim.confirmed_as_of, confirmed_at
    return current.as_of, current.published_at


def newest_first(claims):
    """Public claims, the most recently published first: the index, the feeds.

    Read off the verdict_published index on (published_at, claim), backwards.
    A claim with a public page always has a publication date; saying so lets
    the database skip the verdicts never published (NULL, which PostgreSQL
    sorts first when descending) instead of reading past them.
    """
    return claims.filter(verdict__published_at__isnull=False).order_by(
        "-verdict__published_at", "-pk"
    )


def under_review(claim):
    """Reopened since its last publication: the verdict shown stands until a corrected one."""
    return not claim.is_published()


def review_rating(rating):
    """ClaimReview's reviewRating for a stored rating, as the desk's scale publishes it.

    best and worst are the highest and lowest ratingValue of the scale's rated
    levels, retired ones included, so a fact-check rated with a retired level
    still lies inside the range it states.
    """
    scale = RatingLevel.objects.scale()
    level = scale.get(rating)
    if not level.is_rated:
        # No place on the scale: the name alone, as Google's guide allows.
        return {"@type": "Rating", "alternateName": level.public_name}
    return {
        "@type": "Rating",
        "ratingValue": level.claimreview_rating_value,
        "bestRating": scale.best_value,
        "worstRating": scale.worst_value,
        "alternateName": level.public_name,
    }


def claim_review(claim, url, revisions=None, *, preview=False):
    """The ClaimReview dict of `claim` as last published; `url` is absolute.

    `revisions` are its publications, oldest first: the claim's own by default
    (the preview adds the one about to be made). Everything but the dates comes
    from the latest one's record.
    """
    revisions = list(claim.verdict_revisions.all()) if revisions is None else revisions
    current = revisions[-1]
    cited = current.appearance
    appearance = {"@type": "CreativeWork", "headline": cited.get("headline", "")}
    if is_web_url(cited.get("url", "")):
        appearance["url"] = cited["url"]
    recorded = current.claimant
    author = {"@type": recorded.get("@type", "Person"), "name": recorded.get("name", "")}
    links = [url for url in recorded.get("sameAs", []) if is_web_url(url)]
    if links:
        author["sameAs"] = links
    if recorded.get("description"):
        author["description"] = recorded["description"]
    item = {"@type": "Claim", "author": author, "appearance": appearance}
    if cited.get("date_published"):
        item["datePublished"] = cited["date_published"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": current.statement,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANISATION,
            "url": settings.FACTCHECK_PUBLISHER_URL,
        },
        "datePublished": revisions[0].published_at.date().isoformat(),
        "reviewRating": review_rating(current.rating),
        "itemReviewed": item,
    }
    if len(revisions) > 1:
        review["dateModified"] = current.published_at.isoformat()
    reopened_at = getattr(claim, "reopened_at", None)
    if not preview and under_review(claim) and reopened_at is not None:
        # Said to partners as the page says it to readers: this verdict is being checked again.
        review["dateModified"] = reopened_at.isoformat()
        review["creativeWorkStatus"] = "Under review"
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
                "rating_before": before.rating_level,
                "rating_after": after.rating_level,
                "rating_changed": before.rating != after.rating,
                "after_recheck": after.recheck_id is not None,
                "summary_changed": before.summary.strip() != after.summary.strip(),
            }
        )
    return notes
