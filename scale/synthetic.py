"""Synthetic newsroom data at scale, for benchmarks and load tests.

Rows are drawn with NumPy a few thousand articles at a time and handed over as
columns to scale.bulkload, which writes them: COPY through psycopg on
PostgreSQL (the only way to reach a million claims in minutes), multi-row
INSERTs elsewhere. Primary keys are chosen here so foreign keys can be written without
reading anything back; sequences are reset afterwards.

Generated rows skip save(), so no simple-history records are written for them:
their history starts with the first change made through the workbench.
"""

import hashlib
from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Max

from claims.models import (
    Article,
    Assignment,
    Claim,
    Claimant,
    Evidence,
    Outlet,
    Rating,
    Review,
    StatusChange,
    Verdict,
    VerdictRevision,
)
from claims.models.evidence import url_key

from .bulkload import FINISHED, Writer

CLAIMS_PER_ARTICLE = 8
REVIEWERS, EDITORS, OUTLETS = 40, 8, 25
CHUNK_ARTICLES = 5000  # articles drawn, encoded and written at a time
MODELS = (Article, Claim, Assignment, Evidence, Review, Verdict, VerdictRevision, StatusChange)
# Tables written on one PostgreSQL connection each, in parallel: the claims'
# GIN search indexes build on the first while the second still copies.
CONNECTIONS = (MODELS[:2], MODELS[2:])
HOUR = np.timedelta64(1, "h")

# Share of claims in each state, in workflow order: reviewers are assigned from
# IN_REVIEW on. Every state appears at any N of 20 or more.
STATUS_WEIGHTS = {
    Claim.Status.CANDIDATE: 5,
    Claim.Status.REJECTED: 3,
    Claim.Status.DRAFT: 10,
    Claim.Status.IN_REVIEW: 20,
    Claim.Status.REVIEWED: 14,
    Claim.Status.SETTLED: 13,
    Claim.Status.PUBLISHED: 35,
}
WEIGHTS = np.array(list(STATUS_WEIGHTS.values())) / sum(STATUS_WEIGHTS.values())

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


TRUTHS = [1, 2, 3, 4, 5, 5, 4, 1, 0]  # the rating a claim deserves, drawn uniformly
EVIDENCE_PER_CLAIM = [1, 2, 2, 2, 3]
AUTHORS = ["A. Writer", "B. Reporter", "C. Columnist", ""]
STANCES = ["supports", "refutes", "context"]
RATIONALE = "Checked against the official series."


def _strings(values):
    return np.array(values, dtype=object)


def _lengths(strings):
    return np.array([len(s) for s in strings])


# A claim sentence is head + number + tail + ending:
# "<subject> <verb> <2..980><unit> <period>, <claimant> said in statement <i>."
HEADS = _strings([f"{s} {v} " for s in SUBJECTS for v in VERBS])
NUMBERS = _strings([str(n) for n in range(2, 981)])
TAILS = _strings(
    [f"{u} {p}, {c} said in statement " for u in UNITS for p in PERIODS for c in CLAIMANTS]
)
ENDINGS = _strings([f"{i}." for i in range(CLAIMS_PER_ARTICLE)])
FILLERS = _strings(FILLER)
CLAIMANT_NAMES = _strings([c.capitalize() for c in CLAIMANTS])
STATUS_VALUES = _strings([s.value for s in STATUS_WEIGHTS])
STATUS = {s: i for i, s in enumerate(STATUS_WEIGHTS)}
IN_REVIEW, SETTLED, PUBLISHED = (
    STATUS[Claim.Status.IN_REVIEW],
    STATUS[Claim.Status.SETTLED],
    STATUS[Claim.Status.PUBLISHED],
)


