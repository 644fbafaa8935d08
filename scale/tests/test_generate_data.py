"""generate_data builds valid data on either database, in every workflow state."""

from io import StringIO
from itertools import pairwise

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from claims.models import (
    Assignment,
    Claim,
    Outlet,
    Review,
    StatusChange,
    Verdict,
    VerdictRevision,
)
from factcheck.testing import make_claimant, restore_role_groups
from scale.bulkload import copy_text
from scale.management.commands.generate_data import report_tables
from scale.synthetic import MODELS, STATUS_WEIGHTS, Generator


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command("generate_data", claims=120, seed=7, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("claims", [0, -5])
def test_it_refuses_a_number_of_claims_below_one(db, claims):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=f"--claims must be 1 or more, not {claims}"):
        call_command("generate_data", claims=claims, stdout=StringIO())
    assert not Claim.objects.exists()


def test_a_second_run_with_the_same_seed_adds_as_many_again(generated):
    # New reviewers, editors and outlets each time: their names must not clash.
    call_command("generate_data", claims=120, seed=7, stdout=StringIO())
    assert Claim.objects.count() == 240
    assert Outlet.objects.values("name").distinct().count() == Outlet.objects.count()


def test_it_reports_rows_per_second(generated):
    assert "rows/s overall" in generated
    assert "claims_claim" in generated


def test_it_adds_the_claims_asked_for_in_every_state(generated):
    assert Claim.objects.count() == 120
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert set(Claim.objects.values_list("kind", flat=True)) == {"quantity", "other"}


def test_quotes_are_the_article_text_at_their_offsets(generated):
    assert not Claim.objects.with_quote_mismatch().exists()


def test_statuses_agree_with_reviews_and_verdicts(generated):
    claims = Claim.objects.annotate(
        reviews_in=Count("reviews", distinct=True), assigned=Count("assignments", distinct=True)
    )
    for claim in claims:
        if claim.status in ("candidate", "rejected", "draft"):
            assert claim.assigned == claim.reviews_in == 0
        elif claim.status == "in_review":
            assert claim.reviews_in < claim.assigned
        else:
            assert claim.reviews_in == claim.assigned == 3
    settled = {"settled", "published"}
    assert set(Verdict.objects.values_list("claim__status", flat=True)) == settled
    assert Verdict.objects.count() == Claim.objects.filter(status__in=settled).count()
    published = Claim.objects.filter(status="published")
    assert VerdictRevision.objects.count() == published.count()
    assert all(not claim.publish_blockers() for claim in published.select_related("verdict"))
    assigned = set(Assignment.objects.values_list("claim", "reviewer"))
    assert set(Review.objects.values_list("claim", "reviewer")) <= assigned


def test_reviewers_sometimes_disagree(generated):
    spread = Review.objects.values("claim").annotate(n=Count("rating", distinct=True))
    assert spread.filter(n__gt=1).exists()
    assert spread.filter(n=1).exists()


def test_every_move_is_recorded_and_sequences_continue(generated):
    last = StatusChange.objects.filter(claim__status="published").order_by("pk").last()
    assert last.to_status == "published"
    claim = Claim.objects.first()
    new = Claim.objects.create(
        article=claim.article,
        quote=claim.quote,
        start=claim.start,
        end=claim.end,
        claimant=make_claimant("X"),
    )
    assert new.pk > Claim.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_reviewers_and_editors_are_in_their_groups(generated):
    from claims import roles

    reviewer = Assignment.objects.first().reviewer
    editor = Verdict.objects.first().editor
    assert reviewer.has_perm("claims.add_review")
    assert roles.is_editor(editor)


def test_assigned_claims_have_one_to_three_sources_the_first_primary(generated):
    assigned = {"in_review", "reviewed", "settled", "published"}
    counts = {status: set() for status in Claim.Status.values}
    for claim in Claim.objects.prefetch_related("evidence"):
        evidence = sorted(claim.evidence.all(), key=lambda e: e.pk)
        counts[claim.status].add(len(evidence))
        assert not evidence or evidence[0].source_type == "primary"
    assert set().union(*(counts[s] for s in assigned)) == {1, 2, 3}
    assert set().union(*(counts[s] for s in set(counts) - assigned)) == {0}


