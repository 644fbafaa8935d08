"""The PostgreSQL side of the report tables: triggers that keep them right, and a rebuild.

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

rebuild() computes everything from scratch with the same views and the same
per-row expressions (ROLLUPS), for bulk loads that skip triggers.

Dates are the claim's creation date in settings.TIME_ZONE, written into the
views when they are installed: after changing TIME_ZONE, run rebuild_report_tables.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction

from .models import ALL_OUTLETS

GRAINS = ("d", "m", "q", "y")
RATING_COUNTS = {
    "claims": "1",
    **{f"r{r}": f"(f.rating IS NOT DISTINCT FROM {r})::int" for r in range(6)},
}
UNIT = ("v1", "v2", "v3", "v4", "v5")


@dataclass(frozen=True)
class Rollup:
    """A rollup table: per fact row, `values` (the first one the row count) under `keys`.

    With `periods`, rows are kept per grain (day, month, quarter, year) and
    period of the fact's `day`, per outlet and for all outlets; without, per
    `keys` alone.
    """

    table: str
    fact: str
    keys: dict
    values: dict
    where: str = "true"
    periods: bool = True
    columns: tuple = field(init=False)

    def __post_init__(self):
        prefix = ("grain", "outlet", "period") if self.periods else ()
        object.__setattr__(self, "columns", (*prefix, *self.keys))

    @property
    def count(self):
        return next(iter(self.values))


ROLLUPS = [
    Rollup(
        "reports_claimcount", "claimfact", {"kind": "f.kind", "status": "f.status"}, RATING_COUNTS
    ),
    Rollup("reports_claimantcount", "claimfact", {"claimant": "f.claimant"}, RATING_COUNTS),
    Rollup(
        "reports_verdicthours",
        "claimfact",
        {"hours": "f.verdict_hours"},
        {"claims": "1"},
        where="f.verdict_hours IS NOT NULL",
    ),
    Rollup(
        "reports_alphaunits",
        "claimfact",
        {"kind": "f.kind", **{v: f"f.{v}" for v in UNIT}},
        {"claims": "1"},
        where="f.v1 + f.v2 + f.v3 + f.v4 + f.v5 >= 2",
    ),
    Rollup(
        "reports_articlecount",
        "claimfact",
        {"article_id": "f.article_id", "outlet": "f.outlet", "title": "f.title"},
        RATING_COUNTS,
        periods=False,
    ),
    Rollup(
        "reports_articledaycount",
        "claimfact",
        {"article_id": "f.article_id", "day": "f.day", "outlet": "f.outlet", "title": "f.title"},
        RATING_COUNTS,
        periods=False,
    ),
    Rollup(
        "reports_reviewtimes",
        "reviewfact",
        {"hours": "f.hours"},
        {"reviews": "1"},
        where="f.hours IS NOT NULL",
    ),
    Rollup(
        "reports_reviewhours",
        "reviewfact",
        {"reviewer_id": "f.reviewer_id", "hours": "f.hours"},
        {"reviews": "1", "with_verdict": "f.with_verdict::int", "agreed": "f.agreed::int"},
    ),
]

CLAIM_FACT_COLUMNS = [
    *("claim_id", "created_at", "day", "outlet", "article_id", "title", "claimant", "kind"),
    *("status", "rating", "verdict_hours", *UNIT, "spread"),
]
REVIEW_FACT_COLUMNS = [
    *("review_id", "claim_id", "day", "outlet", "reviewer_id", "hours", "with_verdict", "agreed"),
]
FACTS = {
    "claimfact": ("claim_id", CLAIM_FACT_COLUMNS),
    "reviewfact": ("review_id", REVIEW_FACT_COLUMNS),
}


def _views(tz):
    tz = tz.replace("'", "''")
    day = f"(c.created_at AT TIME ZONE '{tz}')::date"
    counts = ", ".join(f"count(*) FILTER (WHERE rating = {v}) AS v{v}" for v in range(1, 6))
    return [
        f"""
        CREATE OR REPLACE VIEW reports_claimfact_source AS
        SELECT c.id AS claim_id, c.created_at, {day} AS day,
               coalesce(a.outlet_id, 0)::int AS outlet, c.article_id, a.title, c.claimant,
               c.kind, c.status, v.rating,
               floor(extract(epoch FROM v.settled_at - c.created_at) / 3600)::int
                   AS verdict_hours,
               r.v1::int, r.v2::int, r.v3::int, r.v4::int, r.v5::int, r.hi - r.lo AS spread
        FROM claims_claim c
        JOIN claims_article a ON a.id = c.article_id
        LEFT JOIN claims_verdict v ON v.claim_id = c.id
        CROSS JOIN LATERAL (
            SELECT {counts}, max(rating) AS hi, min(rating) AS lo
            FROM claims_review WHERE claim_id = c.id AND rating > 0
        ) r
        """,
        f"""
        CREATE OR REPLACE VIEW reports_reviewfact_source AS
        SELECT r.id AS review_id, r.claim_id, {day} AS day,
               coalesce(a.outlet_id, 0)::int AS outlet, r.reviewer_id,
               floor(extract(epoch FROM r.submitted_at - s.assigned_at) / 3600)::int AS hours,
               v.id IS NOT NULL AS with_verdict, coalesce(r.rating = v.rating, false) AS agreed
        FROM claims_review r
        JOIN claims_claim c ON c.id = r.claim_id
        JOIN claims_article a ON a.id = c.article_id
        LEFT JOIN claims_assignment s ON s.claim_id = r.claim_id AND s.reviewer_id = r.reviewer_id
        LEFT JOIN claims_verdict v ON v.claim_id = r.claim_id
        """,
    ]


PERIOD_FUNCTION = """
CREATE OR REPLACE FUNCTION reports_period(grain text, day date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE grain WHEN 'd' THEN day
                      WHEN 'm' THEN date_trunc('month', day)::date
                      WHEN 'q' THEN date_trunc('quarter', day)::date
                      ELSE date_trunc('year', day)::date END
$$
"""


def _unique_index(rollup):
    columns = ", ".join(rollup.columns)
    return (
        f"CREATE UNIQUE INDEX IF NOT EXISTS {rollup.table}_key ON {rollup.table} "
        f"({columns}) NULLS NOT DISTINCT"
    )


def _bump_statements(rollup):
    """PL/pgSQL adding `sign` times fact row `f` to one rollup (g, o: grain and outlet)."""
    keys = list(rollup.keys.values())
    columns = ", ".join((*rollup.columns, *rollup.values))
    if rollup.periods:
        keys = ["g", "o", "reports_period(g, f.day)", *keys]
    values = ", ".join((*keys, *(f"({expr}) * sign" for expr in rollup.values.values())))
    updates = ", ".join(f"{v} = t.{v} + excluded.{v}" for v in rollup.values)
    return f"""
        INSERT INTO {rollup.table} AS t ({columns}) VALUES ({values})
        ON CONFLICT ({", ".join(rollup.columns)}) DO UPDATE SET {updates}
        RETURNING t.ctid, t.{rollup.count} INTO row_id, left_over;
        IF left_over = 0 THEN
            DELETE FROM {rollup.table} WHERE ctid = row_id;
        END IF;"""


def _bump_function(fact):
    body = []
    periodic = [r for r in ROLLUPS if r.fact == fact and r.periods]
    if periodic:
        body.append(
            f"FOREACH g IN ARRAY ARRAY{list(GRAINS)} LOOP "
            f"FOREACH o IN ARRAY ARRAY[f.outlet, {ALL_OUTLETS}] LOOP"
        )
        body += [f"IF {r.where} THEN {_bump_statements(r)} END IF;" for r in periodic]
        body.append("END LOOP; END LOOP;")
    body += [
        f"IF {r.where} THEN {_bump_statements(r)} END IF;"
        for r in ROLLUPS
        if r.fact == fact and not r.periods
    ]
    statements = "\n".join(body)
    return f"""
    CREATE OR REPLACE FUNCTION reports_bump_{fact}(f reports_{fact}, sign int) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE g text; o int; row_id tid; left_over int;
    BEGIN
        {statements}
    END $$
    """


def _fact_trigger(fact):
    return [
        f"""
        CREATE OR REPLACE FUNCTION reports_{fact}_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN PERFORM reports_bump_{fact}(OLD, -1); END IF;
            IF TG_OP <> 'DELETE' THEN PERFORM reports_bump_{fact}(NEW, 1); END IF;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE OR REPLACE TRIGGER reports_{fact}_rollup
        AFTER INSERT OR UPDATE OR DELETE ON reports_{fact}
        FOR EACH ROW EXECUTE FUNCTION reports_{fact}_changed()
        """,
    ]


def _refresh_facts(fact):
    """Statements making fact rows of claim `cid` match their source view."""
    key, columns = FACTS[fact]
    names = ", ".join(columns)
    rest = [c for c in columns if c != key]
    set_list = ", ".join(rest)
    new = ", ".join(f"excluded.{c}" for c in rest)
    old = ", ".join(f"t.{c}" for c in rest)
    if fact == "claimfact":
        gone = "NOT EXISTS (SELECT 1 FROM claims_claim c WHERE c.id = cid)"
    else:
        gone = (
            "NOT EXISTS (SELECT 1 FROM claims_review r "
            "WHERE r.id = t.review_id AND r.claim_id = cid)"
        )
    return f"""
        DELETE FROM reports_{fact} t WHERE t.claim_id = cid AND {gone};
        INSERT INTO reports_{fact} AS t ({names})
        SELECT {names} FROM reports_{fact}_source WHERE claim_id = cid
        ON CONFLICT ({key}) DO UPDATE SET ({set_list}) = ROW({new})
        WHERE ROW({old}) IS DISTINCT FROM ROW({new});
    """


REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION reports_refresh_claim(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cid IS NULL THEN RETURN; END IF;
    {_refresh_facts("claimfact")}
    {_refresh_facts("reviewfact")}
END $$
"""

# Per claims table: the columns whose change can move a figure, and how to
# reach the claims a row belongs to.
WATCHED = {
    "claims_claim": ("id", "id article_id claimant kind status created_at"),
    "claims_verdict": ("claim_id", "claim_id rating settled_at"),
    "claims_review": ("claim_id", "id claim_id reviewer_id rating submitted_at"),
    "claims_assignment": ("claim_id", "claim_id reviewer_id assigned_at"),
}


def _base_triggers():
    statements = []
    for table, (claim, columns) in WATCHED.items():
        name = f"reports_{table.removeprefix('claims_')}"
        columns = columns.split()
        old = ", ".join(f"OLD.{c}" for c in columns)
        new = ", ".join(f"NEW.{c}" for c in columns)
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {name}_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN PERFORM reports_refresh_claim(OLD.{claim}); END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.{claim} <> OLD.{claim}) THEN
                    PERFORM reports_refresh_claim(NEW.{claim});
                END IF;
                RETURN NULL;
            END $$
            """,
            f"""
            CREATE OR REPLACE TRIGGER {name}_added_or_deleted AFTER INSERT OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {name}_changed()
            """,
            f"""
            CREATE OR REPLACE TRIGGER {name}_updated AFTER UPDATE ON {table}
            FOR EACH ROW WHEN (ROW({old}) IS DISTINCT FROM ROW({new}))
            EXECUTE FUNCTION {name}_changed()
            """,
        ]
    statements += [
        """
        CREATE OR REPLACE FUNCTION reports_article_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE cid bigint;
        BEGIN
            FOR cid IN SELECT id FROM claims_claim WHERE article_id IN (OLD.id, NEW.id) LOOP
                PERFORM reports_refresh_claim(cid);
            END LOOP;
            RETURN NULL;
        END $$
        """,
        """
        CREATE OR REPLACE TRIGGER reports_article_updated AFTER UPDATE ON claims_article
        FOR EACH ROW WHEN (ROW(OLD.id, OLD.outlet_id, OLD.title)
                           IS DISTINCT FROM ROW(NEW.id, NEW.outlet_id, NEW.title))
        EXECUTE FUNCTION reports_article_changed()
        """,
    ]
    return statements


def install_sql(tz=None):
    """Every statement creating the views, functions, indexes and triggers; safe to re-run."""
    statements = [PERIOD_FUNCTION, *_views(tz or settings.TIME_ZONE)]
    statements += [_unique_index(r) for r in ROLLUPS]
    statements.append(
        "CREATE INDEX IF NOT EXISTS articlecount_least_reliable ON reports_articlecount "
        "(false_share DESC NULLS LAST, claims DESC, article_id)"
    )
    for fact in FACTS:
        statements += [_bump_function(fact), *_fact_trigger(fact)]
    statements.append(REFRESH_FUNCTION)
    return statements + _base_triggers()


def uninstall_sql():
    statements = [
        f"DROP TRIGGER IF EXISTS reports_{t.removeprefix('claims_')}_{when} ON {t}"
        for t in WATCHED
        for when in ("added_or_deleted", "updated")
    ]
    statements.append("DROP TRIGGER IF EXISTS reports_article_updated ON claims_article")
    statements += [f"DROP TRIGGER IF EXISTS reports_{f}_rollup ON reports_{f}" for f in FACTS]
    statements += [
        f"DROP FUNCTION IF EXISTS reports_{t.removeprefix('claims_')}_changed()"
        for t in [*WATCHED, "claims_article"]
    ]
    statements.append("DROP FUNCTION IF EXISTS reports_refresh_claim(bigint)")
    for fact in FACTS:
        statements += [
            f"DROP FUNCTION IF EXISTS reports_{fact}_changed()",
            f"DROP FUNCTION IF EXISTS reports_bump_{fact}(reports_{fact}, int)",
            f"DROP VIEW IF EXISTS reports_{fact}_source",
        ]
    statements += [f"DROP INDEX IF EXISTS {r.table}_key" for r in ROLLUPS]
    statements.append("DROP INDEX IF EXISTS articlecount_least_reliable")
    return statements + ["DROP FUNCTION IF EXISTS reports_period(text, date)"]


def _rebuild_rollup(rollup):
    """INSERTs filling one rollup from its fact table: days first, then summed upwards.

    Rows go in in the order of the rollup's key, so that a scope's rows lie on
    few pages.
    """
    keys = list(rollup.keys)
    names = ", ".join((*rollup.columns, *rollup.values))
    key_exprs = ", ".join(rollup.keys.values())
    sums = ", ".join(f"sum({expr})" for expr in rollup.values.values())
    source = f"reports_{rollup.fact} f WHERE {rollup.where}"
    if not rollup.periods:
        order = 2 if "day" in rollup.keys else 1  # by day where there is one
        return [
            f"INSERT INTO {rollup.table} ({names}) SELECT {key_exprs}, {sums} "
            f"FROM {source} GROUP BY {key_exprs} ORDER BY {order}"
        ]
    key_list = "".join(f", {k}" for k in keys)
    resum = ", ".join(f"sum({v})" for v in rollup.values)
    table = rollup.table
    return [
        f"INSERT INTO {table} ({names}) SELECT 'd', f.outlet, f.day, {key_exprs}, {sums} "
        f"FROM {source} GROUP BY f.day, f.outlet, {key_exprs} ORDER BY 1, 2, 3",
        f"INSERT INTO {table} ({names}) SELECT 'd', {ALL_OUTLETS}, period{key_list}, {resum} "
        f"FROM {table} WHERE grain = 'd' GROUP BY period{key_list} ORDER BY 1, 2, 3",
        *(
            f"INSERT INTO {table} ({names}) SELECT '{up}', outlet, "
            f"reports_period('{up}', period){key_list}, {resum} FROM {table} "
            f"WHERE grain = '{down}' GROUP BY outlet, 3{key_list} ORDER BY 1, 2, 3"
            for down, up in (("d", "m"), ("m", "q"), ("q", "y"))
        ),
    ]


def rebuild(using="default"):
    """Recompute every report table from the claims tables, in one transaction.

    Returns the seconds it took, or None where there is nothing to rebuild
    (SQLite: the reports count live there). Writers wait meanwhile: the report
    tables are locked, so a change made during the rebuild is counted once,
    after it.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    started = time.perf_counter()
    tables = [f"reports_{f}" for f in FACTS] + [r.table for r in ROLLUPS]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # Big groupings and sorts in memory rather than in temporary files.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in install_sql():
            cursor.execute(statement)
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
        for fact, (_key, columns) in FACTS.items():
            names = ", ".join(columns)
            cursor.execute(f"ALTER TABLE reports_{fact} DISABLE TRIGGER reports_{fact}_rollup")
            cursor.execute(
                f"INSERT INTO reports_{fact} ({names}) SELECT {names} FROM reports_{fact}_source"
            )
            cursor.execute(f"ALTER TABLE reports_{fact} ENABLE TRIGGER reports_{fact}_rollup")
        for rollup in ROLLUPS:
            for statement in _rebuild_rollup(rollup):
                cursor.execute(statement)
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    if not connection.in_atomic_block:
        # Outside a transaction (not in a migration), VACUUM marks the new pages
        # all-visible at once, so counts can read the indexes alone.
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM {table}")
    return time.perf_counter() - started
