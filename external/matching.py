"""Fact-checks published elsewhere that may be about a claim: "checked before".

PostgreSQL finds the reviewed claims nearest the claim's statement by trigram distance,
read off a GiST index (migration 0002), the nearest first; elsewhere the statements'
word overlap (claims.matching.jaccard) over the most recently seen fact-checks. A match an
editor dismissed is not offered again; one they linked always shows, first.
"""

from dataclasses import dataclass

from django.db import connection

from claims.matching import jaccard

from .models import ExternalFactCheck, MatchDecision

MIN_SIMILARITY = 0.3
MAX_SHOWN = 5
FALLBACK_POOL = 500


@dataclass
class CheckedBefore:
    external: ExternalFactCheck
    similarity: float | None
    linked: bool


def _nearest(text):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramDistance

        found = ExternalFactCheck.objects.annotate(
            distance=TrigramDistance("claim_reviewed", text)
        ).order_by("distance")[: MAX_SHOWN * 2]
        return [(fc, 1 - fc.distance) for fc in found]
    pool = ExternalFactCheck.objects.order_by("-first_seen_at", "-pk")[:FALLBACK_POOL]
    return sorted(((fc, jaccard(text, fc.claim_reviewed)) for fc in pool), key=lambda p: -p[1])


def checked_before(claim):
    """The linked fact-checks, then the nearest others not dismissed: two queries."""
    decisions = {
        d.external_id: d
        for d in MatchDecision.objects.filter(claim=claim).select_related("external")
    }
    linked = [CheckedBefore(d.external, None, True) for d in decisions.values() if d.linked]
    suggested = [
        CheckedBefore(fc, round(similarity, 2), False)
        for fc, similarity in _nearest(claim.statement)
        if similarity >= MIN_SIMILARITY and fc.pk not in decisions
    ]
    return linked + suggested[: MAX_SHOWN - len(linked) if len(linked) < MAX_SHOWN else 0]
