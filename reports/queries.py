"""The numbers behind each report, aggregated by the database.

Every function takes an already filtered Claim queryset and runs a fixed number
of queries, whatever the number of claims.
"""

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, NullIf

from claims.models import Assignment, Claim, Rating, Review

from .aggregates import median_duration

FALSE_RATINGS = (Rating.MOSTLY_FALSE, Rating.FALSE)
OPEN_STATUSES = (Claim.Status.DRAFT, Claim.Status.IN_REVIEW, Claim.Status.REVIEWED)


def status_counts(claims):
    """{status: count} for every status, zeros included. One query."""
    totals = claims.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in Claim.Status}
    )
    return [(status, totals[status.value]) for status in Claim.Status]


def rating_counts(claims):
    """[(rating, count)] of claims with a verdict, best rating first. One query."""
    totals = claims.aggregate(
        **{f"r{r.value}": Count("pk", filter=Q(verdict__rating=r)) for r in Rating}
    )
    return [(rating, totals[f"r{rating.value}"]) for rating in Rating]


def median_time_to_verdict(claims):
    return median_duration(
        claims.filter(verdict__isnull=False),
        ExpressionWrapper(F("verdict__settled_at") - F("created_at"), output_field=DurationField()),
    )


def median_time_to_review(claims):
    """From a reviewer's assignment to their first submission."""
    assigned_at = Assignment.objects.filter(
        claim=OuterRef("claim"), reviewer=OuterRef("reviewer")
    ).values("assigned_at")[:1]
    reviews = Review.objects.filter(claim__in=claims.values("pk")).annotate(
        assigned_at=Subquery(assigned_at)
    )
    return median_duration(
        reviews,
        ExpressionWrapper(F("submitted_at") - F("assigned_at"), output_field=DurationField()),
    )


def waiting_longest(claims, limit=10):
    """Open claims, oldest first."""
    return list(
        claims.filter(status__in=OPEN_STATUSES)
        .select_related("article")
        .order_by("created_at", "pk")[:limit]
    )


# Breakdowns: one row per article, outlet, claimant or claim kind.

DIMENSIONS = {
    # name: (grouping fields, label field, claims-list filter and the field it takes)
    "article": {
        "title": "By article",
        "heading": "Article",
        "fields": ("article", "article__title"),
        "label": "article__title",
        "filter": ("article", "article"),
    },
    "outlet": {
        "title": "By outlet",
        "heading": "Outlet",
        "fields": ("article__outlet", "article__outlet__name"),
        "label": "article__outlet__name",
        "filter": ("outlet", "article__outlet"),
    },
    "claimant": {
        "title": "By claimant",
        "heading": "Claimant",
        "fields": ("claimant",),
        "label": "claimant",
        "filter": ("claimant", "claimant"),
    },
    "kind": {
        "title": "By claim kind",
        "heading": "Kind",
        "fields": ("kind",),
        "label": "kind",
        "filter": ("kind", "kind"),
    },
}


def breakdown(claims, dimension):
    """Rows of counts per rating for one dimension, least reliable first. One query.

    `false_share` is the share of claims with a verdict that were rated Mostly
    false or False; None where nothing has a verdict yet.
    """
    spec = DIMENSIONS[dimension]
    counts = {f"r{r.value}": Count("pk", filter=Q(verdict__rating=r)) for r in Rating}
    rows = (
        claims.order_by()
        .values(*spec["fields"])
        .annotate(
            total=Count("pk"),
            with_verdict=Count("verdict"),
            false_count=Count("pk", filter=Q(verdict__rating__in=FALSE_RATINGS)),
            **counts,
        )
        .annotate(
            false_share=Cast("false_count", FloatField())
            / NullIf(Cast("with_verdict", FloatField()), 0.0)
        )
        .order_by(F("false_share").desc(nulls_last=True), "-total", spec["label"])
    )
    result = []
    for row in rows:
        label = row[spec["label"]]
        if dimension == "kind":
            label = Claim.Kind(label).label
        filter_name, filter_field = spec["filter"]
        result.append(
            {
                **row,
                "label": label if label is not None else "No outlet",
                "filter": (filter_name, row[filter_field]),
                "ratings": [(r, row[f"r{r.value}"]) for r in Rating],
            }
        )
    return result
