"""What the workflow guarantees of every claim, as conditions the database can check.

Each invariant is read off the moves in claim.py: a state that breaks one can
only come from writing rows behind the workflow's back (a fixture, a shell, a
superuser deleting a record). ClaimQuerySet.impossible_states() asks them;
loaddata refuses a fixture that leaves a claim breaking one.

Left out on purpose, because the workflow itself breaks them:
- "a settled claim's verdict is unpublished": a published claim that is
  reopened and settled again keeps its verdict's published_at until the next
  publication;
- "an in_review or reviewed claim has no verdict": a reopened claim keeps its
  verdict and its revisions;
- "a published claim meets the publishing rules": the thresholds are settings,
  and evidence can be corrected after publication.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .records import Assignment, Review, Verdict, VerdictRevision


@dataclass(frozen=True)
class Invariant:
    name: str
    rule: str | Promise  # a gettext_lazy sentence
    # The claims of a ClaimQuerySet that break it, as a queryset: claims -> claims.
    broken: Callable

    def __str__(self):
        return f"{self.name}: {self.rule}"


def _of_claim(model, **filters):
    return model.objects.filter(claim=OuterRef("pk"), **filters)


def _waiting():
    """An assigned reviewer has not submitted (as Claim._state_after_reviews asks)."""
    submitted = Review.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer"))
    return Exists(_of_claim(Assignment).exclude(Exists(submitted)))


def _last_move_to():
    from .claim import StatusChange  # defined beside Claim, which imports the queryset

    last = _of_claim(StatusChange).order_by("-created_at", "-pk").values("to_status")[:1]
    return Subquery(last)


def _reopened(claim):
    """The claim has left settled or published: only reopen() does that."""
    from .claim import StatusChange

    return Exists(_of_claim(StatusChange, from_status__in=claim.DECIDED))


def _unworked_with_records(claims):
    claim = claims.model
    records = (
        Exists(_of_claim(Assignment))
        | Exists(_of_claim(Review))
        | Exists(_of_claim(Verdict))
        | Exists(_of_claim(VerdictRevision))
    )
    return claims.filter(Q(status__in=(*claim.PROPOSED, claim.Status.DRAFT)) & records)


def _review_by_unassigned(claims):
    assigned = Assignment.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer"))
    return claims.filter(Exists(_of_claim(Review).exclude(Exists(assigned))))


def _in_review_nobody_waiting(claims):
    return claims.filter(Q(status=claims.model.Status.IN_REVIEW) & ~_waiting())


def _past_review_with_review_missing(claims):
    claim = claims.model
    past_review = (claim.Status.REVIEWED, *claim.DECIDED)
    return claims.filter(Q(status__in=past_review) & (~Exists(_of_claim(Assignment)) | _waiting()))


def _decided_without_verdict(claims):
    return claims.filter(Q(status__in=claims.model.DECIDED) & ~Exists(_of_claim(Verdict)))


def _published_without_publication(claims):
    marked = Exists(_of_claim(Verdict, published_at__isnull=False))
    revised = Exists(_of_claim(VerdictRevision))
    return claims.filter(Q(status=claims.model.Status.PUBLISHED) & ~(marked & revised))


def _published_at_without_revision(claims):
    marked = Exists(_of_claim(Verdict, published_at__isnull=False))
    revised = Exists(_of_claim(VerdictRevision))
    return claims.filter((marked & ~revised) | (~marked & revised))


def _verdict_before_settling(claims):
    claim = claims.model
    return claims.filter(
        Q(status__in=claim.OPEN_FOR_REVIEWS) & Exists(_of_claim(Verdict)) & ~_reopened(claim)
    )


def _status_not_last_move(claims):
    never_moved = (claims.model.Status.CANDIDATE, claims.model.Status.DRAFT)
    return claims.annotate(last_move_to=_last_move_to()).filter(
        (Q(last_move_to__isnull=True) & ~Q(status__in=never_moved))
        | (Q(last_move_to__isnull=False) & ~Q(status=F("last_move_to")))
    )


INVARIANTS = (
    Invariant(
        "no_records_before_review",
        _("a candidate, rejected or draft claim has no assignments, reviews or verdict"),
        _unworked_with_records,
    ),
    Invariant(
        "reviews_by_assigned_reviewers",
        _("every review is by a reviewer assigned to the claim"),
        _review_by_unassigned,
    ),
    Invariant(
        "in_review_waits_for_a_reviewer",
        _("an in_review claim has an assigned reviewer who has not submitted a review"),
        _in_review_nobody_waiting,
    ),
    Invariant(
        "reviewed_by_every_assigned_reviewer",
        _(
            "a reviewed, settled or published claim has at least one assigned reviewer "
            "and a submitted review from each"
        ),
        _past_review_with_review_missing,
    ),
    Invariant(
        "decided_has_a_verdict",
        _("a settled or published claim has a verdict"),
        _decided_without_verdict,
    ),
    Invariant(
        "published_has_a_publication",
        _("a published claim's verdict has published_at and at least one verdict revision"),
        _published_without_publication,
    ),
    Invariant(
        "published_at_means_a_revision",
        _("a verdict has published_at exactly when the claim has a verdict revision"),
        _published_at_without_revision,
    ),
    Invariant(
        "verdict_under_review_was_reopened",
        _("an in_review or reviewed claim has a verdict only if it was reopened"),
        _verdict_before_settling,
    ),
    Invariant(
        "status_is_the_last_move",
        _(
            "a claim's status is where its last status change went; a claim with no "
            "status change is a candidate or a draft"
        ),
        _status_not_last_move,
    ),
)