class Generator:
    """Adds `claims` claims, with everything that hangs off them, to the database."""

    def __init__(self, claims, seed=0, writer=None):
        self.n = claims
        self.rng = np.random.default_rng(seed)
        self.writer = writer or Writer()
        self.now = datetime.now(UTC).replace(microsecond=0)

    def people(self):
        password = make_password(None)
        # Named after the users already there, so a second run never repeats a name.
        tag = f"u{(User.objects.aggregate(last=Max('pk'))['last'] or 0) + 1}"
        made = {}
        for role, count in (("Reviewer", REVIEWERS), ("Editor", EDITORS)):
            users = User.objects.bulk_create(
                User(username=f"{role.lower()}-{tag}-{i}", password=password, first_name=role)
                for i in range(count)
            )
            Group.objects.get(name=role).user_set.add(*users)
            made[role] = np.array([u.pk for u in users])
        outlets = Outlet.objects.bulk_create(
            Outlet(name=f"Outlet {tag}-{i}", homepage=f"https://o{i}.example.org/")
            for i in range(OUTLETS)
        )
        self.reviewers, self.editors = made["Reviewer"], made["Editor"]
        self.outlets = np.array([o.pk for o in outlets])
        # Claimant names are unique: a second run claims through the same ones.
        self.claimant_ids = np.array(
            [Claimant.objects.get_or_create(name=name)[0].pk for name in CLAIMANT_NAMES]
        )

    def run(self):
        """Generate and write everything; when it returns, all of it is committed."""
        with self.writer, transaction.atomic():
            self.people()
            ids = self.writer.start(CONNECTIONS)
            self.writer.load(self.batches(ids))
            self.writer.reset_sequences()
        # After the commit, so the second connection's rows are counted too.
        self.writer.analyze(User, User.groups.through, Outlet, Claimant)

    def batches(self, ids):
        """(model, columns) for every table, CHUNK_ARTICLES articles at a time.

        Every article and claim comes first, so the claims' search indexes can
        be built while the other tables are still being written; each chunk
        keeps only its small per-claim arrays for the second pass.
        """

        def take(model, count):
            first = ids[model]
            ids[model] += count
            return np.arange(first, first + count)

        full, rest = divmod(self.n, CLAIMS_PER_ARTICLE)
        sizes = [
            (min(CHUNK_ARTICLES, full - done), CLAIMS_PER_ARTICLE)
            for done in range(0, full, CHUNK_ARTICLES)
        ]
        chunks = []
        for articles, per in sizes + ([(1, rest)] if rest else []):
            c = SimpleNamespace(take=take)
            article_rows = self.articles(c, articles, per)
            claim_rows = self.claims(c)
            self.workflow(c)  # sets the claims' updated_at
            yield Article, article_rows
            yield Claim, claim_rows
            self.keep_published_words(c)
            del c.quote, c.claimant, c.start, c.end, c.article_id
            chunks.append(c)
        yield Article, FINISHED
        yield Claim, FINISHED
        for c in chunks:
            yield Assignment, self.assignments(c)
            yield Evidence, self.evidence(c)
            yield Review, self.reviews(c)
            yield from self.verdicts(c)
            yield StatusChange, self.moves(c)

    def articles(self, c, count, per):
        """Articles of `per` claim sentences and two fillers, shuffled; the claims' quotes."""
        rng = self.rng
        article_id = c.take(Article, count)
        sentences, claimant, is_claim = _shuffled_sentences(rng, count, per)
        lengths = np.vectorize(len, otypes=[int])(sentences)
        starts = np.cumsum(lengths + 1, axis=1) - (lengths + 1)
        rows = list(zip(sentences.tolist(), article_id.tolist(), strict=True))
        bodies = [" ".join(row) + f" (Report {a}.)" for row, a in rows]
        published = np.datetime64(self.now.date()) - rng.integers(1, 1501, size=count)
        c.article_id = np.repeat(article_id, per)
        c.published = np.repeat(published, per)
        c.quote, c.start = sentences[is_claim], starts[is_claim]
        c.end = c.start + lengths[is_claim]
        c.claimant = claimant[is_claim]
        return {
            "id": article_id,
            "title": [f"{row[0][:60]} ({a})" for row, a in rows],
            "url": [f"https://news.example.org/a/{a}" for a in article_id.tolist()],
            "outlet_id": self.outlets[rng.integers(len(self.outlets), size=count)],
            "author": _strings(AUTHORS)[rng.integers(len(AUTHORS), size=count)],
            "published_on": published,
            "body": bodies,
            "content_hash": [hashlib.sha256(b.encode()).hexdigest() for b in bodies],
            "created_at": self.now,
        }

    def claims(self, c):
        rng = self.rng
        n = len(c.quote)
        c.claim_id = c.take(Claim, n)
        c.status = rng.choice(len(STATUS_WEIGHTS), size=n, p=WEIGHTS)
        c.truth = np.array(TRUTHS)[rng.integers(len(TRUTHS), size=n)]
        c.created = c.published.astype("datetime64[h]") + rng.integers(1, 49, size=n) * HOUR
        c.updated = c.created.copy()
        c.rejected = c.status == STATUS[Claim.Status.REJECTED]
        proposed = c.rejected | (c.status == STATUS[Claim.Status.CANDIDATE])
        return {
            "id": c.claim_id,
            "article_id": c.article_id,
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
            "statement": c.quote,
            "claimant_id": self.claimant_ids[c.claimant],
            "claimant_name": CLAIMANT_NAMES[c.claimant],
            "kind": np.where(
                rng.random(n) < 0.7, Claim.Kind.QUANTITY.value, Claim.Kind.OTHER.value
            ),
            "status": STATUS_VALUES[c.status],
            "value": None,
            "unit": "",
            "period": "",
            "score": np.where(proposed, rng.random(n).round(3), np.nan),
            "created_by_id": np.ma.array(
                self.editors[rng.integers(EDITORS, size=n)], mask=proposed
            ),
            "created_at": c.created,
            # Moved on by workflow().
            "updated_at": c.updated,
        }

    def workflow(self, c):
        """Who reviews each claim past the draft stage, and when each step happened."""
        rng = self.rng
        c.assigned = np.flatnonzero(c.status >= IN_REVIEW)
        k, status = len(c.assigned), c.status[c.assigned]
        c.reviewers = self.reviewers[_three_distinct(rng, len(self.reviewers), k)]
        c.editor = self.editors[rng.integers(len(self.editors), size=k)]
        c.assigned_at = c.created[c.assigned] + rng.integers(1, 25, size=k) * HOUR
        c.done = np.where(status == IN_REVIEW, rng.integers(0, 3, size=k), 3)
        steps = rng.integers(1, 73, size=(k, 3)) * HOUR
        c.review_at = c.assigned_at[:, None] + np.cumsum(steps, axis=1)
        last = c.review_at[np.arange(k), np.maximum(c.done - 1, 0)]
        c.reviewed_at = np.where(c.done > 0, last, c.assigned_at)
        c.settles = status >= SETTLED
        c.publishes = status == PUBLISHED
        c.settled_at = c.reviewed_at + rng.integers(1, 49, size=k) * HOUR
        c.updated[c.assigned] = np.where(c.settles, c.settled_at, c.reviewed_at)
        c.updated[c.rejected] += HOUR

    def assignments(self, c):
        return {
            "id": c.take(Assignment, c.reviewers.size),
            "claim_id": np.repeat(c.claim_id[c.assigned], 3),
            "reviewer_id": c.reviewers.ravel(),
            "assigned_by_id": np.repeat(c.editor, 3),
            "assigned_at": np.repeat(c.assigned_at, 3),
        }

    def evidence(self, c):
        """One to three sources per assigned claim, the first a primary one."""
        rng = self.rng
        count = np.array(EVIDENCE_PER_CLAIM)[
            rng.integers(len(EVIDENCE_PER_CLAIM), size=len(c.assigned))
        ]
        owner = np.repeat(np.arange(len(c.assigned)), count)
        rank = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
        secondary = (rank > 0) & (rng.random(len(owner)) < 0.6)
        evidence_id = c.take(Evidence, len(owner))
        urls = [f"https://data.example.org/e/{e}" for e in evidence_id.tolist()]
        # The claim's editor confirmed each primary source when it was added.
        editor = c.editor[owner]
        confirmed_by = np.ma.masked_array(editor, mask=secondary)
        added_at = c.assigned_at[owner]
        not_confirmed = np.datetime64("NaT", np.datetime_data(added_at.dtype)[0])
        confirmed_at = np.where(secondary, not_confirmed, added_at)
        return {
            "id": evidence_id,
            "claim_id": c.claim_id[c.assigned][owner],
            "url": urls,
            "url_key": [url_key(u) for u in urls],
            "primary_confirmed_by_id": confirmed_by,
            "primary_confirmed_at": confirmed_at,
            "title": [f"Dataset {e}" for e in evidence_id.tolist()],
            "publisher": _strings(PUBLISHERS)[rng.integers(len(PUBLISHERS), size=len(owner))],
            "stance": _strings(STANCES)[rng.integers(len(STANCES), size=len(owner))],
            "source_type": np.where(secondary, "secondary", "primary").astype(object),
            "excerpt": "",
            "added_by_id": c.reviewers[owner, rng.integers(3, size=len(owner))],
            "added_at": added_at,
        }

    def reviews(self, c):
        """Most reviewers find the truth; some are one step off; a few call it unverifiable."""
        rng = self.rng
        submitted = np.arange(3) < c.done[:, None]
        owner = np.nonzero(submitted)[0]
        truth = c.truth[c.assigned][owner]
        roll = rng.random(len(owner))
        rating = truth.copy()
        off = (truth != Rating.UNVERIFIABLE) & (roll < 0.25)
        rating[off] = np.clip(truth[off] + rng.choice([-1, 1], size=off.sum()), 1, 5)
        rating[roll > 0.95] = Rating.UNVERIFIABLE
        at = c.review_at[submitted]
        return {
            "id": c.take(Review, len(owner)),
            "claim_id": c.claim_id[c.assigned][owner],
            "reviewer_id": c.reviewers[submitted],
            "rating": rating,
            "confidence": rng.integers(1, 6, size=len(owner)),
            "rationale": RATIONALE,
            # Never revised: each review's blind rating is its rating.
            "blind_rating": rating,
            "blind_rationale": RATIONALE,
            "submitted_at": at,
            "updated_at": at,
        }

    def keep_published_words(self, c):
        """What each published claim's publication records of it (see VerdictRevision)."""
        published = c.assigned[c.settles][c.publishes[c.settles]]
        c.published_words = [
            {
                "statement": quote,
                "quote": quote,
                "claimant": {"@type": "Person", "name": claimant, "sameAs": [], "description": ""},
                "appearance": {
                    "headline": f"Report {article}",
                    "url": f"https://news.example.org/a/{article}",
                    "outlet": "",
                    "date_published": "",
                },
            }
            for quote, claimant, article in zip(
                c.quote[published].tolist(),
                c.claimant[published].tolist(),
                c.article_id[published].tolist(),
                strict=True,
            )
        ]

    def verdicts(self, c):
        settled = c.assigned[c.settles]
        summary = _strings(SUMMARIES)[self.rng.integers(len(SUMMARIES), size=len(settled))]
        at = c.settled_at[c.settles]
        published = c.publishes[c.settles]
        yield (
            Verdict,
            {
                "id": c.take(Verdict, len(settled)),
                "claim_id": c.claim_id[settled],
                "rating": c.truth[settled],
                "summary": summary,
                "editor_id": c.editor[c.settles],
                "settled_at": at,
                "published_at": np.where(published, at, np.datetime64("NaT", "h")),
            },
        )
        yield (
            VerdictRevision,
            {
                "id": c.take(VerdictRevision, published.sum()),
                "claim_id": c.claim_id[settled][published],
                "rating": c.truth[settled][published],
                "summary": summary[published],
                "editor_id": c.editor[c.settles][published],
                "published_at": at[published],
                **{
                    name: [words[name] for words in c.published_words]
                    for name in ("statement", "quote", "claimant", "appearance")
                },
            },
        )
        del c.published_words

    def moves(self, c):
        """Every move each claim made to reach its status, in order."""
        s = Claim.Status
        count = np.zeros(len(c.claim_id), dtype=int)
        count[c.assigned] = 1 + (c.done == 3) + c.settles + c.publishes
        count[c.rejected] = 1
        first = np.cumsum(count) - count
        total = count.sum()
        moves = SimpleNamespace(
            source=np.empty(total, dtype=object),
            target=np.empty(total, dtype=object),
            actor=np.empty(total, dtype=int),
            at=np.empty(total, dtype="datetime64[h]"),
        )
        steps = [
            (s.DRAFT, s.IN_REVIEW, np.ones(len(c.assigned), bool), c.editor, c.assigned_at),
            (s.IN_REVIEW, s.REVIEWED, c.done == 3, c.reviewers[:, -1], c.reviewed_at),
            (s.REVIEWED, s.SETTLED, c.settles, c.editor, c.settled_at),
            (s.SETTLED, s.PUBLISHED, c.publishes, c.editor, c.settled_at),
        ]
        for step, (source, target, made, actor, at) in enumerate(steps):
            _put(moves, first[c.assigned][made] + step, source, target, actor[made], at[made])
        rejected = np.flatnonzero(c.rejected)
        _put(moves, first[rejected], s.CANDIDATE, s.REJECTED, self.editors[0], c.updated[rejected])
        return {
            "id": c.take(StatusChange, total),
            "claim_id": np.repeat(c.claim_id, count),
            "from_status": moves.source,
            "to_status": moves.target,
            "actor_id": moves.actor,
            "note": "",
            "created_at": moves.at,
        }


