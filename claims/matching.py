"""Claims in other articles that state the same fact, and where their numbers disagree.

`claim_matches(claim, user)` feeds the "Similar claims" page of a claim in a
fixed number of queries: one for the most similar claims elsewhere, one for the
claims an editor linked as the same; the claim page itself shows the linked
claims only (`similar=False`), since a similarity search over millions of
claims is a search, not something to run on every view of a claim.
Similarity is PostgreSQL's trigram similarity of the statements there, the
nearest first from a GiST index (migration 0010); elsewhere it is the Jaccard
overlap of the statements' lowercased word sets (small function words left
out), computed over the most recent claims of other articles.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, When

from .models import Claim, ClaimLink

MIN_SIMILARITY = 0.2
MAX_SHOWN = 8
FALLBACK_POOL = 500  # claims compared in Python when the database has no trigram similarity
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "over",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "with",
    ]
)


@dataclass
class Match:
    claim: Claim
    similarity: float | None  # None for a linked claim that is not textually similar
    linked: bool
    contradicts: bool
    suggested_verdict: object = None


def words(text):
    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS}


def jaccard(a, b):
    a, b = words(a), words(b)
    return len(a & b) / len(a | b) if a and b else 0.0


def _similar_period(a, b):
    return not a or not b or bool(words(a) & words(b))


def contradicts(claim, other):
    """Same quantity (unit and period alike, overlapping words), different value."""
    return (
        claim.value is not None
        and other.value is not None
        and claim.value != other.value
        and claim.unit.strip().lower() == other.unit.strip().lower()
        and _similar_period(claim.period, other.period)
        and bool(words(claim.statement) & words(other.statement))
    )


def _others(claim):
    return (
        Claim.objects.worked_on()
        .exclude(article_id=claim.article_id)
        .select_related("article", "verdict")
    )


def similar_claims(claim):
    """[(other claim, similarity)], most similar first."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramDistance

        # Ordered by the distance operator (<->) alone, so the index walks
        # to the nearest statements; the threshold is applied to those.
        found = (
            _others(claim)
            .annotate(distance=TrigramDistance("statement", claim.statement))
            .order_by("distance")[:MAX_SHOWN]
        )
        scored = [(c, 1 - c.distance) for c in found]
        return [(c, s) for c, s in scored if s >= MIN_SIMILARITY]
    pool = _others(claim).order_by("-updated_at", "-pk")[:FALLBACK_POOL]
    scored = [(c, jaccard(claim.statement, c.statement)) for c in pool]
    scored = [(c, s) for c, s in scored if s >= MIN_SIMILARITY]
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return scored[:MAX_SHOWN]


def linked_claims(claim, user):
    """The claims an editor linked with `claim`, each annotated with verdict_visible for `user`."""
    # The ids at the other end of this claim's links, from the links' own indexes:
    # an EXISTS tied to each claim by either end made PostgreSQL test every claim
    # (280 ms of the similar-claims page at a million claims).
    other_end = Case(When(first=claim, then=F("second")), default=F("first"))
    linked = ClaimLink.objects.filter(Q(first=claim) | Q(second=claim)).values(other=other_end)
    return list(
        Claim.objects.filter(pk__in=linked)
        .select_related("article", "verdict")
        .with_verdict_visibility(user)
        .order_by("pk")
    )


def _sees_verdicts_on(claim, user):
    """Whether `user` may see verdicts on `claim`'s page: the one rule, read or asked."""
    visible = getattr(claim, "verdict_visible", None)
    if visible is None:
        visible = (
            Claim.objects.filter(pk=claim.pk)
            .with_verdict_visibility(user)
            .values_list("verdict_visible", flat=True)
            .get()
        )
    return visible


def _suggested_verdict(claim, other, user):
    # A verdict suggested on a claim is a verdict shown on its page: hidden from a
    # reviewer who has not reviewed it (no anchoring), and from whoever may not see
    # the other claim's verdict itself.
    verdict = getattr(other, "verdict", None)
    if verdict is None or not other.verdict_visible or not _sees_verdicts_on(claim, user):
        return None
    return verdict


def claim_matches(claim, user, *, similar=True):
    """Everything the similar-claims block shows; linked claims only when not `similar`."""
    linked = {c.pk: c for c in linked_claims(claim, user)}
    matches = []
    for other, similarity in similar_claims(claim) if similar else []:
        is_linked = other.pk in linked
        other = linked.pop(other.pk, other)  # the linked copy knows its verdict's visibility
        matches.append(Match(other, similarity, is_linked, contradicts(claim, other)))
    matches += [Match(c, None, True, contradicts(claim, c)) for c in linked.values()]
    for match in matches:
        if match.linked:
            match.suggested_verdict = _suggested_verdict(claim, match.claim, user)
    return {
        "matches": matches,
        "can_link": user.has_perm("claims.change_claim"),
        "contradiction_count": sum(m.contradicts for m in matches),
        "searched": similar,
    }
