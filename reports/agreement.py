"""How well reviewers agree: Krippendorff's alpha, per-reviewer figures, disagreements.

Every figure reads a review's blind rating, the one given before its reviewer
could see anyone else's (Review.blind_rating): a rating revised to match the
others would otherwise make agreement look better than it was. How many
reviews were revised after the reveal is counted beside them.
"""

import math
import warnings
from collections import defaultdict

import krippendorff
import numpy as np
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from krippendorff import krippendorff as library

from claims.models import DISAGREEMENT_STEPS, Claim, RatingLevel, Review
from claims.roles import display_name

from .aggregates import HOUR, histogram_median
from .models import AlphaUnits, ClaimFact, ReviewHours, unit_of
from .queries import review_durations
from .scope import as_scope

# Alpha is computed over the steps of the desk's rated levels (lowest first); levels
# not rated (Unverifiable) have no place on it. A unit is a claim's count of rated
# reviews per step. The report tables keep a unit by level id, every level's reviews
# (reports.models.unit_text); steps_of turns it into steps by the scale as it is now.
DISAGREEMENTS_PER_PAGE = 50


def _rated(prefix=""):
    """Q of reviews whose blind rating is on the scale (a level with a position)."""
    return Q(**{f"{prefix}blind_rating__in": RatingLevel.objects.scale().rated_ids})


def alpha(value_counts, weights=None):
    """Ordinal Krippendorff's alpha from rows of per-value counts; None where undefined.

    `weights`, if given, says how many claims had each row: alpha depends only
    on the sum of the units' coincidence matrices, so a row counted k times
    adds k times its matrix, computed with the library's own functions.

    Undefined with no claim rated twice, or when every rating is the same value
    (no expected disagreement to compare with).
    """
    if not value_counts:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if weights is None:
            value = krippendorff.alpha(
                value_counts=value_counts,
                value_domain=list(range(len(value_counts[0]))),
                level_of_measurement="ordinal",
            )
        else:
            value = _weighted_alpha(np.asarray(value_counts), np.asarray(weights))
    return None if math.isnan(value) else float(value)


def _weighted_alpha(value_counts, weights):
    """krippendorff.alpha's last steps, over the coincidences of weighted units."""
    dtype = np.dtype(np.float64)
    o = sum(
        weight * library._coincidences(row[np.newaxis, :], dtype=dtype)
        for row, weight in zip(value_counts, weights, strict=True)
    )
    n_v = o.sum(axis=0)
    e = library._random_coincidences(n_v, dtype=dtype)
    domain = np.arange(value_counts.shape[1])
    d = library._distances(domain, library._distance_metric("ordinal"), n_v, dtype=dtype)
    return 1 - (o * d).sum() / (e * d).sum()


def _rated_reviews(claims):
    """Rated reviews of claims that have two or more of them."""
    paired = (
        claims.order_by()
        .annotate(rated=Count("reviews", filter=_rated("reviews__")))
        .filter(rated__gte=2)
        .values("pk")
    )
    return Review.objects.filter(_rated(), claim__in=paired)


def steps_of(unit, scale):
    """A stored unit (reports.models.unit_text) as rated reviews per step of the scale."""
    counts = unit_of(unit)
    return tuple(counts.get(level.pk, 0) for level in scale.rated)


def _rolled_up_units(scope):
    """[(kind, stored unit, claims)] of claims reviewed twice or more. One query."""
    return (
        AlphaUnits.objects.filter(scope.rollup_rows())
        .values_list("kind", "unit")
        .annotate(n=Sum("claims"))
        .order_by()
    )


def _unit_tallies(scope):
    """{kind: {unit vector: claims}} of claims rated twice or more. One query."""
    tallies = defaultdict(lambda: defaultdict(int))
    if scope.rolled_up:
        scale = RatingLevel.objects.scale()
        for kind, unit, n in _rolled_up_units(scope):
            vector = steps_of(unit, scale)
            if sum(vector) >= 2:  # pairs of rated reviews: what alpha compares
                tallies[kind][vector] += n
        return tallies
    steps = [f"s{step}" for step in range(len(RatingLevel.objects.scale().rated))]
    counts = {
        f"s{step}": Count("pk", filter=Q(blind_rating=level.pk))
        for step, level in enumerate(RatingLevel.objects.scale().rated)
    }
    rows = (
        _rated_reviews(scope.claims)
        .order_by()
        .values("claim", "claim__kind")
        .annotate(**counts)
        .order_by("claim")
    )
    for row in rows:
        tallies[row["claim__kind"]][tuple(row[s] for s in steps)] += 1
    return tallies


def alpha_by_kind(scope):
    """{"overall": (alpha, claims), kind: (alpha, claims)}. One query.

    The database counts, per claim, how many reviews gave each rated value:
    the library's value_counts matrix, each distinct row with how many claims had it.
    """
    tallies = _unit_tallies(as_scope(scope))
    overall = defaultdict(int)
    for units in tallies.values():
        for unit, n in units.items():
            overall[unit] += n

    def figure(units):
        units = dict(units)
        return alpha(list(units), list(units.values())), sum(units.values())

    result = {"overall": figure(overall)}
    for kind in Claim.Kind:
        result[kind.value] = figure(tallies.get(kind.value, {}))
    return result