def test_three_reviewers_past_draft_and_reviews_come_after_the_assignment(generated):
    assigned = Claim.objects.annotate(n=Count("assignments")).exclude(n=0)
    assert set(assigned.values_list("n", flat=True)) == {3}
    assert set(assigned.values_list("status", flat=True)) == {
        "in_review",
        "reviewed",
        "settled",
        "published",
    }
    for review in Review.objects.select_related("claim"):
        assignment = Assignment.objects.get(claim=review.claim, reviewer=review.reviewer_id)
        assert assignment.assigned_at < review.submitted_at <= review.claim.updated_at


def test_moves_lead_from_the_first_state_to_the_current_one(generated):
    paths = {
        "candidate": [],
        "draft": [],
        "rejected": ["rejected"],
        "in_review": ["in_review"],
        "reviewed": ["in_review", "reviewed"],
        "settled": ["in_review", "reviewed", "settled"],
        "published": ["in_review", "reviewed", "settled", "published"],
    }
    for claim in Claim.objects.prefetch_related("status_changes"):
        moves = sorted(claim.status_changes.all(), key=lambda m: m.pk)
        assert [m.to_status for m in moves] == paths[claim.status]
        assert all(a.to_status == b.from_status for a, b in pairwise(moves))
        assert [m.created_at for m in moves] == sorted(m.created_at for m in moves)
        assert not moves or moves[-1].created_at <= claim.updated_at


def test_the_shares_of_states_follow_the_weights(db):
    call_command("generate_data", claims=4000, seed=3, stdout=StringIO())
    counts = dict(Claim.objects.values_list("status").annotate(n=Count("pk")))
    total = sum(STATUS_WEIGHTS.values())
    for status, weight in STATUS_WEIGHTS.items():
        assert abs(counts[status] / 4000 - weight / total) < 0.03, status


def test_indexes_and_constraints_are_the_ones_the_migrations_made(db):
    before = _schema()
    call_command("generate_data", claims=40, stdout=StringIO())
    assert _schema() == before


def _schema():
    """Every index and constraint of the generated tables, with its definition on PostgreSQL."""
    tables = [m._meta.db_table for m in MODELS]
    with connection.cursor() as cursor:
        schema = {t: connection.introspection.get_constraints(cursor, t) for t in tables}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables]
            )
            schema["indexdef"] = dict(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            schema["constraintdef"] = dict(cursor.fetchall())
    return schema


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the second connection is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_two_connections_load_valid_data_and_commit_it():
    restore_role_groups()
    before = _schema()
    call_command("generate_data", claims=200, seed=5, stdout=StringIO())
    assert _schema() == before
    assert Claim.objects.count() == 200
    assert not Claim.objects.with_quote_mismatch().exists()
    # Rows written by the second connection are committed and point at the first one's.
    assert Review.objects.count() == Review.objects.filter(claim__in=Claim.objects.all()).count()
    assert StatusChange.objects.filter(claim__status="published").count() == 4 * (
        Claim.objects.filter(status="published").count()
    )
    assigned = set(Assignment.objects.values_list("claim", "reviewer"))
    assert set(Review.objects.values_list("claim", "reviewer")) <= assigned
    review = Review.objects.create(
        claim=Claim.objects.filter(status="draft").first(),
        reviewer=Assignment.objects.first().reviewer,
        rating=3,
        confidence=3,
        rationale="x",
    )
    assert review.pk > Review.objects.exclude(pk=review.pk).order_by("-pk").first().pk


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the second connection is PostgreSQL's"
)
@pytest.mark.django_db(transaction=True)
def test_a_failure_part_way_leaves_no_rows_on_either_connection(monkeypatch):
    restore_role_groups()
    before = _schema()

    def broken(generator, chunk):
        raise ValueError("no reviews today")

    monkeypatch.setattr(Generator, "reviews", broken)
    with pytest.raises(RuntimeError, match="no reviews today"):
        call_command("generate_data", claims=200, stdout=StringIO())
    assert not Claim.objects.exists()
    assert not Assignment.objects.exists()
    assert _schema() == before


