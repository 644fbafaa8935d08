"""Synthetic newsroom data at scale, for benchmarks and load tests.

Rows are built as plain dicts keyed by column and written in bulk: COPY through
psycopg on PostgreSQL (the only way to reach a million claims in minutes),
bulk_create in batches elsewhere. Primary keys are chosen here so foreign keys
can be written without reading anything back; sequences are reset afterwards.

Generated rows skip save(), so no simple-history records are written for them:
their history starts with the first change made through the workbench.
"""

import hashlib
import random
import time
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction

from .models import (
    Article,
    Assignment,
    Claim,
    Evidence,
    Outlet,
    Rating,
    Review,
    StatusChange,
    Verdict,
    VerdictRevision,
)

CLAIMS_PER_ARTICLE = 8
REVIEWERS, EDITORS, OUTLETS = 40, 8, 25
BATCH = 5000

# Share of claims in each state; every state appears at any N of 20 or more.
STATUS_WEIGHTS = {
    Claim.Status.CANDIDATE: 5,
    Claim.Status.REJECTED: 3,
    Claim.Status.DRAFT: 10,
    Claim.Status.IN_REVIEW: 20,
    Claim.Status.REVIEWED: 14,
    Claim.Status.SETTLED: 13,
    Claim.Status.PUBLISHED: 35,
}
ASSIGNED = {
    Claim.Status.IN_REVIEW,
    Claim.Status.REVIEWED,
    Claim.Status.SETTLED,
    Claim.Status.PUBLISHED,
}

SUBJECTS = [
    "Unemployment",
    "The national debt",
    "Wheat exports",
    "Violent crime",
    "The average rent",
    "Hospital waiting time",
    "Solar capacity",
    "The school dropout rate",
    "Inflation",
    "Tourist arrivals",
    "The defence budget",
    "Broadband coverage",
]
VERBS = ["rose by", "fell by", "reached", "doubled to", "stayed at", "grew by", "dropped to"]
UNITS = ["%", " million", " billion dollars", " thousand people", " km", " days"]
PERIODS = [
    "last year",
    "since 2019",
    "over the last decade",
    "in the first quarter",
    "under this government",
    "compared with 2015",
]
CLAIMANTS = [
    "the minister",
    "the opposition leader",
    "the central bank",
    "the mayor",
    "a union spokesperson",
    "the prime minister",
    "the statistics office",
    "a senator",
]
FILLER = [
    "Officials did not respond to a request for comment.",
    "The debate continued late into the evening.",
    "Critics say the figures tell only part of the story.",
    "The report is due to be published next month.",
]
PUBLISHERS = ["Statistics Office", "Central Bank", "World Bank", "OECD", "Reuters", "Eurostat"]
SUMMARIES = [
    "Official figures support the number, though the period differs slightly.",
    "The figure is taken out of context; the trend reversed afterwards.",
    "No public source backs the number.",
    "The statistics office publishes a different figure for the same period.",
]


def _sentence(rng, i):
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.randint(2, 980)}{rng.choice(UNITS)} "
        f"{rng.choice(PERIODS)}, {rng.choice(CLAIMANTS)} said in statement {i}."
    )


def _columns(model):
    return list(model._meta.concrete_fields)


