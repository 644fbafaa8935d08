"""The numbers behind each report: one function per figure.

Each takes a Scope (or a bare Claim queryset, counted live) and runs a fixed
number of queries, whatever the number of claims: on PostgreSQL it sums the
report tables kept by the triggers (reports.rollups); for one article's claims,
and on SQLite, it counts the claims tables live. Both count the same way.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from claims.models import Assignment, Claim, Outlet, RatingLevel, Review

from . import figures
from .aggregates import histogram_median, whole_hours
from .models import (
    NO_OUTLET,
    ArticleCount,
    ArticleDayCount,
    ClaimantCount,
    ClaimCount,
    ReviewTimes,
    VerdictHours,
)
from .scope import as_scope


def _scale():
    return RatingLevel.objects.scale()


def _sums():
    """Sum annotations over rollup rows: total and c<id> (claims with each verdict rating).

    The rollups hold a row per key and verdict rating (null: no verdict), so the
    scale's levels, whatever they are, pivot the rows here.
    """
    return {
        "total": Coalesce(Sum("claims"), 0),
        **{
            f"c{level.pk}": Coalesce(Sum("claims", filter=Q(rating=level.pk)), 0)
            for level in _scale()
        },
    }


def _live_counts(field="verdict__rating"):
    """c<id>: Count annotations of claims whose verdict has each level of the scale."""
    return {f"c{level.pk}": Count("pk", filter=Q(**{field: level.pk})) for level in _scale()}


def _total_of(columns):
    columns = list(columns)
    if not columns:
        return Value(0)
    return sum((F(column) for column in columns[1:]), F(columns[0]))


def status_counts(scope):
    """[(status, count)] for every status, zeros included. One query."""
    scope = as_scope(scope)
    if scope.rolled_up:
        rows = (
            ClaimCount.objects.filter(scope.rollup_rows())
            .values("status")
            .annotate(n=Sum("claims"))
            .order_by()
        )
        totals = {row["status"]: row["n"] for row in rows}
    else:
        totals = scope.claims.aggregate(
            **{s.value: Count("pk", filter=Q(status=s)) for s in Claim.Status}
        )
    return [(status, totals.get(status.value) or 0) for status in Claim.Status]


def rating_counts(scope):
    """[(rating, count)] of claims with a verdict, best rating first. One query."""
    scope = as_scope(scope)
    if scope.rolled_up:
        totals = ClaimCount.objects.filter(scope.rollup_rows()).aggregate(**_sums())
    else:
        totals = scope.claims.aggregate(**_live_counts())
    return [(level, totals[f"c{level.pk}"] or 0) for level in _scale()]


def _rolled_up_median(model, counted, scope):
    """The median of a rollup of whole hours over the scope's periods. One query."""
    histogram: defaultdict[int | None, int] = defaultdict(int)
    for row in scope.summed(model, ["hours"], n=counted):
        histogram[row["hours"]] += row["n"]
    return histogram_median(histogram)


def median_time_to_verdict(scope):
    """Median whole hours from a claim's creation to its verdict, as a timedelta. One query."""
    scope = as_scope(scope)
    if scope.rolled_up:
        return _rolled_up_median(VerdictHours, "claims", scope)
    durations = (
        scope.claims.filter(verdict__isnull=False)
        .annotate(
            _d=ExpressionWrapper(
                F("verdict__settled_at") - F("created_at"), output_field=DurationField()
            )
        )
        .values_list("_d", flat=True)
    )
    return histogram_median(whole_hours(durations))


def review_durations(reviews):
    """`reviews` annotated with _d: from the reviewer's assignment to the review."""
    assigned_at = Assignment.objects.filter(
        claim=OuterRef("claim"), reviewer=OuterRef("reviewer")
    ).values("assigned_at")[:1]
    return reviews.annotate(assigned_at=Subquery(assigned_at)).annotate(
        _d=ExpressionWrapper(F("submitted_at") - F("assigned_at"), output_field=DurationField())
    )


def median_time_to_review(scope):
    """Median whole hours from a reviewer's assignment to their review. One query."""
    scope = as_scope(scope)
    if scope.rolled_up:
        return _rolled_up_median(ReviewTimes, "reviews", scope)
    reviews = review_durations(Review.objects.filter(claim__in=scope.claims.values("pk")))
    return histogram_median(whole_hours(reviews.values_list("_d", flat=True)))


