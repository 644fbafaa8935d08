"""The PostgreSQL side of the report tables: what each table counts, and a rebuild.

How a change reaches the reports:

1. A trigger on each claims table (claim, article, verdict, review, assignment)
   calls reports_refresh_claim(id) for every claim the changed row touches.
   That recomputes the claim's fact row and its reviews' fact rows from the
   base tables (the reports_*fact_source views) and writes them only where
   they differ. The triggers are AFTER ROW triggers, so they see the
   statement's final state: refreshing a claim twice is harmless, and a
   statement changing many rows of one claim leaves the same facts as one
   changing them one by one.
2. A trigger on each fact table takes the old fact row out of every rollup it
   counts in and puts the new one in (reports_bump_*), deleting rollup rows
   whose count falls to zero.

rebuild() computes everything from scratch (reports_rebuild(), with the same
views and the same per-row expressions), for bulk loads that skip triggers.

The SQL itself lives in reports/sql/, one file per migration that installs
it; SQL_FILE is the current one, the file the latest such migration runs and
the one rebuild() runs. reports.sqlgen writes it from ROLLUPS below, and a
test pins the checked-in file to what it writes. A change ships as a new
migration with a new file: see reports.sqlgen.

Dates are the claim's creation date in settings.TIME_ZONE, written into the
views when they are installed: after changing TIME_ZONE, run rebuild_report_tables.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Cast

SQL_DIR = Path(__file__).resolve().parent / "sql"
# The SQL the latest migration installing report SQL runs (0006_rebuild_from_grain_below).
SQL_FILE = "0006_rebuild_from_grain_below.sql"

GRAINS = ("d", "m", "q", "y")
# The grains of a rollup whose day rows would be its facts again, about a row per
# fact: a scope's days are read from the fact table instead (Scope.summed).
FROM_MONTH = ("m", "q", "y")
# Claims per verdict rating: the rating is part of the key, a row per level (null: no
# verdict), so the tables hold any scale.
RATING = {"rating": "f.rating"}
CLAIMS = {"claims": "1"}


@dataclass(frozen=True)
class Rollup:
    """A rollup table: per fact row, `values` (the first one the row count) under `keys`.

    `only`: the fact rows it counts, as lookups on the fact model; the SQL
    writes them as `where`, and fact_q() gives them to the ORM. With `periods`,
    rows are kept per grain of `grains` (of day, month, quarter, year) and
    period of the fact's `day`, per outlet and for all outlets; without, per
    `keys` alone.
    """

    table: str
    fact: str
    keys: dict
    values: dict
    only: dict = field(default_factory=dict)
    periods: bool = True
    grains: tuple = GRAINS
    columns: tuple = field(init=False)
    where: str = field(init=False)

    def __post_init__(self):
        prefix = ("grain", "outlet", "period") if self.periods else ()
        object.__setattr__(self, "columns", (*prefix, *self.keys))
        object.__setattr__(self, "where", _condition(self.only))

    @property
    def count(self):
        return next(iter(self.values))

    @property
    def has_days(self):
        return self.periods and "d" in self.grains

    def fact_q(self):
        """Q selecting the fact rows this rollup counts."""
        return Q(**self.only)

    def fact_sums(self):
        """{value: the aggregate over fact rows summing to it}, as the rollup adds them up."""
        return {name: _fact_sum(expr) for name, expr in self.values.items()}


def _condition(lookups):
    """Lookups on the fact row (`column__isnull`, `column__gte`) as SQL on fact row f."""
    conditions = []
    for lookup, value in lookups.items():
        column, _, operator = lookup.partition("__")
        if operator == "isnull":
            conditions.append(f"f.{column} IS {'' if value else 'NOT '}NULL")
        elif operator == "gte":
            conditions.append(f"f.{column} >= {int(value)}")
        else:
            raise ValueError(f"A rollup's condition {lookup!r}: only __isnull and __gte are known.")
    return " AND ".join(conditions) or "true"


def _fact_sum(expr):
    """A rollup value's SQL per fact row ("1", "f.column", "f.column::int") as an aggregate."""
    if expr == "1":
        return Count("*")
    if match := re.fullmatch(r"f\.(\w+)(::int)?", expr):
        column, as_int = match.groups()
        return Sum(Cast(column, IntegerField())) if as_int else Sum(column)
    raise ValueError(f"A rollup value {expr!r} has no aggregate over its facts.")


