"""The report SQL: checked-in files that migrations run, the current one pinned to its generator."""

import hashlib
import inspect
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models.functions import Now

from claims.models import Rating, Review, Verdict
from reports import rollups, sqlgen
from reports.models import (
    AlphaUnits,
    ArticleCount,
    ClaimCount,
    ClaimFact,
    unit_of,
    unit_text,
)

from .test_rollups import assert_report_tables_match_live
from .world import build_world

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the report SQL runs on PostgreSQL only"
)

# Files a migration has run, as it ran them. A new migration adds its file here
# when the next one replaces it as rollups.SQL_FILE; none is ever edited.
FROZEN = {
    "0001_report_tables.sql": "839993d7aba011ab8fa5ecb8a361b3630dcd25f44987425d43d87d070582b584",
    "0001_report_tables_fill.sql": (
        "841673a00df20ef9652d797761d3281d075232329fe7b178ef47387669ce439d"
    ),
    "0001_report_tables_uninstall.sql": (
        "95f3882c0b5760bd3e2eb6045077313850fd9a43878293c095e7aaa4adc2c19a"
    ),
    "0002_named_counts.sql": "515c27e25bc87dc6af70b919befd13b0d45c219299bde63e9ba49b79de88eb47",
    "0003_blind_ratings.sql": "b5381f57a07e2ea7443d2d3f2f9ccc55b237eb1aee29bf5ca62d3d768eb9e526",
    "0004_rating_levels.sql": "01d6743b3ecb4a3ccf16bc996d2c53de654edfef480678bc8656e065d59b2615",
    "0005_faster_rebuild.sql": "0e22c61f81f135f326484c871ef44beb18084a2a7a380904810a18edfa4cf43f",
}


def test_the_current_sql_file_is_what_the_generator_writes():
    written = (rollups.SQL_DIR / rollups.SQL_FILE).read_text()
    assert written == sqlgen.generate(), (
        f"reports/sql/{rollups.SQL_FILE} and reports/sqlgen.py differ. A change to the "
        "report SQL ships as a new migration with a new file: see reports/sqlgen.py."
    )


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_file_a_migration_ran_never_changes(name):
    digest = hashlib.sha256((rollups.SQL_DIR / name).read_bytes()).hexdigest()
    assert digest == FROZEN[name], f"reports/sql/{name} is frozen: ship a new migration instead"


def test_every_sql_file_is_pinned_or_current():
    files = {path.name for path in rollups.SQL_DIR.glob("*.sql")}
    assert files == {*FROZEN, rollups.SQL_FILE}


def test_the_latest_migration_running_report_sql_runs_the_current_sql_file():
    # Migrations after it may change the tables' indexes, which the rebuild keeps as
    # they are; the SQL they install is the one file's.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = [key for key in loader.graph.leaf_nodes() if key[0] == "reports"]
    chain = [key for key in loader.graph.forwards_plan(leaf) if key[0] == "reports"]
    sources = [inspect.getsource(inspect.getmodule(loader.get_migration(*key))) for key in chain]
    running = [source for source in sources if re.search(r'"\d{4}_\w+\.sql"', source)]
    assert f'"{rollups.SQL_FILE}"' in running[-1]


def catalog():
    """The report functions, triggers, views and indexes as PostgreSQL holds them."""
    queries = {
        "functions": r"""
            SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proname LIKE 'reports\_%'
        """,
        "triggers": r"""
            SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
            WHERE tgname LIKE 'reports\_%' AND NOT tgisinternal
        """,
        "views": r"SELECT viewname, definition FROM pg_views WHERE viewname LIKE 'reports\_%'",
        "indexes": r"SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'reports\_%'",
    }
    with connection.cursor() as cursor:
        found = {}
        for kind, query in queries.items():
            cursor.execute(query)
            found[kind] = dict(cursor.fetchall())
        return found


@on_postgresql
@pytest.mark.django_db
def test_the_migrations_installed_what_the_current_sql_file_defines():
    migrated = catalog()
    assert "reports_rebuild()" in migrated["functions"]
    with connection.cursor() as cursor:
        cursor.execute(rollups.current_sql())
    assert catalog() == migrated


def test_the_tables_hold_ratings_as_rows_not_columns():
    # A level the desk adds is a new value of `rating` (or in a unit), never a new column.
    for model in (ClaimCount, ArticleCount):
        names = {f.name for f in model._meta.fields}
        assert "rating" in names
        assert not {name for name in names if name.startswith("verdicts_")}
    for model in (ClaimFact, AlphaUnits):
        names = {f.name for f in model._meta.fields}
        assert "unit" in names
        assert not {name for name in names if name.startswith("reviews_")}
    assert unit_text({Rating.TRUE: 2, Rating.FALSE: 1, Rating.HALF_TRUE: 0}) == "1:1,5:2"
    assert unit_of("1:1,5:2") == {1: 1, 5: 2}
    assert unit_of("") == {}


# Migrating from 0001 to 0002 is transactional (the database is emptied after it),
# so pytest-django runs it after the other database tests.
BEFORE = [("reports", "0001_report_tables")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrating_from_0001_keeps_the_figures_the_triggers_counted():
    # Plain users: a transactional test that ran before may have emptied the groups; and the
    # rating scale, which that flush empties too (PostgreSQL's ratings point at it).
    from factcheck.testing import restore_rating_scale

    restore_rating_scale()
    editor, reviewer, reviewer2 = (User.objects.create(username=n) for n in ("e", "r", "r2"))
    migrate(BEFORE)
    try:
        # Counted by 0001's triggers, into r0..r5 and v1..v5.
        world = build_world(editor, reviewer, reviewer2)
        build_world(editor, reviewer, reviewer2, prefix="2 ")
    finally:
        migrate(None)
    if connection.vendor != "postgresql":
        return  # the migrations ran both ways; on SQLite the reports count live
    assert ClaimFact.objects.count() == 12
    assert ArticleCount.objects.filter(rating=Rating.FALSE, claims__gt=0).exists()
    assert AlphaUnits.objects.filter(unit__contains=f"{Rating.MOSTLY_FALSE}:").exists()
    assert_report_tables_match_live()
    # And 0002's triggers count on from there.
    harbour = world["harbour"]
    Verdict.objects.filter(claim__article=harbour, rating=Rating.FALSE).update(rating=Rating.TRUE)
    Review.objects.filter(claim__article=harbour).update(
        rating=Rating.HALF_TRUE, revised_at=Now(), revision_reason="r", revised_after_reveal=True
    )
    assert_report_tables_match_live()
    # As does a rebuild.
    call_command("rebuild_report_tables", verbosity=0)
    assert_report_tables_match_live()