class Writer:
    """Buffers rows per model and writes them with COPY or bulk_create."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows = {}
        self.counts = {}
        self.seconds = {}
        self.dropped = []
        self.index_seconds = 0

    def _drop_indexes(self, model):
        # Building an index once after the load is far cheaper than updating it
        # row by row (the GIN search indexes above all). Indexes that back a
        # constraint stay.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [model._meta.db_table],
            )
            found = cursor.fetchall()
            for name, _definition in found:
                cursor.execute(f"DROP INDEX {name}")
        self.dropped += [(model, definition) for _name, definition in found]

    def restore_indexes(self):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if self.dropped:
                # Run any deferred foreign-key checks now: an index cannot be
                # built on a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _model, definition in self.dropped:
                cursor.execute(definition)
        self.dropped = []
        self.index_seconds = time.perf_counter() - started

    def start(self):
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            # Every key is chosen by the generator and the test checks the
            # result, so the per-row foreign-key triggers are skipped for the
            # load (this needs a superuser; without one they simply run).
            cursor.execute("SAVEPOINT replica_role")
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:
                cursor.execute("ROLLBACK TO SAVEPOINT replica_role")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")

    def add(self, model, row):
        if self.postgres and model not in self.rows:
            self._drop_indexes(model)
        buffer = self.rows.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= BATCH * (20 if self.postgres else 1):
            self.flush(model)

    def flush(self, model=None):
        for m in [model] if model else list(self.rows):
            rows, self.rows[m] = self.rows.get(m, []), []
            if not rows:
                continue
            started = time.perf_counter()
            if self.postgres:
                self._copy(m, rows)
            else:
                m.objects.bulk_create([m(**row) for row in rows], batch_size=BATCH)
            self.seconds[m] = self.seconds.get(m, 0) + time.perf_counter() - started
            self.counts[m] = self.counts.get(m, 0) + len(rows)

    def _copy(self, model, rows):
        fields = _columns(model)
        defaults = {f.attname: f.get_default() for f in fields}
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        attnames = [f.attname for f in fields]
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[a] if a in row else defaults[a] for a in attnames])


class Generator:
    def __init__(self, claims, seed=0, writer=None):
        self.n = claims
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self.writer = writer or Writer()
        self.now = datetime.now(UTC).replace(microsecond=0)

    def next_ids(self, model):
        last = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
        return iter(range(last + 1, last + 10**9))

    def people(self):
        password = make_password(None)
        tag = f"{self.rng.randrange(16**6):06x}"
        made = {}
        for role, count in (("Reviewer", REVIEWERS), ("Editor", EDITORS)):
            users = User.objects.bulk_create(
                User(username=f"{role.lower()}-{tag}-{i}", password=password, first_name=role)
                for i in range(count)
            )
            Group.objects.get(name=role).user_set.add(*users)
            made[role] = [u.pk for u in users]
        outlets = Outlet.objects.bulk_create(
            Outlet(name=f"Outlet {tag}-{i}", homepage=f"https://o{i}.example.org/")
            for i in range(OUTLETS)
        )
        return made["Reviewer"], made["Editor"], [o.pk for o in outlets]

    @transaction.atomic
    def run(self):
        reviewers, editors, outlets = self.people()
        self.reviewers, self.editors = reviewers, editors
        ids = {
            m: self.next_ids(m)
            for m in (Article, Claim, Evidence, Review, Verdict, VerdictRevision)
        }
        ids[Assignment] = self.next_ids(Assignment)
        ids[StatusChange] = self.next_ids(StatusChange)
        self.ids = ids
        self.writer.start()
        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        made = 0
        while made < self.n:
            per = min(CLAIMS_PER_ARTICLE, self.n - made)
            self.article(self.rng.choice(outlets), per, statuses, weights)
            made += per
        self.writer.flush()
        self.writer.restore_indexes()
        self.reset_sequences()

    def article(self, outlet, per, statuses, weights):
        rng = self.rng
        article_id = next(self.ids[Article])
        sentences = [_sentence(rng, i) for i in range(per)] + rng.sample(FILLER, 2)
        rng.shuffle(sentences)
        sentences.append(f"(Report {article_id}.)")
        body, spans, pos = [], [], 0
        for s in sentences:
            spans.append((pos, s))
            body.append(s)
            pos += len(s) + 1
        body = " ".join(body)
        published = (self.now - timedelta(days=rng.randint(1, 1500))).date()
        self.writer.add(
            Article,
            {
                "id": article_id,
                "title": f"{sentences[0][:60]} ({article_id})",
                "url": f"https://news.example.org/a/{article_id}",
                "outlet_id": outlet,
                "author": rng.choice(["A. Writer", "B. Reporter", "C. Columnist", ""]),
                "published_on": published,
                "body": body,
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "created_at": self.now,
            },
        )
        quotes = [(start, s) for start, s in spans if " said in statement " in s]
        for start, quote in quotes:
            status = rng.choices(statuses, weights)[0]
            self.claim(article_id, start, quote, status, published)

    def claim(self, article_id, start, quote, status, published):
        rng = self.rng
        claim_id = next(self.ids[Claim])
        created = datetime(published.year, published.month, published.day, tzinfo=UTC)
        created += timedelta(hours=rng.randint(1, 48))
        at = created
        events = []
        truth = rng.choice([1, 2, 3, 4, 5, 5, 4, 1, 0])
        if status in ASSIGNED:
            assigned = rng.sample(self.reviewers, 3)
            editor = rng.choice(self.editors)
            at += timedelta(hours=rng.randint(1, 24))
            for r in assigned:
                self.writer.add(
                    Assignment,
                    {
                        "id": next(self.ids[Assignment]),
                        "claim_id": claim_id,
                        "reviewer_id": r,
                        "assigned_by_id": editor,
                        "assigned_at": at,
                    },
                )
            events.append((Claim.Status.DRAFT, Claim.Status.IN_REVIEW, editor, at))
            evidence = self.evidence(claim_id, assigned, at)
            done = rng.randint(0, 2) if status == Claim.Status.IN_REVIEW else 3
            for r in assigned[:done]:
                at += timedelta(hours=rng.randint(1, 72))
                self.review(claim_id, r, truth, at)
            if status != Claim.Status.IN_REVIEW:
                events.append((Claim.Status.IN_REVIEW, Claim.Status.REVIEWED, assigned[-1], at))
            if status in (Claim.Status.SETTLED, Claim.Status.PUBLISHED):
                at += timedelta(hours=rng.randint(1, 48))
                self.verdict(claim_id, truth, editor, at, status, evidence)
                events.append((Claim.Status.REVIEWED, Claim.Status.SETTLED, editor, at))
                if status == Claim.Status.PUBLISHED:
                    events.append((Claim.Status.SETTLED, Claim.Status.PUBLISHED, editor, at))
        elif status == Claim.Status.REJECTED:
            at += timedelta(hours=1)
            events.append((Claim.Status.CANDIDATE, Claim.Status.REJECTED, self.editors[0], at))
        for from_status, to_status, actor, when in events:
            self.writer.add(
                StatusChange,
                {
                    "id": next(self.ids[StatusChange]),
                    "claim_id": claim_id,
                    "from_status": from_status,
                    "to_status": to_status,
                    "actor_id": actor,
                    "note": "",
                    "created_at": when,
                },
            )
        proposed = status in (Claim.Status.CANDIDATE, Claim.Status.REJECTED)
        self.writer.add(
            Claim,
            {
                "id": claim_id,
                "article_id": article_id,
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "statement": quote,
                "claimant": quote.split(", ")[-1].split(" said")[0].capitalize(),
                "kind": Claim.Kind.QUANTITY if rng.random() < 0.7 else Claim.Kind.OTHER,
                "status": status,
                "value": None,
                "unit": "",
                "period": "",
                "score": round(rng.random(), 3) if proposed else None,
                "created_by_id": None if proposed else rng.choice(self.editors),
                "created_at": created,
                "updated_at": at,
            },
        )

    def evidence(self, claim_id, reviewers, at):
        rng = self.rng
        kinds = ["primary"] + ["secondary" if rng.random() < 0.6 else "primary"]
        for source_type in kinds[: rng.choice([1, 2, 2, 2, 3])]:
            evidence_id = next(self.ids[Evidence])
            self.writer.add(
                Evidence,
                {
                    "id": evidence_id,
                    "claim_id": claim_id,
                    "url": f"https://data.example.org/e/{evidence_id}",
                    "title": f"Dataset {evidence_id}",
                    "publisher": rng.choice(PUBLISHERS),
                    "stance": rng.choice(["supports", "refutes", "context"]),
                    "source_type": source_type,
                    "excerpt": "",
                    "added_by_id": rng.choice(reviewers),
                    "added_at": at,
                },
            )
        return kinds

    def review(self, claim_id, reviewer, truth, at):
        rng = self.rng
        # Most reviewers agree; some are one step off; a few call it unverifiable.
        roll = rng.random()
        rating = truth
        if truth and roll < 0.25:
            rating = min(5, max(1, truth + rng.choice([-1, 1])))
        elif roll > 0.95:
            rating = Rating.UNVERIFIABLE
        self.writer.add(
            Review,
            {
                "id": next(self.ids[Review]),
                "claim_id": claim_id,
                "reviewer_id": reviewer,
                "rating": int(rating),
                "confidence": rng.randint(1, 5),
                "rationale": "Checked against the official series.",
                "submitted_at": at,
                "updated_at": at,
            },
        )

    def verdict(self, claim_id, truth, editor, at, status, evidence):
        published_at = at if status == Claim.Status.PUBLISHED else None
        summary = self.rng.choice(SUMMARIES)
        self.writer.add(
            Verdict,
            {
                "id": next(self.ids[Verdict]),
                "claim_id": claim_id,
                "rating": truth,
                "summary": summary,
                "editor_id": editor,
                "settled_at": at,
                "published_at": published_at,
            },
        )
        if published_at:
            self.writer.add(
                VerdictRevision,
                {
                    "id": next(self.ids[VerdictRevision]),
                    "claim_id": claim_id,
                    "rating": truth,
                    "summary": summary,
                    "editor_id": editor,
                    "published_at": published_at,
                },
            )

    def reset_sequences(self):
        sql = connection.ops.sequence_reset_sql(no_style(), list(self.writer.counts))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