ROLLUPS = [
    Rollup(
        "reports_claimcount",
        "claimfact",
        {"kind": "f.kind", "status": "f.status", **RATING},
        CLAIMS,
    ),
    Rollup("reports_claimantcount", "claimfact", {"claimant": "f.claimant", **RATING}, CLAIMS),
    Rollup(
        "reports_verdicthours",
        "claimfact",
        {"hours": "f.verdict_hours"},
        {"claims": "1"},
        only={"verdict_hours__isnull": False},
    ),
    Rollup(
        "reports_alphaunits",
        "claimfact",
        {"kind": "f.kind", "unit": "f.unit"},
        CLAIMS,
        # Alpha compares ratings in pairs: a claim counts with two reviews or more (which
        # of them are rated is the scale's to say, when alpha is computed).
        only={"unit_size__gte": 2},
    ),
    Rollup(
        "reports_articlecount",
        "claimfact",
        {"article_id": "f.article_id", "outlet": "f.outlet", "title": "f.title", **RATING},
        CLAIMS,
        periods=False,
    ),
    Rollup(
        "reports_articledaycount",
        "claimfact",
        {
            "article_id": "f.article_id",
            "day": "f.day",
            "outlet": "f.outlet",
            "title": "f.title",
            **RATING,
        },
        CLAIMS,
        periods=False,
    ),
    Rollup(
        "reports_reviewtimes",
        "reviewfact",
        {"hours": "f.hours"},
        {"reviews": "1"},
        only={"hours__isnull": False},
        # Per outlet and day, 1,680,000 rows from 2,060,000 reviews at a million claims.
        grains=FROM_MONTH,
    ),
    Rollup(
        "reports_reviewhours",
        "reviewfact",
        {"reviewer_id": "f.reviewer_id", "hours": "f.hours"},
        {
            "reviews": "1",
            "with_verdict": "f.with_verdict::int",
            "agreed": "f.agreed::int",
            "revised": "f.revised::int",
        },
        # Per outlet and day, 2,050,000 rows from 2,060,000 reviews at a million claims.
        grains=FROM_MONTH,
    ),
]

BY_TABLE = {rollup.table: rollup for rollup in ROLLUPS}

CLAIM_FACT_COLUMNS = [
    *("claim_id", "created_at", "day", "outlet", "article_id", "title", "claimant", "kind"),
    *("status", "rating", "verdict_hours", "unit", "unit_size"),
]
REVIEW_FACT_COLUMNS = [
    *("review_id", "claim_id", "day", "outlet", "reviewer_id", "hours", "with_verdict", "agreed"),
    "revised",
]
FACTS = {
    "claimfact": ("claim_id", CLAIM_FACT_COLUMNS),
    "reviewfact": ("review_id", REVIEW_FACT_COLUMNS),
}

# Per claims table: the columns whose change can move a figure, and how to
# reach the claims a row belongs to.
WATCHED = {
    "claims_claim": ("id", "id article_id claimant kind status created_at"),
    "claims_verdict": ("claim_id", "claim_id rating settled_at"),
    # The blind rating, not the revised one, is what the figures count.
    "claims_review": (
        "claim_id",
        "id claim_id reviewer_id blind_rating revised_after_reveal submitted_at",
    ),
    "claims_assignment": ("claim_id", "claim_id reviewer_id assigned_at"),
}


def with_time_zone(text, tz=None):
    """SQL text with :'time_zone' (psql's quoted variable) as settings.TIME_ZONE."""
    tz = tz or settings.TIME_ZONE
    return text.replace(":'time_zone'", "'" + tz.replace("'", "''") + "'")


def of(model):
    """The Rollup kept in `model`'s table."""
    return BY_TABLE[model._meta.db_table]


def current_sql(tz=None):
    """The current views, functions, indexes and triggers as one script; safe to re-run."""
    return with_time_zone((SQL_DIR / SQL_FILE).read_text(), tz)


def part_tables(fact):
    """The report tables reports_rebuild_<fact>() writes: the facts and their rollups."""
    return [f"reports_{fact}", *(r.table for r in ROLLUPS if r.fact == fact)]


def rebuild(using="default"):
    """Recompute every report table from the claims tables.

    Returns the seconds it took, or None where there is nothing to rebuild
    (SQLite: the reports count live there).

    The rebuild comes in two parts, one per fact table (the claims' and the
    reviews'), each writing only its own tables. Called inside a transaction
    (a migration, a test), the parts run in turn in it. Otherwise they run at
    once, each in a transaction of its own on a connection of its own, and
    their tables are vacuumed after: VACUUM marks the new pages all-visible at
    once, so counts can read the indexes alone.

    Writers wait meanwhile: a part locks its tables, so a change made during
    the rebuild is counted once, after it. A writer's triggers refresh the
    claim's facts from the claims tables, so whichever part it reaches first,
    its change is counted after that part's rebuild or in it, never in
    neither. For the moment between the two commits, the claims' figures may
    be rebuilt and the reviews' not yet.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    started = time.perf_counter()
    in_transaction = connection.in_atomic_block
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # Installed again first, so the views take the current TIME_ZONE.
        cursor.execute(current_sql())
        if in_transaction:
            cursor.execute("SELECT reports_rebuild()")
    if in_transaction:
        return time.perf_counter() - started
    # Django's connections are per thread: the thread's part runs on a second one.
    first, *others = FACTS
    with ThreadPoolExecutor(max_workers=len(others)) as pool:
        running = [pool.submit(_part_in_thread, fact, using) for fact in others]
        _rebuild_part(first, using)
        for part in running:
            part.result()
    return time.perf_counter() - started


def _rebuild_part(fact, using):
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"SELECT reports_rebuild_{fact}()")
    with connection.cursor() as cursor:
        for table in part_tables(fact):
            cursor.execute(f"VACUUM {table}")


def _part_in_thread(fact, using):
    try:
        _rebuild_part(fact, using)
    finally:
        connections[using].close()
