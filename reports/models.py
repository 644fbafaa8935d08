"""Report tables kept right by PostgreSQL triggers (see reports.rollups and reports/sql/).

Nothing in Python writes these rows. Each rollup's unique key, (grain, outlet,
period, ...) for the dated ones, is an index made with the triggers, as the
triggers' upserts need it and SQLite has no use for it. Two fact tables hold, per claim and per
review, the values the reports count them under; the rollup tables hold those
facts summed at four grains of the claim's creation date (day, month, quarter,
year),
per outlet and for every outlet together, so any date range and outlet is a
sum over a few hundred rows instead of a GROUP BY over millions.

On SQLite the tables exist but stay empty: the reports count live there.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, NullIf

from claims.models import DISAGREEMENT_STEPS, Rating

# `outlet` in the rollups: an outlet's id, NO_OUTLET for articles without one,
# ALL_OUTLETS for the row that sums every outlet.
NO_OUTLET = 0
ALL_OUTLETS = -1


def verdicts_column(rating):
    """The column counting claims whose verdict has this rating: verdicts_mostly_false."""
    return f"verdicts_{Rating(rating).name.lower()}"


def reviews_column(rating):
    """The column counting a claim's reviews of this rated value: reviews_mostly_false."""
    return f"reviews_{Rating(rating).name.lower()}"


# Column names in rating order: verdicts 0 (Unverifiable) to 5 (True), rated reviews 1 to 5.
# The columns hold the six seeded levels only; while the desk's scale is exactly those
# (Scale.fits_seeded_columns) the reports read these tables, otherwise they count live.
VERDICT_COLUMNS = [verdicts_column(r) for r in sorted(Rating)]
REVIEW_COLUMNS = [reviews_column(r) for r in sorted(Rating) if r != Rating.UNVERIFIABLE]


class Grain(models.TextChoices):
    DAY = "d", "day"
    MONTH = "m", "month"
    QUARTER = "q", "quarter"
    YEAR = "y", "year"


class RatingCounts(models.Model):
    """Claims, and how many of them have a verdict of each rating (VERDICT_COLUMNS)."""

    claims = models.IntegerField(default=0)
    verdicts_unverifiable = models.IntegerField(default=0)
    verdicts_false = models.IntegerField(default=0)
    verdicts_mostly_false = models.IntegerField(default=0)
    verdicts_half_true = models.IntegerField(default=0)
    verdicts_mostly_true = models.IntegerField(default=0)
    verdicts_true = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.claims} claims"


class Rollup(models.Model):
    grain = models.CharField(max_length=1, choices=Grain)
    period = models.DateField(help_text="The first day of the day, month or year.")
    outlet = models.IntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_grain_display()} {self.period}, outlet {self.outlet}"


class ClaimFact(models.Model):
    claim_id = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    day = models.DateField()
    outlet = models.IntegerField()
    article_id = models.BigIntegerField()
    title = models.CharField(max_length=500)
    claimant = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    rating = models.IntegerField(null=True)
    verdict_hours = models.IntegerField(null=True)
    # Rated reviews per value (REVIEW_COLUMNS), Krippendorff's unit; spread is highest minus lowest.
    reviews_false = models.IntegerField()
    reviews_mostly_false = models.IntegerField()
    reviews_half_true = models.IntegerField()
    reviews_mostly_true = models.IntegerField()
    reviews_true = models.IntegerField()
    spread = models.IntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(
                F("spread").desc(),
                "claim_id",
                name="claimfact_disagreement",
                condition=Q(spread__gte=DISAGREEMENT_STEPS),
            ),
            models.Index(fields=["article_id"], name="claimfact_article"),
        ]

    def __str__(self):
        return f"Claim {self.claim_id}"


class ReviewFact(models.Model):
    review_id = models.BigIntegerField(primary_key=True)
    claim_id = models.BigIntegerField()
    day = models.DateField()
    outlet = models.IntegerField()
    reviewer_id = models.BigIntegerField()
    # Whole hours from the reviewer's assignment to the review; null without an assignment.
    hours = models.IntegerField(null=True)
    with_verdict = models.BooleanField()
    # The blind rating is the verdict's; revised: changed after seeing other reviews.
    agreed = models.BooleanField()
    revised = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["claim_id"], name="reviewfact_claim")]

    def __str__(self):
        return f"Review {self.review_id}"


class ClaimCount(Rollup, RatingCounts):
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)

    class Meta:
        # The breakdown by outlet reads a date range across every outlet.
        indexes = [models.Index(fields=["grain", "period"], name="claimcount_period")]


class ClaimantCount(Rollup, RatingCounts):
    claimant = models.CharField(max_length=200)


class VerdictHours(Rollup):
    hours = models.IntegerField()
    claims = models.IntegerField(default=0)


class ReviewTimes(Rollup):
    """Reviews by whole hours from assignment to review, for the overview's median."""

    hours = models.IntegerField()
    reviews = models.IntegerField(default=0)


class ReviewHours(Rollup):
    """Per reviewer and whole hours (null: no assignment), for the agreement page."""

    reviewer_id = models.BigIntegerField()
    hours = models.IntegerField(null=True)
    reviews = models.IntegerField(default=0)
    with_verdict = models.IntegerField(default=0)
    agreed = models.IntegerField(default=0)
    revised = models.IntegerField(default=0)


class AlphaUnits(Rollup):
    """How many claims of a kind had exactly these rated-review counts (two or more reviews)."""

    kind = models.CharField(max_length=20)
    reviews_false = models.IntegerField()
    reviews_mostly_false = models.IntegerField()
    reviews_half_true = models.IntegerField()
    reviews_mostly_true = models.IntegerField()
    reviews_true = models.IntegerField()
    claims = models.IntegerField(default=0)


def _false_share():
    false = F("verdicts_false") + F("verdicts_mostly_false")
    every = sum((F(column) for column in VERDICT_COLUMNS[1:]), F(VERDICT_COLUMNS[0]))
    return Cast(false, models.FloatField()) / NullIf(Cast(every, models.FloatField()), 0.0)


class ArticleCount(RatingCounts):
    """Every claim an article has, whatever its date: the by-article report's default page.

    Its pages are read in the order of an index made with the triggers
    (false_share DESC NULLS LAST, which SQLite cannot index).
    """

    article_id = models.BigIntegerField()
    outlet = models.IntegerField()
    title = models.CharField(max_length=500)
    false_share = models.GeneratedField(
        expression=_false_share(), output_field=models.FloatField(), db_persist=True
    )

    class Meta:
        indexes = [
            models.Index(fields=["outlet"], name="articlecount_outlet"),
        ]


class ArticleDayCount(RatingCounts):
    """An article's claims created on one day, for the by-article report over a date range."""

    article_id = models.BigIntegerField()
    day = models.DateField()
    outlet = models.IntegerField()
    title = models.CharField(max_length=500)

    class Meta:
        indexes = [
            models.Index(fields=["day", "article_id"], name="articleday_day"),
            models.Index(fields=["outlet", "day"], name="articleday_outlet"),
        ]