def test_copy_text_escapes_special_characters_and_writes_nulls():
    outlets = {"id": np.array([1, 2]), "name": ["a\tb", "c\\d\ne"], "homepage": [None, ""]}
    assert copy_text(Outlet, outlets) == b"1\ta\\tb\t\\N\n2\tc\\\\d\\ne\t\n"
    # A NumPy text column is written as its text, not its repr().
    named = {"id": np.array([3]), "name": np.array(["a\tb"]), "homepage": np.array(["x"])}
    assert copy_text(Outlet, named) == b"3\ta\\tb\tx\n"
    moves = {
        "id": np.array([7, 8]),
        "claim_id": 3,
        "from_status": "draft",
        "to_status": "in_review",
        "actor_id": np.ma.array([5, 6], mask=[False, True]),
        "note": "",
        "created_at": np.array(["2024-02-29T13", "NaT"], dtype="datetime64[h]"),
    }
    lines = copy_text(StatusChange, moves).decode().splitlines()
    assert sorted(lines) == [
        "7\t3\tdraft\tin_review\t5\t\t2024-02-29T13:00:00Z",
        "8\t3\tdraft\tin_review\t\\N\t\t\\N",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")
def test_bulk_loaded_claims_are_searchable(generated):
    # COPY runs with triggers off for foreign keys; the search vector's trigger still fires.
    assert not Claim.objects.filter(search_vector__isnull=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_load_leaves_every_table_it_wrote_analyzed():
    import psycopg

    restore_role_groups()
    tables = [m._meta.db_table for m in MODELS] + ["auth_user", "claims_outlet"]
    call_command("generate_data", claims=200, seed=3, stdout=StringIO())
    reports = report_tables()
    assert reports
    tables += ["claims_search_word", *reports]
    # Read through a connection of its own, as the planner of any other session sees it.
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        rows = other.execute(
            "SELECT relname, last_analyze, n_mod_since_analyze, "
            "(SELECT reltuples FROM pg_class WHERE oid = relid) "
            "FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [tables],
        ).fetchall()
    seen = {name: (analyzed, modified, estimate) for name, analyzed, modified, estimate in rows}
    assert set(seen) == set(tables)
    for table, (analyzed, modified, _estimate) in seen.items():
        assert analyzed is not None, f"{table} was not analyzed"
        assert modified == 0, f"{table}: {modified} rows changed since its ANALYZE"
    assert seen["claims_claim"][2] == 200  # the planner's estimate is the rows loaded
    # And vacuumed: every page the load wrote is marked all-visible, so index-only
    # scans (a reviewer's queue) need not read the table.
    with psycopg.connect(**params, autocommit=True) as other:
        pages = other.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [["claims_claim", "claims_assignment", "claims_review"]],
        ).fetchall()
    assert len(pages) == 3
    for table, written, visible in pages:
        assert written > 0, table
        assert visible == written, f"{table}: {visible} of {written} pages visible"


def test_it_analyzes_on_postgresql_only(db):
    with CaptureQueriesContext(connection) as queries:
        call_command("generate_data", claims=30, stdout=StringIO())
    analyzed = " ".join(q["sql"] for q in queries if q["sql"].startswith("ANALYZE "))
    if connection.vendor == "postgresql":
        for model in MODELS:
            assert f'"{model._meta.db_table}"' in analyzed
    else:
        assert analyzed == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the rewrite is PostgreSQL's")
def test_the_claims_are_left_in_statement_order_for_the_similar_claims_index(generated):
    # As migration 0032 leaves a database that had claims: the GiST index is built in
    # the table's order, and a bulk load writes claims article by article.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM claims_claim ORDER BY ctid")
        stored = [pk for (pk,) in cursor.fetchall()]
        cursor.execute("SELECT id FROM claims_claim ORDER BY statement, ctid")
        by_statement = [pk for (pk,) in cursor.fetchall()]
    assert len(stored) > 1
    assert stored == by_statement
