"""How well reviewers agree: Krippendorff's alpha, per-reviewer figures, disagreements."""

import math
import statistics
import warnings
from collections import defaultdict

import krippendorff
from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
)

from claims.models import Assignment, Claim, Rating, Review

from .aggregates import Median

# Alpha is computed on the rated scale only; Unverifiable has no place on it.
SCALE = sorted(r.value for r in Rating if r.is_rated)
RATED = Q(rating__gt=Rating.UNVERIFIABLE)


def _rated_reviews(claims):
    """Rated reviews of claims that have two or more of them."""
    paired = (
        claims.order_by()
        .annotate(rated=Count("reviews", filter=Q(reviews__rating__gt=Rating.UNVERIFIABLE)))
        .filter(rated__gte=2)
        .values("pk")
    )
    return Review.objects.filter(RATED, claim__in=paired)


def alpha(value_counts):
    """Ordinal Krippendorff's alpha from rows of per-value counts; None where undefined.

    Undefined with no claim rated twice, or when every rating is the same value
    (no expected disagreement to compare with).
    """
    if not value_counts:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = krippendorff.alpha(
            value_counts=value_counts, value_domain=SCALE, level_of_measurement="ordinal"
        )
    return None if math.isnan(value) else float(value)


def alpha_by_kind(claims):
    """{"overall": (alpha, claims), kind: (alpha, claims)}. One query.

    The database counts, per claim, how many reviews gave each rated value;
    those counts are exactly the library's value_counts matrix.
    """
    counts = {f"v{v}": Count("pk", filter=Q(rating=v)) for v in SCALE}
    rows = (
        _rated_reviews(claims)
        .order_by()
        .values("claim", "claim__kind")
        .annotate(**counts)
        .order_by("claim")
    )
    units = defaultdict(list)
    for row in rows:
        unit = [row[f"v{v}"] for v in SCALE]
        units["overall"].append(unit)
        units[row["claim__kind"]].append(unit)
    result = {"overall": (alpha(units["overall"]), len(units["overall"]))}
    for kind in Claim.Kind:
        result[kind.value] = (alpha(units[kind.value]), len(units[kind.value]))
    return result


def _review_duration():
    assigned_at = Assignment.objects.filter(
        claim=OuterRef("claim"), reviewer=OuterRef("reviewer")
    ).values("assigned_at")[:1]
    return Subquery(assigned_at), ExpressionWrapper(
        F("submitted_at") - F("assigned_at"), output_field=DurationField()
    )


def per_reviewer(claims):
    """Per reviewer: reviews done, median time to review, agreement with the settled verdict.

    Two queries at most: the counts, and on SQLite (no percentile function)
    the durations for the medians.
    """
    assigned_at, duration = _review_duration()
    reviews = Review.objects.filter(claim__in=claims.values("pk")).annotate(assigned_at=assigned_at)
    settled = Q(claim__verdict__isnull=False)
    aggregates = {
        "done": Count("pk"),
        "with_verdict": Count("pk", filter=settled),
        "agreed": Count("pk", filter=settled & Q(rating=F("claim__verdict__rating"))),
    }
    if connection.vendor == "postgresql":
        aggregates["median"] = Median(duration)
    rows = list(
        reviews.order_by()
        .values("reviewer", "reviewer__username", "reviewer__first_name", "reviewer__last_name")
        .annotate(**aggregates)
        .order_by("reviewer__username")
    )
    if connection.vendor != "postgresql":
        durations = defaultdict(list)
        for reviewer_id, value in reviews.annotate(_d=duration).values_list("reviewer", "_d"):
            if value is not None:
                durations[reviewer_id].append(value)
        for row in rows:
            values = durations.get(row["reviewer"])
            row["median"] = statistics.median(values) if values else None
    for row in rows:
        full = f"{row['reviewer__first_name']} {row['reviewer__last_name']}".strip()
        row["name"] = full or row["reviewer__username"]
        row["agreement"] = row["agreed"] / row["with_verdict"] if row["with_verdict"] else None
    return rows


def disagreements(claims, steps=2):
    """Claims whose rated reviews lie `steps` or more apart on the scale. One query."""
    rated = Q(reviews__rating__gt=Rating.UNVERIFIABLE)
    found = list(
        claims.annotate(
            highest=Max("reviews__rating", filter=rated),
            lowest=Min("reviews__rating", filter=rated),
        )
        .annotate(spread=F("highest") - F("lowest"))
        .filter(spread__gte=steps)
        .select_related("article", "verdict")
        .order_by("-spread", "pk")
    )
    for claim in found:
        claim.highest_label = Rating(claim.highest).label
        claim.lowest_label = Rating(claim.lowest).label
    return found