def on_time(scope):
    """How reviews kept their due dates, over the scope's assignments that have one. One query.

    {"dated", "on_time", "late", "overdue", "decided", "share"}: done on time, done
    late, and overdue now, by claims.models.scheduling's rule (the due day in the
    site's time zone). `decided` is those whose outcome is known (done, or past due);
    `share` is the per cent of them done on time. Counted live, not from the report
    tables: the assignments_due index finds the dated ones.
    """
    claims = as_scope(scope).claims
    counts = Assignment.objects.filter(claim__in=claims.values("pk")).on_time_figures()
    decided = counts["on_time"] + counts["late"] + counts["overdue"]
    return {**counts, "decided": decided, "share": figures.percent(counts["on_time"], decided)}


WAITING_LIMIT = 10


@dataclass
class Waiting:
    """One short list of claims waiting for the same thing, the longest waiting first."""

    key: str
    title: str | Promise
    explanation: str | Promise
    claims: list


def _waiting_since(claims, field, limit):
    """The `limit` claims here that waited longest, with waiting_since = `field`.

    One query, an index range scan: (status, created_at) for drafts, (status,
    updated_at, id) for the others, so it reads `limit` rows at a million claims.
    """
    return list(
        claims.select_related("article")
        .defer("article__body", "search_vector")
        .annotate(waiting_since=F(field))
        .order_by(field, "pk")[:limit]
    )


def waiting(scope, limit=WAITING_LIMIT):
    """The claims waiting longest, per what they wait for: [Waiting], in workflow order.

    A draft waits from its creation; a claim further on from its last change
    (the move into its state, or an edit since). One query per list, and one
    more for the reviewers the claims in review wait on.
    """
    scope = as_scope(scope)
    claims = scope.claims
    # The lists oldest by their last change, walked from the period's start.
    changed = scope.changed_since_start()
    return [
        Waiting(
            "assignment",
            _("Waiting for an assignment"),
            _("Drafts no reviewer has been assigned to, counted from their creation."),
            _waiting_since(claims.awaiting_assignment(), "created_at", limit),
        ),
        Waiting(
            "reviewer",
            _("Waiting on a reviewer"),
            _("Claims with a reviewer who has not submitted, counted from their last change."),
            _waiting_since(
                changed.awaiting_reviewers().with_outstanding_reviewers(), "updated_at", limit
            ),
        ),
        Waiting(
            "verdict",
            _("Waiting for a verdict"),
            _(
                "Every review is in and an editor settles the verdict next, "
                "counted from their last change."
            ),
            _waiting_since(changed.awaiting_verdict(), "updated_at", limit),
        ),
        Waiting(
            "publication",
            _("Waiting to be published"),
            _("Settled verdicts not yet published, counted from their last change."),
            _waiting_since(changed.awaiting_publication(), "updated_at", limit),
        ),
    ]


# Breakdowns: one row per article, outlet, claimant or claim kind.

DIMENSIONS = {
    # key and label: what the live query groups by; filter: the claims list's filter.
    "article": {
        "title": "By article",
        "heading": "Article",
        "key": "article",
        "label": "article__title",
        "filter": "article",
    },
    "outlet": {
        "title": "By outlet",
        "heading": "Outlet",
        "key": "article__outlet",
        "label": "article__outlet__name",
        "filter": "outlet",
    },
    # Grouped by the claims' copy of the claimant's name (the column the report
    # tables keep): names are unique, so a row is one claimant. The view links it.
    "claimant": {
        "title": "By claimant",
        "heading": "Claimant",
        "key": "claimant_name",
        "label": "claimant_name",
        "filter": "claimant",
    },
    "kind": {"title": "By claim kind", "heading": "Kind", "key": "kind", "label": "kind"},
}
DIMENSIONS["kind"]["filter"] = "kind"


def _shares(rows):
    """Add with_verdict, false_count and false_share to grouped rows with total and c<id>."""
    scale = _scale()
    return rows.annotate(
        with_verdict=_total_of(f"c{level.pk}" for level in scale),
        false_count=_total_of(f"c{pk}" for pk in scale.false_ids),
    ).annotate(
        false_share=Cast("false_count", FloatField())
        / NullIf(Cast("with_verdict", FloatField()), 0.0)
    )