def _shuffled_sentences(rng, count, per):
    """Each article's sentences in reading order, who says each, and which are the claims.

    An article has `per` claim sentences numbered 0.. and two distinct fillers.
    """
    head, number, tail = (rng.integers(len(a), size=(count, per)) for a in (HEADS, NUMBERS, TAILS))
    ending = np.broadcast_to(np.arange(per), (count, per))
    first = rng.integers(len(FILLER), size=(count, 1))
    second = rng.integers(len(FILLER) - 1, size=(count, 1))
    fillers = np.hstack([first, second + (second >= first)])
    sentences = np.hstack(
        [HEADS[head] + NUMBERS[number] + TAILS[tail] + ENDINGS[ending], FILLERS[fillers]]
    )
    order = np.argsort(rng.random(sentences.shape), axis=1)
    claimant = np.hstack([tail, fillers]) % len(CLAIMANTS)  # the tail names the claimant
    return (
        np.take_along_axis(sentences, order, axis=1),
        np.take_along_axis(claimant, order, axis=1),
        order < per,
    )


def _put(moves, rows, source, target, actor, at):
    moves.source[rows] = source.value
    moves.target[rows] = target.value
    moves.actor[rows] = actor
    moves.at[rows] = at


def _three_distinct(rng, n, k):
    """k rows of three distinct indexes below n, each ordered triple equally likely."""
    first = rng.integers(n, size=k)
    second = rng.integers(n - 1, size=k)
    second += second >= first
    third = rng.integers(n - 2, size=k)
    low, high = np.minimum(first, second), np.maximum(first, second)
    third += third >= low
    third += third >= high
    return np.stack([first, second, third], axis=1)
