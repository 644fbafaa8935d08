"""factcheck's claims, split by meaning; import them from here (`from claims.models import Claim`).

- ratings: the rating scale and how ratings are compared
- articles: outlets and articles
- claimants: who makes claims, and merging duplicates
- claim: the claim and its workflow moves, and the log of its moves
- queryset: the reads pages and reports start from, and the verdict-visibility rule
- evidence: evidence, its corrections and retractions, confirmed primary sources
- snapshots: a cited web page archived when it is cited
- records: what the workflow records on a claim (assignments, reviews and their drafts,
  verdicts)
- invariants: what the workflow guarantees of every claim (ClaimQuerySet.impossible_states)
- errors: what a refused move raises
- links: claims in different articles that state the same fact
- figures: a numeric claim's structure, its source figures, the desk's tolerance rules
"""

from .articles import Article, Outlet
from .claim import (
    EVIDENCE_CLOSED,
    QUOTE_FROZEN,
    QUOTE_MAX_LENGTH,
    REVISION_NEEDS_REASON,
    STATEMENT_MAX_LENGTH,
    WORDING_FROZEN,
    Claim,
    StatusChange,
)
from .claimants import Claimant, ClaimantMerge
from .errors import StaleClaimError, WorkflowError
from .evidence import Evidence
from .figures import Measure, SourceFigure, StatementKind, ToleranceRule
from .invariants import INVARIANTS, Invariant
from .links import ClaimLink
from .queryset import ClaimQuerySet, count_of
from .ratings import DISAGREEMENT_STEPS, Rating, rating_spread, ratings_disagree
from .records import Assignment, Review, ReviewDraft, Verdict, VerdictRevision
from .snapshots import Snapshot

__all__ = [
    "DISAGREEMENT_STEPS",
    "EVIDENCE_CLOSED",
    "INVARIANTS",
    "QUOTE_FROZEN",
    "QUOTE_MAX_LENGTH",
    "REVISION_NEEDS_REASON",
    "STATEMENT_MAX_LENGTH",
    "WORDING_FROZEN",
    "Article",
    "Assignment",
    "Claim",
    "ClaimLink",
    "ClaimQuerySet",
    "Claimant",
    "ClaimantMerge",
    "Evidence",
    "Invariant",
    "Measure",
    "Outlet",
    "Rating",
    "Review",
    "ReviewDraft",
    "Snapshot",
    "SourceFigure",
    "StaleClaimError",
    "StatementKind",
    "StatusChange",
    "ToleranceRule",
    "Verdict",
    "VerdictRevision",
    "WorkflowError",
    "count_of",
    "rating_spread",
    "ratings_disagree",
]
