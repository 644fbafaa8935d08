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

# `outlet` in the rollups: an outlet's id, NO_OUTLET for articles without one,
# ALL_OUTLETS for the row that sums every outlet.
NO_OUTLET = 0
ALL_OUTLETS = -1


# The rollups are in long format: a row per rollup key and verdict rating (a
# RatingLevel's id, null for claims without a verdict), so a level the desk adds
# needs no new column. The queries pivot the rows by the scale in Python.
# Krippendorff's unit is kept by level id too (see unit_of): which levels are
# rated, and their steps, are the scale's to say when the figures are read.


def unit_text(counts):
    """A unit as the report tables store it: "id:n,id:n", level ids ascending.

    counts: {level id: reviews with that blind rating}, zeros left out.
    """
    return ",".join(f"{pk}:{n}" for pk, n in sorted(counts.items()) if n)


def unit_of(text):
    """{level id: reviews} from a stored unit ("" or None: no reviews)."""
    if not text:
        return {}
    pairs = (part.split(":") for part in text.split(","))
    return {int(pk): int(n) for pk, n in pairs}


class Grain(models.TextChoices):
    DAY = "d", "day"
    MONTH = "m", "month"
    QUARTER = "q", "quarter"
    YEAR = "y", "year"


class RatingCounts(models.Model):
    """Claims under a key whose verdict has one rating (a level's id; null: no verdict)."""

    rating = models.IntegerField(null=True)
    claims = models.IntegerField(default=0)

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
    # Krippendorff's unit by level id (unit_text): the claim's reviews per blind rating,
    # every level, rated or not; unit_size is how many reviews that is.
    unit = models.TextField(blank=True)
    unit_size = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["article_id"], name="claimfact_article"),
            # The disagreements are the claims of the units wide apart on the scale: found
            # from this index alone (an index-only scan), over any dates and outlet.
            models.Index(fields=["unit", "day", "claim_id", "outlet"], name="claimfact_unit"),
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
        indexes = [
            models.Index(fields=["claim_id"], name="reviewfact_claim"),
            # The days a report reads from the facts: ReviewTimes and ReviewHours
            # have no day rows.
            models.Index(fields=["day", "outlet"], name="reviewfact_day"),
        ]

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
    """Reviews by whole hours from assignment to review, for the overview's median.

    Kept from the month up (rollups.FROM_MONTH): a scope's days are counted from
    ReviewFact, as its day rows would be about a row per review.
    """

    hours = models.IntegerField()
    reviews = models.IntegerField(default=0)


class ReviewHours(Rollup):
    """Per reviewer and whole hours (null: no assignment), for the agreement page.

    Kept from the month up, as ReviewTimes is.
    """

    reviewer_id = models.BigIntegerField()
    hours = models.IntegerField(null=True)
    reviews = models.IntegerField(default=0)
    with_verdict = models.IntegerField(default=0)
    agreed = models.IntegerField(default=0)
    revised = models.IntegerField(default=0)


class AlphaUnits(Rollup):
    """How many claims of a kind had exactly this unit (ClaimFact.unit; two reviews or more).

    The reviews of levels not rated are in the unit too: the scale says which
    levels are rated when alpha is computed.
    """

    kind = models.CharField(max_length=20)
    unit = models.TextField()
    claims = models.IntegerField(default=0)


class ArticleCount(RatingCounts):
    """Every claim an article has, whatever its date: the by-article report's default page."""

    article_id = models.BigIntegerField()
    outlet = models.IntegerField()
    title = models.CharField(max_length=500)

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