def least_reliable(dimension):
    """The breakdowns' order. Articles tied on both come by number: 125,000 titles
    in alphabetical order would be no help, and sorting them would cost."""
    tie = ("key",) if dimension == "article" else ("label", "key")
    return (F("false_share").desc(nulls_last=True), F("total").desc(), *tie)


def _rolled_up_breakdown(scope, dimension):
    rows: QuerySet[Any, Any]  # rows of one roll-up table or another, as values()
    if dimension == "article" and scope.start is None and scope.end is None:
        # Every claim of each article: a row per article and verdict rating, whatever the date.
        rows = ArticleCount.objects.all()
        if scope.outlet is not None:
            rows = rows.filter(outlet=scope.outlet)
        rows = rows.values(key=F("article_id"), label=F("title"))
    elif dimension == "article":
        rows = ArticleDayCount.objects.filter(scope.days())
        if scope.outlet is not None:
            rows = rows.filter(outlet=scope.outlet)
        # Grouped by number alone; the title is the same on all an article's rows
        # (a title looked up per group would be a look-up for each of thousands).
        rows = rows.values(key=F("article_id")).annotate(label=Max("title"))
    elif dimension == "outlet":
        name = Outlet.objects.filter(pk=OuterRef("outlet")).values("name")[:1]
        rows = ClaimCount.objects.filter(scope.rollup_rows(per_outlet=True)).values(
            key=F("outlet"), label=Subquery(name)
        )
    elif dimension == "kind":
        rows = ClaimCount.objects.filter(scope.rollup_rows()).values(key=F("kind"), label=F("kind"))
    else:
        rows = ClaimantCount.objects.filter(scope.rollup_rows()).values(
            key=F("claimant"), label=F("claimant")
        )
    return _shares(rows.annotate(**_sums())).order_by(*least_reliable(dimension))


def breakdown_rows(scope, dimension):
    """An ordered queryset of rows, least reliable first: key, label, total, c0..c5,
    with_verdict, false_count and false_share (the share of claims with a verdict rated
    Mostly false or False; None where none has a verdict). Page it; label_rows() each page.
    """
    scope = as_scope(scope)
    if scope.rolled_up:
        return _rolled_up_breakdown(scope, dimension)
    spec = DIMENSIONS[dimension]
    counts = _live_counts()
    rows = (
        scope.claims.order_by()
        .values(key=F(spec["key"]), label=Coalesce(F(spec["label"]), Value("")))
        .annotate(total=Count("pk"), **counts)
    )
    return _shares(rows).order_by(*least_reliable(dimension))


def page_of(rows, number, per_page):
    """A Page of breakdown rows, in one query where the rows are grouped.

    Grouped rows carry their number in a window count, so the grouping runs once
    for the page and its count; the one breakdown read in index order (articles,
    every date) is counted apart, which stays cheaper than grouping all of it.
    A page past the end falls back to the paginator's own count and last page.
    """
    paginator = Paginator(rows, per_page)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    if not rows.query.group_by:
        return paginator.get_page(number)
    start = (number - 1) * per_page
    items = list(rows.annotate(rows_total=Window(Count("*")))[start : start + per_page])
    if not items:
        return paginator.get_page(number)
    paginator.count = items[0]["rows_total"]
    return Page(items, number, paginator)


def label_rows(rows, dimension):
    """Rows as the pages and downloads show them: label, r0..r5, the claims-list filter."""
    result = []
    for row in rows:
        key = row["key"]
        if dimension == "outlet" and key == NO_OUTLET:
            key = None
        label = row["label"]
        if dimension == "kind":
            label = Claim.Kind(label).label
        result.append(
            {
                **row,
                dimension: key,
                "label": label if key is not None else "No outlet",
                "filter": (DIMENSIONS[dimension]["filter"], key),
                "ratings": [(level, row[f"c{level.pk}"]) for level in _scale()],
                **{f"r{level.pk}": row[f"c{level.pk}"] for level in _scale()},
            }
        )
    return result


def breakdown(scope, dimension):
    """Every row of a breakdown, labelled. One query."""
    return label_rows(breakdown_rows(scope, dimension), dimension)
