"""Writes the report SQL (reports/sql/<migration>.sql) from the tables in reports.rollups.

The bump functions, the rebuild and the refresh all have to name the same
columns in the same order for eight rollups; written by hand they would be
eight copies to keep in step. So the SQL is generated, and the output is
checked in: that file is what a migration runs and what a reviewer reads.

To change the report SQL: change this module or reports.rollups, point
rollups.SQL_FILE at a new file (its header names it), add the old one's hash to
FROZEN in reports/tests/test_report_sql.py, then

    python manage.py report_sql > reports/sql/NNNN_what_changed.sql

and add migration NNNN_what_changed running it (copy 0002_named_counts). Never
rewrite a file a migration has run; tests pin those files, and pin the current
one to this generator.
"""

import textwrap

from .models import ALL_OUTLETS, NO_OUTLET
from .rollups import FACTS, GRAINS, ROLLUPS, SQL_FILE, WATCHED

WIDTH = 92


def _wrap(items, indent, sep=", ", width=WIDTH):
    """items joined by sep, in lines of at most WIDTH characters, each line indented."""
    lines, line = [], ""
    for item in items:
        candidate = f"{line}{sep}{item}" if line else item
        if line and len(indent) + len(candidate) + len(sep.rstrip()) > width:
            lines.append(line + sep.rstrip())
            line = item
        else:
            line = candidate
    lines.append(line)
    return "\n".join(indent + each for each in lines)


def _list(opening, items, closing, width=WIDTH):
    """`opening item, item closing` on one line if it fits, else one wrapped list inside."""
    line = f"{opening}{', '.join(items)}{closing}"
    if len(line) <= width:
        return line
    return f"{opening}\n{_wrap(items, '    ', width=width)}\n{closing.lstrip()}"


def _block(text, indent=""):
    return textwrap.indent(textwrap.dedent(text).strip("\n"), indent)


def _header():
    migration = SQL_FILE.removesuffix(".sql")
    return f"""\
-- The report tables' views, functions, indexes and triggers (reports/rollups.py
-- says how they fit together). Migration reports/{migration} installs this file
-- and rebuild_report_tables runs it again, so it is safe to re-run.
--
-- Written by reports/sqlgen.py (manage.py report_sql); a test fails when the two
-- drift. Never edit a file a migration has run: a change ships as a new
-- migration with its own file.
--
-- :'time_zone' stands for settings.TIME_ZONE as a quoted literal (psql's syntax).
"""


PERIOD_FUNCTION = """\
-- The first day of the day, month, quarter or year (grain d, m, q, y) holding `day`.
CREATE OR REPLACE FUNCTION reports_period(grain text, day date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE grain
        WHEN 'd' THEN day
        WHEN 'm' THEN date_trunc('month', day)::date
        WHEN 'q' THEN date_trunc('quarter', day)::date
        ELSE date_trunc('year', day)::date
    END
$$;
"""


