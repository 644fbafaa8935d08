"""factcheck's claims, split by meaning; import them from here (`from claims.models import Claim`).

- ratings: the rating scale and how ratings are compared
- articles: outlets and articles
- claim: the claim and its workflow moves, and the log of its moves
- queryset: the reads pages and reports start from, and the verdict-visibility rule
- records: what the workflow records on a claim (assignments, evidence, reviews and their
  drafts, verdicts)
- links: claims in different articles that state the same fact
"""

from .articles import Article, Outlet
from .claim import (
    EVIDENCE_CLOSED,
    QUOTE_FROZEN,
    REVISION_NEEDS_REASON,
    WORDING_FROZEN,
    Claim,
    StaleClaimError,
    StatusChange,
    WorkflowError,
)
from .links import ClaimLink
from .queryset import ClaimQuerySet, count_of
from .ratings import DISAGREEMENT_STEPS, Rating, rating_spread, ratings_disagree
from .records import Assignment, Evidence, Review, ReviewDraft, Verdict, VerdictRevision

__all__ = [
    "DISAGREEMENT_STEPS",
    "EVIDENCE_CLOSED",
    "QUOTE_FROZEN",
    "REVISION_NEEDS_REASON",
    "WORDING_FROZEN",
    "Article",
    "Assignment",
    "Claim",
    "ClaimLink",
    "ClaimQuerySet",
    "Evidence",
    "Outlet",
    "Rating",
    "Review",
    "ReviewDraft",
    "StaleClaimError",
    "StatusChange",
    "Verdict",
    "VerdictRevision",
    "WorkflowError",
    "count_of",
    "rating_spread",
    "ratings_disagree",
]