def _reviewer_rows(scope):
    """Rows of reviewer_id, whole hours (None: no assignment), done, with_verdict, agreed,
    revised."""
    if scope.rolled_up:
        return scope.summed(
            ReviewHours,
            ["reviewer_id", "hours"],
            done="reviews",
            with_verdict="with_verdict",
            agreed="agreed",
            revised="revised",
        )
    reviews = review_durations(Review.objects.filter(claim__in=scope.claims.values("pk")))
    reviews = reviews.annotate(
        settled=ExpressionWrapper(Q(claim__verdict__isnull=False), BooleanField()),
        matched=ExpressionWrapper(Q(blind_rating=F("claim__verdict__rating")), BooleanField()),
    )
    return [
        {
            "reviewer_id": reviewer_id,
            "hours": None if duration is None else duration // HOUR,
            "done": 1,
            "with_verdict": int(bool(settled)),
            "agreed": int(bool(matched)),
            "revised": int(revised),
        }
        for reviewer_id, duration, settled, matched, revised in reviews.values_list(
            "reviewer_id", "_d", "settled", "matched", "revised_after_reveal"
        )
    ]


def per_reviewer(scope):
    """Per reviewer: reviews done, median time to review, agreement with the settled verdict
    (blind ratings), and reviews revised after seeing other reviews.

    Two queries: the counts per reviewer and whole hours, then the reviewers' names.
    """
    counted = ("done", "with_verdict", "agreed", "revised")
    figures = defaultdict(lambda: {**dict.fromkeys(counted, 0), "hours": {}})
    for row in _reviewer_rows(as_scope(scope)):
        figure = figures[row["reviewer_id"]]
        for name in counted:
            figure[name] += row[name]
        if row["hours"] is not None:
            figure["hours"][row["hours"]] = figure["hours"].get(row["hours"], 0) + row["done"]
    users = get_user_model().objects.filter(pk__in=list(figures)).order_by("username")
    return [
        {
            "reviewer": user.pk,
            "name": display_name(user),
            "done": figures[user.pk]["done"],
            "with_verdict": figures[user.pk]["with_verdict"],
            "agreed": figures[user.pk]["agreed"],
            "revised": figures[user.pk]["revised"],
            "median": histogram_median(figures[user.pk]["hours"]),
            "agreement": figures[user.pk]["agreed"] / figures[user.pk]["with_verdict"]
            if figures[user.pk]["with_verdict"]
            else None,
        }
        for user in users
    ]


def _spread(unit):
    """Steps between a unit's highest and lowest rated review."""
    rated = [step for step, n in enumerate(unit) if n]
    return max(rated) - min(rated)


def all_disagreements(scope):
    """Every disagreement, for the downloads: pages of a thousand, one after the other."""
    page = disagreements(scope, 1, per_page=1000)
    while True:
        yield from page
        if not page.has_next():
            return
        page = disagreements(scope, page.next_page_number(), per_page=1000)


def disagreements(scope, page=1, per_page=DISAGREEMENTS_PER_PAGE):
    """A page of the claims whose blind ratings lie DISAGREEMENT_STEPS or more apart, widest first.

    Each claim carries spread, highest_label and lowest_label. Three queries at
    most: the count, the page, and (from the report tables) its claims.
    """
    scope = as_scope(scope)
    scale = RatingLevel.objects.scale()
    if not scope.rolled_up:
        step = scale.step_expression("reviews__blind_rating")
        found = (
            scope.claims.annotate(
                highest=Max(step, filter=_rated("reviews__")),
                lowest=Min(step, filter=_rated("reviews__")),
            )
            .annotate(spread=F("highest") - F("lowest"))
            .filter(spread__gte=DISAGREEMENT_STEPS)
            .select_related("article", "verdict")
            .order_by("-spread", "pk")
        )
        claims = Paginator(found, per_page).get_page(page)
    else:
        # A claim's spread is its unit's: the stored units wide apart on this scale
        # are found from the alpha units' few distinct rows, then their claims.
        units = list(_rolled_up_units(scope))
        wide = {}
        for _kind, unit, _n in units:
            vector = steps_of(unit, scale)
            if sum(vector) >= 2 and _spread(vector) >= DISAGREEMENT_STEPS:
                wide[unit] = _spread(vector)
        # Only what the page reads of a fact: they come from the index on (unit, day,
        # claim_id, outlet) alone, for any dates and outlet, not from the fact rows.
        facts = ClaimFact.objects.filter(scope.days(), unit__in=list(wide)).only("unit")
        if scope.outlet is not None:
            facts = facts.filter(outlet=scope.outlet)
        if wide:
            spread = Case(
                *(When(unit=unit, then=Value(steps)) for unit, steps in wide.items()),
                output_field=IntegerField(),
            )
            facts = facts.annotate(spread=spread).order_by("-spread", "claim_id")
        else:
            facts = facts.none()
        paginator = Paginator(facts, per_page)
        # Counted from the units' rows, not from the tens of thousands of fact rows.
        paginator.count = sum(n for _kind, unit, n in units if unit in wide)
        claims = paginator.get_page(page)
        by_pk = Claim.objects.select_related("article", "verdict").in_bulk(
            [fact.claim_id for fact in claims]
        )
        for fact in claims:
            vector = steps_of(fact.unit, scale)
            rated = [step for step, n in enumerate(vector) if n]
            claim = by_pk[fact.claim_id]
            claim.spread, claim.highest, claim.lowest = fact.spread, max(rated), min(rated)
            fact.claim = claim
        claims.object_list = [fact.claim for fact in claims]
    for claim in claims:
        claim.highest_label = scale.rated[claim.highest].label
        claim.lowest_label = scale.rated[claim.lowest].label
    return claims