def _views():
    day = "(c.created_at AT TIME ZONE :'time_zone')::date AS day"
    outlet = f"coalesce(a.outlet_id, {NO_OUTLET})::int AS outlet"
    claim_columns = [
        "c.id AS claim_id,",
        "c.created_at,",
        f"{day},",
        f"{outlet},",
        "c.article_id,",
        "a.title,",
        "c.claimant,",
        "c.kind,",
        "c.status,",
        "v.rating,",
        "floor(extract(epoch FROM v.settled_at - c.created_at) / 3600)::int AS verdict_hours,",
        "coalesce(r.unit, '') AS unit,",
        "coalesce(r.unit_size, 0) AS unit_size",
    ]
    nl = "\n"
    return f"""\
-- What a claim's fact row should hold, from the claims tables: day is the
-- creation date in TIME_ZONE, outlet {NO_OUTLET} (NO_OUTLET) an article without one,
-- unit Krippendorff's unit by level id ('id:n,id:n', ids ascending: the claim's
-- reviews per blind rating, every level, rated or not), unit_size its reviews.
-- Reviews count by their blind rating, the one given before the reviewer could
-- see anyone else's. The scale says which levels are rated, and their steps,
-- when the figures are read, so a change of scale changes no row here.
--
-- The reviews are grouped for all claims at once (a rebuild reads them in one
-- pass); a refresh's claim_id = cid reaches the grouping as claims_review's
-- claim_id, so one claim's refresh reads that claim's reviews alone.
CREATE OR REPLACE VIEW reports_claimfact_source AS
SELECT
{nl.join("    " + c for c in claim_columns)}
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_verdict v ON v.claim_id = c.id
LEFT JOIN (
    SELECT
        claim_id,
        string_agg(blind_rating || ':' || n, ',' ORDER BY blind_rating) AS unit,
        sum(n)::int AS unit_size
    FROM (
        SELECT claim_id, blind_rating, count(*) AS n
        FROM claims_review
        GROUP BY claim_id, blind_rating
    ) per_rating
    GROUP BY claim_id
) r ON r.claim_id = c.id;

-- What a review's fact row should hold: hours are whole hours from the
-- reviewer's assignment to the review, null without an assignment; agreed
-- compares the blind rating with the verdict; revised says the review was
-- revised after its reviewer could see other reviews.
CREATE OR REPLACE VIEW reports_reviewfact_source AS
SELECT
    r.id AS review_id,
    r.claim_id,
    {day},
    {outlet},
    r.reviewer_id,
    floor(extract(epoch FROM r.submitted_at - s.assigned_at) / 3600)::int AS hours,
    v.id IS NOT NULL AS with_verdict,
    coalesce(r.blind_rating = v.rating, false) AS agreed,
    r.revised_after_reveal AS revised
FROM claims_review r
JOIN claims_claim c ON c.id = r.claim_id
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_assignment s ON s.claim_id = r.claim_id AND s.reviewer_id = r.reviewer_id
LEFT JOIN claims_verdict v ON v.claim_id = r.claim_id;
"""


