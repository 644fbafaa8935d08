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
- scheduling: priority and due dates, and the one rule of when work is on time
- invariants: what the workflow guarantees of every claim (ClaimQuerySet.impossible_states)
- errors: what a refused move raises
- links: claims in different articles that state the same fact
- notes: the desk's internal notes on a claim, their mentions and earlier wordings
- tags: the desk's topics on claims (internal), renamed and merged by editors
- saved_views: the claims list's filters and sort saved under a name
- figures: a numeric claim's structure, its source figures, the desk's tolerance rules
- rechecks: verdicts that hold as of a day, and come back to the desk on a re-check date
- revision: the desk's revision, which every write moves (the kept pages' key)
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
from .notes import NOTE_MAX_LENGTH, Mentions, Note, NoteRevision
from .queryset import ClaimQuerySet, count_of
from .ratings import (
    DISAGREEMENT_STEPS,
    Rating,
    RatingLevel,
    Scale,
    every_rating,
    offered_ratings,
    rating_spread,
    ratings_disagree,
)
from .rechecks import Recheck, flag_due_rechecks
from .records import Assignment, Review, ReviewDraft, Verdict, VerdictRevision
from .revision import DeskRevision
from .saved_views import SavedView
from .scheduling import Priority
from .snapshots import Snapshot
from .tags import MAX_TAGS_AT_ONCE, TAG_MAX_LENGTH, Tag, TaggedClaim, clean_tag_names

__all__ = [
    "DISAGREEMENT_STEPS",
    "EVIDENCE_CLOSED",
    "INVARIANTS",
    "MAX_TAGS_AT_ONCE",
    "NOTE_MAX_LENGTH",
    "QUOTE_FROZEN",
    "QUOTE_MAX_LENGTH",
    "REVISION_NEEDS_REASON",
    "STATEMENT_MAX_LENGTH",
    "TAG_MAX_LENGTH",
    "WORDING_FROZEN",
    "Article",
    "Assignment",
    "Claim",
    "ClaimLink",
    "ClaimQuerySet",
    "Claimant",
    "ClaimantMerge",
    "DeskRevision",
    "Evidence",
    "Invariant",
    "Measure",
    "Mentions",
    "Note",
    "NoteRevision",
    "Outlet",
    "Priority",
    "Rating",
    "RatingLevel",
    "Recheck",
    "Review",
    "ReviewDraft",
    "SavedView",
    "Scale",
    "Snapshot",
    "SourceFigure",
    "StaleClaimError",
    "StatementKind",
    "StatusChange",
    "Tag",
    "TaggedClaim",
    "ToleranceRule",
    "Verdict",
    "VerdictRevision",
    "WorkflowError",
    "clean_tag_names",
    "count_of",
    "every_rating",
    "flag_due_rechecks",
    "offered_ratings",
    "rating_spread",
    "ratings_disagree",
]
