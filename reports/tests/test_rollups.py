"""The report tables: after any change, every figure read from them equals the live count."""

import contextlib
import datetime
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from io import StringIO

import krippendorff
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.models import F
from django.db.models.functions import Greatest, Now
from django.test.utils import CaptureQueriesContext

from claims.models import (
    Article,
    Assignment,
    Claim,
    Outlet,
    Rating,
    Review,
    Verdict,
    VerdictRevision,
    WorkflowError,
)
from factcheck.testing import make_claimant, restore_role_groups
from reports import agreement, queries, rollups, sqlgen
from reports.filters import ReportFilter
from reports.models import ArticleCount, ClaimFact
from reports.scope import Scope, period_ranges

from .world import T0, add_claim, build_world, days, give_review, give_verdict

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the report tables are kept by PostgreSQL triggers"
)
D = datetime.date


def scope(**data):
    return Scope.from_filter(ReportFilter(data, queryset=Claim.objects.all()))


def scopes():
    """The default scope, per outlet, and date ranges of a day, across months and years."""
    outlets = [None, *Outlet.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    days = sorted({c.created_at.date() for c in Claim.objects.only("created_at")})
    if not days:
        days = [D(2026, 1, 5)]
    middle = days[len(days) // 2]
    ranges = [
        (None, None),
        (days[0], middle),
        (middle, None),
        (None, middle),
        (middle, middle),
        (middle - datetime.timedelta(days=40), middle + datetime.timedelta(days=400)),
    ]
    for outlet in outlets:
        for start, end in ranges if outlet is None else ranges[:3]:
            data = {"start": start, "end": end, "outlet": outlet}
            yield scope(**{k: v for k, v in data.items() if v is not None})


def figures(scope):
    result = {
        "statuses": queries.status_counts(scope),
        "ratings": queries.rating_counts(scope),
        "to_verdict": queries.median_time_to_verdict(scope),
        "to_review": queries.median_time_to_review(scope),
        "alpha": {
            kind: (None if a is None else round(a, 9), n)
            for kind, (a, n) in agreement.alpha_by_kind(scope).items()
        },
        "reviewers": [
            (r["reviewer"], r["done"], r["with_verdict"], r["agreed"], r["revised"], r["median"])
            for r in agreement.per_reviewer(scope)
        ],
        "disagreements": [
            (c.pk, c.spread, c.highest, c.lowest)
            for c in agreement.disagreements(scope, per_page=10_000)
        ],
    }
    for dimension in queries.DIMENSIONS:
        rows = queries.breakdown(scope, dimension)
        result[dimension] = sorted(
            (
                str(row[dimension]),
                row["label"],
                row["total"],
                row["with_verdict"],
                [n for _r, n in row["ratings"]],
                row["false_share"],
            )
            for row in rows
        )
    return result


def assert_report_tables_match_live():
    for each in scopes():
        assert each.rolled_up
        rolled_up = figures(each)
        assert rolled_up == figures(replace(each, live=True)), each


@pytest.fixture
def generated(db):
    call_command("generate_data", claims=120, seed=3, stdout=StringIO())
    if connection.vendor == "postgresql":
        # The load turns triggers off for the rest of its transaction, which in a
        # test is the test's own: turn them back on, as its commit would.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
    return Claim.objects.count()


class Changes:
    """Random changes through every write path: workflow methods, queryset updates, deletes."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.editor = User.objects.filter(groups__name="Editor").first()
        self.reviewers = list(User.objects.filter(groups__name="Reviewer"))
        self.outlets = list(Outlet.objects.all())

    def claim(self):
        return self.rng.choice(list(Claim.objects.order_by("pk")))

    def workflow(self):
        rng, claim, editor = self.rng, self.claim(), self.editor
        status = claim.status
        try:
            if status == Claim.Status.CANDIDATE:
                claim.accept(by=editor)
            elif status in Claim.BEFORE_VERDICT and rng.random() < 0.4:
                claim.assign(rng.sample(self.reviewers, 2), by=editor)
            elif status in Claim.OPEN_FOR_REVIEWS:
                assigned = list(claim.assignments.values_list("reviewer", flat=True))
                reviewer = User.objects.get(pk=rng.choice(assigned))
                rating = rng.randint(0, 5)
                claim.submit_review(reviewer=reviewer, rating=rating, confidence=3, rationale="r")
                claim.refresh_from_db()
                if claim.status == Claim.Status.REVIEWED:
                    claim.settle(editor=editor, rating=rng.randint(0, 5), summary="s")
            elif status == Claim.Status.SETTLED and rng.random() < 0.5:
                claim.publish(editor=editor)
            elif status in Claim.DECIDED:
                claim.reopen(editor=editor, reason="New figures")
        except (WorkflowError, PermissionDenied):
            pass

    def revise(self):
        """A reviewer revises their review through the workflow, with a reason."""
        review = self.rng.choice(list(Review.objects.select_related("claim", "reviewer")) or [None])
        if review is None:
            return
        with contextlib.suppress(WorkflowError, PermissionDenied):  # closed to reviews
            review.claim.submit_review(
                reviewer=review.reviewer,
                rating=self.rng.randint(0, 5),
                confidence=3,
                rationale=f"Revised {self.rng.random()}",
                reason="Saw the others",
            )

    def update_claims(self):
        rng = self.rng
        pks = [self.claim().pk for _ in range(rng.randint(1, 4))]
        field = rng.choice(["kind", "claimant", "status", "created_at", "article"])
        claims = Claim.objects.filter(pk__in=pks)
        if field == "kind":
            claims.update(kind=rng.choice(Claim.Kind.values))
        elif field == "claimant":
            claimant = make_claimant(rng.choice(["The mayor", "A senator", "Someone new"]))
            claims.update(claimant=claimant, claimant_name=claimant.name)
        elif field == "status":
            claims.update(status=rng.choice(Claim.Status.values))
        elif field == "created_at":
            shift = datetime.timedelta(days=rng.randint(-400, 400), hours=rng.randint(0, 23))
            # A claim changes no earlier than it is made (claim_updated_after_created).
            made = F("created_at") + shift
            claims.update(created_at=made, updated_at=Greatest("updated_at", made))
        else:
            claims.update(article=rng.choice(list(Article.objects.all())))

    def update_article(self):
        article = self.rng.choice(list(Article.objects.all()))
        if self.rng.random() < 0.7:
            outlet = self.rng.choice([*self.outlets, None])
            Article.objects.filter(pk=article.pk).update(outlet=outlet)
        else:
            Article.objects.filter(pk=article.pk).update(title=f"Renamed {article.pk}")

    def change_verdict(self):
        verdict = self.rng.choice(list(Verdict.objects.all()) or [None])
        if verdict is None:
            return
        roll = self.rng.random()
        if roll < 0.4:  # settled again, with another rating
            Verdict.objects.filter(pk=verdict.pk).update(rating=self.rng.randint(0, 5))
        elif roll < 0.8:
            Verdict.objects.filter(pk=verdict.pk).update(
                settled_at=F("settled_at") + datetime.timedelta(hours=self.rng.randint(1, 90)),
            )
        else:
            verdict.delete()

    def change_reviews(self):
        rng = self.rng
        review = rng.choice(list(Review.objects.all()) or [None])
        if review is None:
            return
        roll = rng.random()
        if roll < 0.2:  # revised by a bulk write, marked or not
            Review.objects.filter(pk=review.pk).update(
                rating=rng.randint(0, 5),
                revised_at=Now(),
                revision_reason="Bulk",
                revised_after_reveal=rng.random() < 0.5,
            )
        elif roll < 0.4:
            Review.objects.filter(pk=review.pk).update(
                submitted_at=F("submitted_at") + datetime.timedelta(hours=rng.randint(-5, 50)),
            )
        elif roll < 0.6:  # one statement, several rows of one claim
            Review.objects.filter(claim=review.claim_id).update(
                rating=rng.randint(1, 5),
                revised_at=Now(),
                revision_reason="Bulk",
                revised_after_reveal=True,
            )
        elif roll < 0.8:
            Assignment.objects.filter(claim=review.claim_id).update(
                assigned_at=F("assigned_at") - datetime.timedelta(hours=rng.randint(1, 30))
            )
        elif roll < 0.9:
            Assignment.objects.filter(claim=review.claim_id, reviewer=review.reviewer_id).delete()
        else:
            review.delete()

    def raw_sql(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim SET status = %s, kind = %s WHERE id = %s",
                [self.rng.choice(Claim.Status.values), "event", self.claim().pk],
            )

    def delete_claim(self):
        claim = self.claim()
        Review.objects.filter(claim=claim).delete()
        Verdict.objects.filter(claim=claim).delete()
        VerdictRevision.objects.filter(claim=claim).delete()
        claim.delete()

    def run(self, steps, check_every):
        moves = [
            (self.workflow, 6),
            (self.revise, 3),
            (self.update_claims, 3),
            (self.update_article, 1),
            (self.change_verdict, 2),
            (self.change_reviews, 3),
            (self.raw_sql, 1),
            (self.delete_claim, 1),
        ]
        for step in range(1, steps + 1):
            move = self.rng.choices([m for m, _ in moves], [w for _, w in moves])[0]
            move()
            if step % check_every == 0:
                assert_report_tables_match_live()


@on_postgresql
def test_generated_data_rebuilt_after_the_load_matches_live(generated):
    # generate_data writes with COPY, triggers off, then rebuilds.
    assert ClaimFact.objects.count() == generated
    assert_report_tables_match_live()


@on_postgresql
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_match_live_after_random_changes(generated, seed):
    Changes(seed).run(steps=45, check_every=9)


@on_postgresql
def test_every_kind_of_change_on_the_small_world(world, editor, reviewer, reviewer2):
    harbour, post, h4 = world["harbour"], world["post"], world["h4"]
    changes = [
        lambda: Claim.objects.filter(article=harbour).update(kind=Claim.Kind.EVENT),
        lambda: Claim.objects.filter(article=harbour).update(
            claimant=make_claimant("Someone else"), claimant_name="Someone else"
        ),
        lambda: Verdict.objects.filter(claim__article=harbour, rating=1).update(rating=5),
        lambda: Verdict.objects.filter(rating=2).update(
            settled_at=F("settled_at") + datetime.timedelta(days=9)
        ),
        lambda: Review.objects.filter(reviewer=reviewer2).update(
            rating=5, revised_at=Now(), revision_reason="r", revised_after_reveal=True
        ),
        lambda: Review.objects.filter(reviewer=reviewer).update(
            submitted_at=F("submitted_at") + datetime.timedelta(hours=7)
        ),
        lambda: Assignment.objects.filter(reviewer=reviewer).update(
            assigned_at=F("assigned_at") - datetime.timedelta(hours=5)
        ),
        lambda: Article.objects.filter(pk=harbour.pk).update(outlet=post),
        lambda: Article.objects.filter(pk=harbour.pk).update(outlet=None),
        lambda: Article.objects.filter(pk=harbour.pk).update(title="Renamed"),
        lambda: h4.assign([reviewer], by=editor),
        lambda: Claim.objects.filter(pk=h4.pk).update(
            created_at=F("created_at") - datetime.timedelta(days=400)
        ),
        lambda: Claim.objects.filter(pk=h4.pk).update(article=world["schools"]),
        lambda: Assignment.objects.filter(claim=h4).delete(),
        lambda: Claim.objects.get(pk=h4.pk).delete(),
    ]
    assert_report_tables_match_live()
    for change in changes:
        change()
        assert_report_tables_match_live()


def report_tables():
    with connection.cursor() as cursor:
        tables = {}
        for model in ("claimfact", "reviewfact", *(r.table for r in rollups.ROLLUPS)):
            table = model if model.startswith("reports_") else f"reports_{model}"
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
            names = [d.name for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            for row in rows:
                row.pop("id", None)
            tables[table] = sorted(rows, key=repr)
    return tables


@on_postgresql
def test_each_rollup_counts_the_same_facts_and_sums_by_the_orm_as_by_its_sql(generated):
    # Scope.summed counts a day-less rollup's days from its facts through fact_q() and
    # fact_sums(): they must select and add up what the rollup's SQL does.
    checked = 0
    for rollup in rollups.ROLLUPS:
        fact = apps.get_model("reports", rollup.fact)
        sums = rollup.fact_sums()
        orm = fact.objects.filter(rollup.fact_q()).aggregate(**sums)
        sql = ", ".join(sqlgen._sum(expr) for expr in rollup.values.values())  # as the rebuild sums
        with connection.cursor() as cursor:
            query = f"SELECT {sql} FROM reports_{rollup.fact} f WHERE {rollup.where}"  # noqa: S608 - our own tables and conditions
            cursor.execute(query)
            expected = cursor.fetchone()
        assert tuple(orm[name] for name in rollup.values) == expected, rollup.table
        checked += rollup.where != "true"
    assert checked == 3  # verdict hours, alpha units, review times


def test_a_rollup_condition_or_value_the_orm_cannot_read_is_refused():
    with pytest.raises(ValueError, match="__lt"):
        rollups.Rollup("t", "claimfact", {}, {"claims": "1"}, only={"unit_size__lt": 2})
    with pytest.raises(ValueError, match="coalesce"):
        rollups.Rollup("t", "claimfact", {}, {"hours": "coalesce(f.hours, 0)"}).fact_sums()
    rollup = rollups.Rollup("t", "claimfact", {}, {"n": "1"}, only={"rating__isnull": True})
    assert rollup.where == "f.rating IS NULL"


@on_postgresql
def test_the_rebuild_gives_the_rows_the_triggers_kept(generated):
    Changes(4).run(steps=40, check_every=40)
    kept = report_tables()
    assert sum(map(len, kept.values())) > 1000
    rollups.rebuild()
    assert report_tables() == kept


def report_keys():
    """Every index and key constraint of the report tables, as PostgreSQL defines them."""
    tables = [f"reports_{fact}" for fact in rollups.FACTS] + [r.table for r in rollups.ROLLUPS]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
                c.conname, pg_get_constraintdef(c.oid)
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
            WHERE i.indrelid = ANY (%s::regclass[])
            """,
            [tables],
        )
        return sorted(cursor.fetchall())


@on_postgresql
def test_the_rebuild_puts_back_every_key_and_index_it_builds_after_the_rows(
    world, editor, reviewer, reviewer2
):
    # Rows in several outlets, none, and every grain: a claim of another year
    # on an article without an outlet, with a verdict and reviews.
    loose = Article.objects.create(title="No outlet", outlet=None, body="N one. N two.")
    old = add_claim(loose, "N one.", claimant="The mayor", created=T0 - days(400))
    give_verdict(old, Rating.FALSE, editor, days(30))
    give_review(old, reviewer, Rating.FALSE, days(3))
    give_review(old, reviewer2, Rating.MOSTLY_FALSE, days(40))
    add_claim(loose, "N two.", claimant="Nobody", created=T0 - days(95))
    kept, keys = report_tables(), report_keys()
    assert {row["outlet"] for row in kept["reports_claimcount"]} >= {-1, 0, world["ledger"].pk}
    assert {row["grain"] for row in kept["reports_claimcount"]} == {"d", "m", "q", "y"}
    # The review rollups have no day rows: the reports read those days' facts.
    assert {row["grain"] for row in kept["reports_reviewhours"]} == {"m", "q", "y"}
    assert {row["grain"] for row in kept["reports_reviewtimes"]} == {"m", "q", "y"}
    assert any(name.endswith("_pkey") for name, *_ in keys)
    rollups.rebuild()
    assert report_keys() == keys
    assert report_tables() == kept
    # The triggers' upserts find their rows by these keys, and count on from the rebuild.
    world["h4"].assign([reviewer], by=editor)
    Article.objects.filter(pk=world["harbour"].pk).update(outlet=None)
    assert_report_tables_match_live()


@on_postgresql
def test_the_rebuild_command_mends_report_tables_a_bulk_write_left_behind(generated):
    kept = report_tables()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_claimfact")  # as if triggers had been off
    assert report_tables() != kept
    out = StringIO()
    call_command("rebuild_report_tables", stdout=out)
    assert "Report tables rebuilt in" in out.getvalue()
    assert report_tables() == kept
    assert_report_tables_match_live()


def waited_for(query, seconds=60):
    """The first row of `query` once its first column is true, polled on the test's connection."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(query)
            row = cursor.fetchone()
        if row[0]:
            return row
        time.sleep(0.05)
    raise AssertionError(f"not so after {seconds} s: {query}")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_rebuild_runs_its_two_parts_at_once():
    restore_role_groups()  # a transactional test that ran before may have emptied them
    call_command("generate_data", claims=40, seed=5, stdout=StringIO())
    kept = report_tables()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_claimcount, reports_reviewhours")
    # Another transaction holds a table of the reviews' part: that part waits for it.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("LOCK TABLE reports_reviewhours IN ACCESS SHARE MODE")
    with ThreadPoolExecutor(max_workers=1) as pool:
        rebuilt = pool.submit(rollups.rebuild)
        try:
            waited_for(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query = 'SELECT reports_rebuild_reviewfact()'"
            )
            # Meanwhile the claims' part, on the other connection, is done and committed.
            waited_for("SELECT count(*) FROM reports_claimcount")
        finally:
            holder.rollback()
            holder.close()
        assert rebuilt.result() > 0
    assert report_tables() == kept


def test_the_rebuild_command_says_when_there_is_nothing_to_rebuild(db):
    out = StringIO()
    call_command("rebuild_report_tables", stdout=out)
    if connection.vendor == "postgresql":
        assert "Report tables rebuilt in" in out.getvalue()
    else:
        assert "Nothing to rebuild: on this database the reports count live." in out.getvalue()


def test_the_rebuild_command_names_an_unknown_database(db):
    with pytest.raises(CommandError, match="No database called 'nope'"):
        call_command("rebuild_report_tables", database="nope", stdout=StringIO())


@on_postgresql
def test_a_rollup_row_goes_when_its_count_reaches_zero(world):
    article = world["schools"]
    assert ArticleCount.objects.filter(article_id=article.pk).exists()
    for claim in Claim.objects.filter(article=article):
        Verdict.objects.filter(claim=claim).delete()
        VerdictRevision.objects.filter(claim=claim).delete()
        claim.delete()
    assert not ArticleCount.objects.filter(article_id=article.pk).exists()
    assert_report_tables_match_live()


def test_on_sqlite_or_for_one_article_the_figures_are_counted_live(world):
    assert not scope(article=world["harbour"].pk).rolled_up
    assert scope().rolled_up == (connection.vendor == "postgresql")


def _following(grain, day):
    if grain == "d":
        return day + datetime.timedelta(days=1)
    if grain == "m":
        assert day.day == 1
        return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    if grain == "q":
        assert (day.day, day.month % 3) == (1, 1)
        return (day.replace(day=28) + datetime.timedelta(days=70)).replace(day=1)
    assert (day.month, day.day) == (1, 1)
    return day.replace(year=day.year + 1)


def test_period_ranges_cover_every_day_once():
    rng = random.Random(5)
    for _ in range(300):
        start = D(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))
        end = start + datetime.timedelta(days=rng.randint(0, 800))
        covered = []
        for grain, first, last in period_ranges(start, end):
            day = first
            while day <= last:
                following = _following(grain, day)
                covered += [day + datetime.timedelta(days=i) for i in range((following - day).days)]
                day = following
        days = (end - start).days + 1
        assert covered == [start + datetime.timedelta(days=i) for i in range(days)]
    assert period_ranges() == [("y", D.min, D(9999, 1, 1))]
    ranges = period_ranges(D(2024, 3, 15), D(2025, 6, 20))
    assert [grain for grain, _first, _last in ranges] == ["d", "q", "m", "d"]


def test_weighted_alpha_equals_the_library_on_the_repeated_units():
    rng = random.Random(11)
    for _ in range(20):
        units = [tuple(rng.randint(0, 2) for _ in range(5)) for _ in range(6)]
        units = [u for u in units if sum(u) >= 2] or [(1, 1, 0, 0, 0)]
        weights = [rng.randint(1, 4) for _ in units]
        expanded = [list(u) for u, w in zip(units, weights, strict=True) for _ in range(w)]
        expected = agreement.alpha(expanded)
        got = agreement.alpha([list(u) for u in units], weights)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, abs=1e-12)
    assert krippendorff.__name__  # the library itself stays the reference


# Queries per page, the session's and the user's permissions' (one query) included; SQLite
# counts live, PostgreSQL reads the report tables.
PAGE_QUERIES = [
    # The filter form reads nothing (outlets and articles are picked by name); a query per
    # list of claims waiting (none here is in review: no reviewers to read).
    # One more for the reviews by their due date (queries.on_time), counted live.
    ("/reports/", {}, 12),
    ("/reports/", {"outlet": "ledger"}, 13),  # the outlet picker reads the outlet's name
    # Every article's rows are grouped (a row per article and rating): the page and its
    # count in one query, on PostgreSQL as on SQLite.
    ("/reports/by/article/", {}, 4),
    ("/reports/by/article/", {"start": "2026-01-01"}, 4),
    ("/reports/by/outlet/", {}, 4),
    ("/reports/by/claimant/", {}, 5),  # and the rows' claimants, to link their pages
    ("/reports/by/kind/", {}, 4),
    # and the answers on how reported claims were reported (reports.reporting), counted live
    ("/reports/agreement/", {}, 8),
    ("/reports/agreement/", {"start": "2026-01-01"}, 8),
    ("/reports/scorecard/", {}, 3),
    # the article picker reads the article's name, the scorecard its text
    ("/reports/scorecard/", {"article": "harbour"}, 8),
    ("/reports/", {"format": "csv"}, 8),  # the counts, not the lists waiting
    ("/reports/by/article/", {"format": "json"}, 4),
    ("/reports/agreement/", {"format": "csv"}, 8),
]


@pytest.mark.parametrize(("url", "params", "expected"), PAGE_QUERIES)
def test_each_page_runs_a_fixed_number_of_queries(
    client, editor, reviewer, reviewer2, world, url, params, expected
):
    params = {k: world[v].pk if v in world else v for k, v in params.items()}
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    client.force_login(editor)
    client.get("/reports/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    assert queries() == expected
    for i in range(3):
        build_world(editor, reviewer, reviewer2, prefix=f"{i} ")
    assert queries() == expected