def _indexes():
    statements = [
        "-- Each rollup's key, which the triggers' upserts find their row by. NULLS NOT\n"
        "-- DISTINCT: a review without an assignment counts under null hours."
    ]
    for rollup in ROLLUPS:
        statements.append(
            _list(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {rollup.table}_key ON {rollup.table} (",
                rollup.columns,
                ") NULLS NOT DISTINCT;",
            )
        )
    return "\n".join(statements) + "\n"


def _signed(expr):
    return "sign" if expr == "1" else f"sign * {expr}"


def _about(rollup):
    return f"-- {rollup.table}: {rollup.count} by {', '.join(rollup.keys)}."


def _where(condition, width=WIDTH):
    """A rollup's condition, broken at its + where it is long."""
    if len(condition) <= width - 30:
        return condition
    return "(\n" + _wrap(condition.split(" + "), "    ", sep=" + ", width=width) + "\n)"


def _bump(rollup):
    """PL/pgSQL adding `sign` times fact row `f` to one rollup (g, o: grain and outlet)."""
    keys = list(rollup.keys.values())
    if rollup.periods:
        keys = ["g", "o", "reports_period(g, f.day)", *keys]
    values = [*keys, *(_signed(expr) for expr in rollup.values.values())]
    updates = [f"{v} = t.{v} + excluded.{v}" for v in rollup.values]
    width = WIDTH - 16  # it sits inside the loops and an IF
    statement = "\n".join(
        [
            f"INSERT INTO {rollup.table} AS t (",
            _wrap([*rollup.columns, *rollup.values], "    ", width=width),
            ") VALUES (",
            _wrap(values, "    ", width=width),
            ")",
            _list("ON CONFLICT (", rollup.columns, ") DO UPDATE SET", width=width),
            _wrap(updates, "    ", width=width),
            f"RETURNING t.ctid, t.{rollup.count} INTO row_id, left_over;",
            "IF left_over = 0 THEN",
            f"    DELETE FROM {rollup.table} WHERE ctid = row_id;",
            "END IF;",
        ]
    )
    if rollup.where != "true":
        statement = f"IF {_where(rollup.where, width)} THEN\n{_block(statement, '    ')}\nEND IF;"
    if rollup.periods and rollup.grains != GRAINS:
        grains = ", ".join(f"'{g}'" for g in rollup.grains)
        statement = f"IF g IN ({grains}) THEN\n{_block(statement, '    ')}\nEND IF;"
    return f"{_about(rollup)}\n{statement}"


def _bump_function(fact):
    periodic = [r for r in ROLLUPS if r.fact == fact and r.periods]
    undated = [r for r in ROLLUPS if r.fact == fact and not r.periods]
    body = []
    if periodic:
        grains = ", ".join(f"'{g}'" for g in GRAINS)
        loop = "\n\n".join(_bump(r) for r in periodic)
        body.append(
            f"-- Dated rollups: a row per grain, for the fact's outlet and for all\n"
            f"-- outlets ({ALL_OUTLETS}, ALL_OUTLETS).\n"
            f"FOREACH g IN ARRAY ARRAY[{grains}] LOOP\n"
            f"    FOREACH o IN ARRAY ARRAY[f.outlet, {ALL_OUTLETS}] LOOP\n"
            f"{_block(loop, '        ')}\n"
            f"    END LOOP;\n"
            f"END LOOP;"
        )
    body += [_bump(r) for r in undated]
    return f"""\
-- Adds fact row f to every rollup it counts in (sign 1) or takes it out (sign -1).
-- A rollup row whose count falls to zero goes: the tables hold only what counts.
CREATE OR REPLACE FUNCTION reports_bump_{fact}(f reports_{fact}, sign int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    g text;
    o int;
    row_id tid;
    left_over int;
BEGIN
{_block(chr(10).join([*body[:1], *(chr(10) + b for b in body[1:])]), "    ")}
END
$$;
"""


def _fact_trigger(fact):
    return f"""\
-- An update is the old row taken out and the new one put in.
CREATE OR REPLACE FUNCTION reports_{fact}_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_bump_{fact}(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM reports_bump_{fact}(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER reports_{fact}_rollup
AFTER INSERT OR UPDATE OR DELETE ON reports_{fact}
FOR EACH ROW EXECUTE FUNCTION reports_{fact}_changed();
"""


def _refresh_facts(fact):
    """Statements making the fact rows of claim `cid` match their source view."""
    key, columns = FACTS[fact]
    rest = [c for c in columns if c != key]
    if fact == "claimfact":
        about = "-- The claim's fact row: gone with the claim, else as the view says."
        gone = "SELECT 1 FROM claims_claim c WHERE c.id = cid"
    else:
        about = "-- Its reviews' fact rows: gone with the review, or moved to another claim."
        gone = "SELECT 1 FROM claims_review r WHERE r.id = t.review_id AND r.claim_id = cid"
    return "\n".join(
        [
            about,
            f"DELETE FROM reports_{fact} t",
            "WHERE t.claim_id = cid",
            f"    AND NOT EXISTS ({gone});",
            f"INSERT INTO reports_{fact} AS t (",
            _wrap(columns, "    "),
            ")",
            "SELECT",
            _wrap(columns, "    "),
            f"FROM reports_{fact}_source",
            "WHERE claim_id = cid",
            f"ON CONFLICT ({key}) DO UPDATE SET (",
            _wrap(rest, "    "),
            ") = ROW(",
            _wrap([f"excluded.{c}" for c in rest], "    "),
            ")",
            "WHERE ROW(",
            _wrap([f"t.{c}" for c in rest], "    "),
            ") IS DISTINCT FROM ROW(",
            _wrap([f"excluded.{c}" for c in rest], "    "),
            ");",
        ]
    )


def _refresh_function():
    facts = "\n\n".join(_refresh_facts(fact) for fact in FACTS)
    return f"""\
-- Makes claim cid's fact rows match the claims tables. A row that would not
-- change is not written, so it fires no rollup trigger.
CREATE OR REPLACE FUNCTION reports_refresh_claim(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cid IS NULL THEN
        RETURN;
    END IF;

{_block(facts, "    ")}
END
$$;
"""


def _base_trigger(table, claim, columns):
    name = f"reports_{table.removeprefix('claims_')}"
    columns = columns.split()
    old = _wrap([f"OLD.{c}" for c in columns], "    ")
    new = _wrap([f"NEW.{c}" for c in columns], "    ")
    return f"""\
-- {table}: refresh the claim a row belongs to, and on an update that moves
-- the row to another claim, that one too.
CREATE OR REPLACE FUNCTION {name}_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM reports_refresh_claim(OLD.{claim});
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.{claim} <> OLD.{claim}) THEN
        PERFORM reports_refresh_claim(NEW.{claim});
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER {name}_added_or_deleted
AFTER INSERT OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}_changed();

-- Only updates of columns that can move a figure.
CREATE OR REPLACE TRIGGER {name}_updated
AFTER UPDATE ON {table}
FOR EACH ROW WHEN (ROW(
{old}
) IS DISTINCT FROM ROW(
{new}
))
EXECUTE FUNCTION {name}_changed();
"""


ARTICLE_TRIGGER = """\
-- claims_article: an article's outlet and title are in each of its claims' facts.
CREATE OR REPLACE FUNCTION reports_article_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cid bigint;
BEGIN
    FOR cid IN SELECT id FROM claims_claim WHERE article_id IN (OLD.id, NEW.id) LOOP
        PERFORM reports_refresh_claim(cid);
    END LOOP;
    RETURN NULL;
END
$$;

-- Articles come and go with no claims (PROTECT keeps one with claims), so only updates.
CREATE OR REPLACE TRIGGER reports_article_updated
AFTER UPDATE ON claims_article
FOR EACH ROW WHEN (
    ROW(OLD.id, OLD.outlet_id, OLD.title) IS DISTINCT FROM ROW(NEW.id, NEW.outlet_id, NEW.title)
)
EXECUTE FUNCTION reports_article_changed();
"""


# reports_period(grain, f.day), written out: the rebuild groups by it, and a call
# per fact row and grain would cost more than the grouping.
PERIODS = {
    "d": "f.day",
    "m": "date_trunc('month', f.day)::date",
    "q": "date_trunc('quarter', f.day)::date",
    "y": "date_trunc('year', f.day)::date",
}


GRAIN_NAMES = {"d": "Day", "m": "Month", "q": "Quarter", "y": "Year"}


def _sum(expr):
    return "count(*)" if expr == "1" else f"sum({expr})"


def _rebuild_rollup(rollup):
    """Statements filling a rollup, in the order of the rollup's key.

    A dated rollup is summed once from its fact table, into its rows per
    outlet of its first grain, the day for most (the facts sorted by that key
    and summed in order: the rebuild turns hash aggregation off). Every other
    row is summed from rows already summed: each grain's rows for all outlets
    from its rows per outlet, and the rows per outlet of a month, quarter and
    year from those of the grain below. The rows per outlet of the grain being
    summed wait in a temporary table (no WAL, dropped at commit). At a million
    claims this sorts half a million day rows of claim counts for the months,
    not the million facts again.

    ALL_OUTLETS sorts first in the key, so a grain's rows for all outlets go in
    before its rows per outlet: a rollup's rows go in in its key's order, its
    key's index is built from rows already in that order, and a scope's rows
    lie on few pages.
    """
    names = [*rollup.columns, *rollup.values]
    keys = list(rollup.keys)
    key_exprs = [
        expr if expr == f"f.{key}" else f"{expr} AS {key}" for key, expr in rollup.keys.items()
    ]
    sums = [f"{_sum(expr)} AS {value}" for value, expr in rollup.values.items()]
    where = "" if rollup.where == "true" else f"\nWHERE {_where(rollup.where)}"
    insert = f"INSERT INTO {rollup.table} (\n{_wrap(names, '    ')}\n)"
    if not rollup.periods:
        # By day where there is one (grouped by it first, so one sort does both).
        first = 2 if "day" in rollup.keys else 1
        group = [str(first), *(str(n) for n in range(1, len(keys) + 1) if n != first)]
        return "\n".join(
            [
                insert,
                "SELECT",
                _wrap([*key_exprs, *sums], "    "),
                f"FROM reports_{rollup.fact} f{where}",
                _list("GROUP BY ", group, ""),
                f"ORDER BY {first};",
            ]
        )
    short = rollup.table.removeprefix("reports_")
    kept = [f"f.{key}" for key in keys]
    summed = [f"sum(f.{value}) AS {value}" for value in rollup.values]
    per_outlet = [str(n) for n in range(1, len(keys) + 3)]  # outlet, period, keys
    statements = []
    below = None
    for grain in rollup.grains:
        temp = f"rebuild_{short}_{grain}"
        if below is None:
            about = f"-- {GRAIN_NAMES[grain]} rows per outlet, from the facts."
            select = ["f.outlet", f"{PERIODS[grain]} AS period", *key_exprs, *sums]
            source = f"reports_{rollup.fact} f{where}"
        else:
            lower = GRAIN_NAMES[below.removeprefix(f"rebuild_{short}_")].lower()
            about = f"-- {GRAIN_NAMES[grain]} rows per outlet, from the {lower} rows."
            period = PERIODS[grain].replace("f.day", "f.period")
            select = ["f.outlet", f"{period} AS period", *kept, *summed]
            source = f"{below} f"
        statements.append(
            "\n".join(
                [
                    about,
                    f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS",
                    "SELECT",
                    _wrap(select, "    "),
                    f"FROM {source}",
                    _list("GROUP BY ", per_outlet, ""),
                    _list("ORDER BY ", per_outlet, ";"),
                ]
            )
        )
        if below is not None:
            statements.append(f"DROP TABLE {below};")
        every = [str(n) for n in range(3, len(keys) + 4)]  # period, keys
        statements.append(
            "\n".join(
                [
                    insert,
                    "SELECT",
                    _wrap([f"'{grain}'", str(ALL_OUTLETS), "f.period", *kept, *summed], "    "),
                    f"FROM {temp} f",
                    _list("GROUP BY ", every, ""),
                    _list("ORDER BY ", every, ";"),
                ]
            )
        )
        values = [f"f.{value}" for value in rollup.values]
        statements.append(
            "\n".join(
                [
                    insert,
                    "SELECT",
                    _wrap([f"'{grain}'", "f.outlet", "f.period", *kept, *values], "    "),
                    f"FROM {temp} f;",
                ]
            )
        )
        below = temp
    statements.append(f"DROP TABLE {below};")
    return "\n".join(statements)


def _rebuild_part(fact):
    """reports_rebuild_<fact>(): fact table `fact` and the rollups summed from it, rebuilt.

    Each part reads the claims tables and writes only its own report tables,
    so the parts can run at once on two connections (rollups.rebuild).
    """
    _key, columns = FACTS[fact]
    part = [r for r in ROLLUPS if r.fact == fact]
    tables = [f"reports_{fact}", *(r.table for r in part)]
    facts = [
        f"ALTER TABLE reports_{fact} DISABLE TRIGGER reports_{fact}_rollup;",
        f"INSERT INTO reports_{fact} (\n{_wrap(columns, '    ')}\n)\n"
        f"SELECT\n{_wrap(columns, '    ')}\nFROM reports_{fact}_source;",
        f"ALTER TABLE reports_{fact} ENABLE TRIGGER reports_{fact}_rollup;",
    ]
    rollups = [f"-- {rollup.table}\n{_rebuild_rollup(rollup)}" for rollup in part]
    analyze = "\n".join(f"ANALYZE {table};" for table in tables)
    body = "\n\n".join(
        [
            "-- Writers wait until the transaction ends, so a change made meanwhile\n"
            "-- is counted once, after the rebuild.\n"
            f"LOCK TABLE\n{_wrap(tables, '    ')}\nIN ACCESS EXCLUSIVE MODE;\n"
            f"TRUNCATE\n{_wrap(tables, '    ')};",
            "-- Indexes are built once the rows are in (a sort each), not kept up row by\n"
            "-- row: every index of these tables goes, and comes back as it was\n"
            "-- below. Primary keys too: kept up row by row, they cost each insert an\n"
            "-- index update and its WAL record.\n"
            "SELECT\n"
            "    array_agg(CASE WHEN c.oid IS NULL\n"
            "        THEN 'DROP INDEX ' || i.indexrelid::regclass::text\n"
            "        ELSE format(\n"
            "            'ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname\n"
            "        )\n"
            "    END ORDER BY c.oid IS NULL),\n"
            "    array_agg(CASE WHEN c.oid IS NULL\n"
            "        THEN pg_get_indexdef(i.indexrelid)\n"
            "        ELSE format(\n"
            "            'ALTER TABLE %s ADD CONSTRAINT %I %s',\n"
            "            i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)\n"
            "        )\n"
            "    END ORDER BY c.oid IS NULL)\n"
            "INTO drops, definitions\n"
            "FROM pg_index i\n"
            "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u')\n"
            f"WHERE i.indrelid = ANY (ARRAY[\n{_wrap([f"'{t}'" for t in tables], '    ')}\n"
            "]::regclass[]);\n"
            "FOR i IN 1 .. coalesce(array_length(drops, 1), 0) LOOP\n"
            "    EXECUTE drops[i];\n"
            "END LOOP;",
            "-- The facts, with their rollup trigger off: the rollups are summed below.\n"
            + "\n".join(facts),
            "-- Each rollup's rows go in in the order of its key, so that a scope's rows\n"
            "-- lie on few pages.\n\n" + "\n\n".join(rollups),
            "FOR i IN 1 .. coalesce(array_length(definitions, 1), 0) LOOP\n"
            "    EXECUTE definitions[i];\n"
            "END LOOP;",
            analyze,
        ]
    )
    return f"""\
-- Recomputes reports_{fact} and the rollups summed from it from the claims
-- tables, set-based: a statement for the facts, and per grain of each rollup,
-- each grain summed from the one below; the indexes are built after the rows.
-- Big groupings and sorts run in memory rather than in temporary files.
-- Groupings sort rather than hash: the rows go in in their key's order anyway,
-- and the planner, expecting far fewer groups than the nearly unique keys
-- make, would pick hash tables that spill.
CREATE OR REPLACE FUNCTION reports_rebuild_{fact}() RETURNS void
LANGUAGE plpgsql
SET work_mem = '256MB'
SET maintenance_work_mem = '1GB'
SET enable_hashagg = off
AS $$
DECLARE
    drops text[];
    definitions text[];
    i int;
BEGIN
{_block(body, "    ")}
END
$$;
"""


def _rebuild_function():
    parts = "\n".join(f"    PERFORM reports_rebuild_{fact}();" for fact in FACTS)
    return f"""\
-- Recomputes every report table from the claims tables (rebuild_report_tables,
-- and after bulk loads that skip triggers), in one transaction: each part in
-- turn. rollups.rebuild runs the parts at once on two connections where it can.
CREATE OR REPLACE FUNCTION reports_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
{parts}
END
$$;
"""


def generate():
    """The current report SQL, as reports/sql/<rollups.SQL_FILE> holds it."""
    parts = [_header(), PERIOD_FUNCTION, _views(), _indexes()]
    for fact in FACTS:
        parts += [_bump_function(fact), _fact_trigger(fact)]
    parts.append(_refresh_function())
    parts += [_base_trigger(table, *watched) for table, watched in WATCHED.items()]
    parts += [ARTICLE_TRIGGER, *(_rebuild_part(fact) for fact in FACTS), _rebuild_function()]
    return "\n".join(parts)
