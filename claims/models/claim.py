"""The claim and its workflow, with the log of its moves."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import (
    F,
    Q,
)
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from ..decorators import alters_data
from ..signals import claim_moved, reviewers_assigned
from .articles import Article
from .claimants import Claimant
from .errors import StaleClaimError, WorkflowError
from .evidence import Evidence
from .evidence import url_key as evidence_url_key
from .gate import publish_blockers
from .notes import Note
from .queryset import TAG_PART, TAG_SEPARATOR, ClaimQuerySet
from .quoting import QUOTE_MAX_LENGTH
from .ratings import Rating, RatingLevel
from .rechecks import Recheck
from .records import Assignment, Review, ReviewDraft, Verdict, VerdictRevision
from .reporting import Reporting, check_reporting, is_reported
from .scheduling import Priority, as_of_refusal, due_refusal, today
from .snapshots import Snapshot
from .tags import Tag, TaggedClaim, clean_tag_names

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import User

# A claim is a sentence or two a person would write; longer text is not one claim (and a
# statement past a few kilobytes no longer fits the similar-claims index).
STATEMENT_MAX_LENGTH = 1000

# What the rules below say when they refuse; the moves, the admin and the pages say the same.
EVIDENCE_CLOSED = _("The verdict is %(status)s; reopen the claim to add evidence.")
WORDING_FROZEN = _("A settled or published claim cannot be edited; reopen it first.")
QUOTE_FROZEN = _("The quote of a claim past the draft stage cannot change.")
REVISION_NEEDS_REASON = _(
    "Say why you revise your review; the rating you first submitted is kept beside it."
)
PLAN_CLOSED = _("A %(status)s claim has no priority or due date to change.")
RECHECK_CLOSED = _(
    "Only a settled or published verdict can be re-checked; this claim is %(status)s."
)
RECHECK_NEEDS_NOTE = _("Say what you checked again, and what you found.")


# TaggedClaim's base class is untyped, so the type checker cannot find its manager here.
class Claim(models.Model):  # type: ignore[django-manager-missing]
    Priority = Priority

    class Kind(models.TextChoices):
        QUANTITY = "quantity", _("Quantity")
        COMPARISON = "comparison", _("Comparison or ranking")
        EVENT = "event", _("Event")
        ATTRIBUTION = "attribution", _("Attribution")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        REJECTED = "rejected", _("Rejected candidate")
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        REVIEWED = "reviewed", _("Reviewed")
        SETTLED = "settled", _("Settled")
        PUBLISHED = "published", _("Published")

    # Where moves may start from, shared by the moves and the predicates the pages use.
    BEFORE_VERDICT = (Status.DRAFT, Status.IN_REVIEW, Status.REVIEWED)
    OPEN_FOR_REVIEWS = (Status.IN_REVIEW, Status.REVIEWED)
    DECIDED = (Status.SETTLED, Status.PUBLISHED)
    PROPOSED = (Status.CANDIDATE, Status.REJECTED)
    WORKED_ON = (*BEFORE_VERDICT, *DECIDED)
    # Evidence can be added, and corrected, until the verdict is published.
    TAKES_EVIDENCE = (*PROPOSED, *BEFORE_VERDICT, Status.SETTLED)
    # Priority and due date matter while there is work left: not once published or rejected.
    PLANNED = (Status.CANDIDATE, *BEFORE_VERDICT, Status.SETTLED)

    # Where the claim stands in its article; reviewers judge these words, so
    # they stay as they are once the claim leaves the draft stage.
    QUOTE_FIELDS = ("article", "quote", "start", "end")
    # How the claim is stated; a settled verdict is about this wording.
    WORDING_FIELDS = ("statement", "claimant", "kind", "value", "unit", "period")

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    quote = models.TextField(
        _("quote"),
        max_length=QUOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text=_("The exact words in the article."),
    )
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    statement = models.TextField(
        _("statement"),
        blank=True,
        max_length=STATEMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(STATEMENT_MAX_LENGTH)],
        help_text=_("The claim as one checkable sentence. Defaults to the quote."),
    )
    claimant = models.ForeignKey(
        Claimant,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("claimant"),
        help_text=_("Who makes the claim: a person or an organisation."),
    )
    # The claimant's name, kept equal to it (save() here, Claimant.save and merge_into):
    # the search trigger (migration 0011) and the report tables' SQL read this column.
    claimant_name = models.CharField(
        _("claimant's name"), max_length=200, db_column="claimant", editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.NORMAL, editable=False
    )
    due = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the verdict is wanted; new assignments are due then too."),
    )
    # Re-checks (claims.models.rechecks): when the verdict is to be checked again, who set
    # that date, and since when the claim has been in the editors' queue for it.
    recheck_on = models.DateField(
        _("re-check date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the verdict is to be checked again, for a fact that can go stale."),
    )
    recheck_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("re-check set by"),
    )
    recheck_due_since = models.DateField(
        _("due for a re-check since"), null=True, blank=True, editable=False
    )
    score = models.FloatField(
        _("check-worthiness"),
        null=True,
        blank=True,
        help_text=_("For proposed candidates: how check-worthy the sentence looks, 0 to 1."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every workflow move, so a form can say which state it was filled in against.
    version = models.PositiveIntegerField(default=0, editable=False)
    # The words of statement, quote and claimant for full-text search, kept by a
    # PostgreSQL trigger (migration 0011) on every write, bulk loads included;
    # always empty on other databases, whose search reads the fields themselves.
    search_vector = SearchVectorField(null=True, editable=False)

    # The desk's topics (claims.models.tags): internal, never on the public pages.
    tags = TaggableManager(
        through=TaggedClaim,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Topics, separated by commas."),
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["article", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_end_after_start"),
            # A claim changes no earlier than it is made: the reports' oldest-first lists
            # of a period rely on it (reports.scope.Scope.changed_since_start).
            models.CheckConstraint(
                condition=Q(updated_at__gte=F("created_at")), name="claim_updated_after_created"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")), name="claim_offsets_match_quote"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("statement"), STATEMENT_MAX_LENGTH),
                name="claim_statement_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("quote"), QUOTE_MAX_LENGTH),
                name="claim_quote_length",
            ),
            # A range, not IN (1, 2, 3, 4): Django's SQLite introspection misreads the commas
            # of an IN list inside the table's SQL.
            models.CheckConstraint(
                condition=Q(priority__gte=min(Priority.values), priority__lte=max(Priority.values)),
                name="claim_priority_known",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The claims list: its default sort, alone and under each filter.
            models.Index(fields=["updated_at", "id"], name="claim_updated"),
            models.Index(fields=["status", "updated_at", "id"], name="claim_status_updated"),
            models.Index(fields=["kind", "updated_at", "id"], name="claim_kind_updated"),
            models.Index(fields=["article", "start", "id"], name="claim_article_start"),
            # The editor's queues: each status by priority, then due date (ascending,
            # PostgreSQL's NULLS LAST by default), then the latest changed
            # (ClaimQuerySet.by_urgency).
            models.Index(
                fields=["status", "priority", "due", "-updated_at", "-id"],
                name="claim_status_urgency",
            ),
            # The claims list filtered by priority, in its default sort.
            models.Index(fields=["priority", "updated_at", "id"], name="claim_priority_updated"),
            # A reviewer's queue (ClaimQuerySet.awaiting_review_by): the claims in review
            # and their priorities, read from the index alone and joined to the reviewer's
            # assignments (Assignment's assignment_reviewer_queue index).
            models.Index(
                fields=["id", "priority"],
                condition=Q(status="in_review"),
                name="claim_in_review_priority",
            ),
            # The daily run's read of the re-checks that have come, and the editors' queue.
            models.Index(
                fields=["recheck_on"],
                condition=Q(recheck_on__isnull=False),
                name="claim_recheck_on",
            ),
            models.Index(
                fields=["recheck_due_since"],
                condition=Q(recheck_due_since__isnull=False),
                name="claim_recheck_due",
            ),
        ]
        permissions = [
            ("assign_claim", "Can assign reviewers to claims"),
            ("settle_claim", "Can settle a claim's verdict"),
            ("publish_claim", "Can publish a claim's verdict"),
            ("reopen_claim", "Can reopen a settled or published claim"),
            ("triage_candidates", "Can accept or reject candidate claims"),
        ]

    def __str__(self):
        return self.statement or self.quote

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        touched = {*self.QUOTE_FIELDS, *self.WORDING_FIELDS}
        if update_fields is None or touched & set(update_fields):
            self.clean()
        if update_fields is None or "claimant" in update_fields:
            self.claimant_name = self.claimant.name
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "claimant_name"}
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("claims:claim", args=[self.pk])

    def clean(self):
        super().clean()
        if not self.statement:
            if len(self.quote) > STATEMENT_MAX_LENGTH:
                raise ValidationError(
                    {
                        "statement": _(
                            "The quote runs to %(length)s characters; state the claim in at "
                            "most %(limit)s."
                        )
                        % {"length": len(self.quote), "limit": STATEMENT_MAX_LENGTH}
                    }
                )
            self.statement = self.quote
        self._refuse_frozen_changes()
        if self.article_id is None or self.start is None or self.end is None:
            return
        if not self.offsets_span_quote():
            raise ValidationError(
                {
                    "end": _(
                        "The offsets %(start)s-%(end)s do not span the quote of "
                        "%(length)s characters."
                    )
                    % {"start": self.start, "end": self.end, "length": len(self.quote)}
                }
            )
        length = len(self.article.body)
        if not 0 <= self.start < self.end <= length:
            raise ValidationError(
                {
                    "start": _(
                        "The offsets %(start)s-%(end)s fall outside the article "
                        "(%(length)s characters)."
                    )
                    % {"start": self.start, "end": self.end, "length": length}
                }
            )
        if self.article.body[self.start : self.end] != self.quote:
            # What place_quote stores always passes; this catches a hand-set quote.
            raise ValidationError(
                {
                    "quote": _("The quote is not the article's exact text at %(start)s-%(end)s.")
                    % {"start": self.start, "end": self.end}
                }
            )

    @alters_data
    def place_quote(self, start=None, end=None):
        """Find the quote in the article (Article.locate_quote) and store exactly its text there.

        The quote becomes the article's own words at the place found, so a quote
        typed in another case or spacing is kept as the article writes it.
        Raises ValidationError naming the problem.
        """
        passage = self.article.locate_quote(self.quote, start, end)
        self.quote, self.start, self.end = passage.text, passage.start, passage.end

    def offsets_span_quote(self):
        """Whether end - start is the quote's length (the claim_offsets_match_quote constraint)."""
        return self.end - self.start == len(self.quote)

    def _refuse_frozen_changes(self):
        """Refuse a change to the quote or the wording that the stored status freezes.

        The stored row decides, not this instance's idea of it, so a form filled
        in before a verdict was settled cannot change the wording after.
        """
        if self.pk is None:
            return
        fields = ("status", *self.QUOTE_FIELDS, *self.WORDING_FIELDS)
        stored = type(self).objects.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            return
        was = type(self)(status=stored["status"])
        for group, frozen, message in (
            (self.QUOTE_FIELDS, was.quote_frozen(), QUOTE_FROZEN),
            (self.WORDING_FIELDS, was.wording_frozen(), WORDING_FROZEN),
        ):
            attnames = {f.name: f.attname for f in self._meta.concrete_fields if f.name in group}
            changed = [f for f in group if stored[f] != getattr(self, attnames[f])]
            if frozen and changed:
                raise ValidationError({changed[0]: message})

    # Workflow. Every transition locks the row, checks the current state and
    # the actor's permission, then writes; an illegal move raises WorkflowError
    # (or PermissionDenied) and changes nothing.

    def _lock(self, allowed, refusal, expected_version=None):
        """Lock the row and check the move may start from its current status.

        Refuses (changing nothing) if the caller acted on a version that is no
        longer current, or if the status is not one of `allowed`; `refusal` is
        the message, with %(status)s for the current status.
        """
        locked = Claim.objects.select_for_update().get(pk=self.pk)
        if expected_version is not None and expected_version != locked.version:
            raise StaleClaimError()
        if locked.status not in allowed:
            raise WorkflowError(refusal % {"status": locked.get_status_display().lower()})
        self.version = locked.version
        self.status = locked.status

    def _move(self, to_status, *, actor, note=""):
        from_status = self.status
        self.status = to_status
        self.version += 1
        self.save(update_fields=["status", "version", "updated_at"])
        change = StatusChange.objects.create(
            claim=self, from_status=from_status, to_status=to_status, actor=actor, note=note
        )
        claim_moved.send(
            sender=Claim,
            claim=self,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
            status_change=change,
        )

    def _require(self, user, perm):
        if not user.has_perm(f"claims.{perm}"):
            raise PermissionDenied(_("You are not allowed to do that."))

    def _state_after_reviews(self):
        """in_review while an assigned reviewer has not submitted, else reviewed."""
        waiting = self.assignments.exclude(reviewer__in=self.reviews.values("reviewer")).exists()
        return Claim.Status.IN_REVIEW if waiting else Claim.Status.REVIEWED

    @alters_data
    def accept(self, *, by: "User", statement: str = "", **derived: Any) -> None:
        """Take a proposed candidate in as a draft claim, its statement reworded if given.

        `derived` holds the other wording fields (claimant, kind, value, unit,
        period) as read again from a reworded statement by whoever reworded it;
        they are saved with it, in the same locked write.
        """
        unknown = set(derived) - (set(self.WORDING_FIELDS) - {"statement"})
        if unknown:
            raise TypeError(f"accept() cannot set {', '.join(sorted(unknown))}")
        self._require(by, "triage_candidates")
        with transaction.atomic():
            self._lock(
                (self.Status.CANDIDATE,),
                _("Only a candidate can be accepted; this one is %(status)s."),
            )
            self.statement = statement.strip() or self.statement or self.quote
            self.created_by = self.created_by or by
            for name, value in derived.items():
                setattr(self, name, value)
            self.save(update_fields=["statement", "created_by", *derived, "updated_at"])
            self._move(self.Status.DRAFT, actor=by, note=_("Accepted from the candidates."))

    @alters_data
    def reject(self, *, by: "User") -> None:
        """Set a candidate aside; it is kept so the same sentence is not proposed again."""
        self._require(by, "triage_candidates")
        with transaction.atomic():
            self._lock(
                (self.Status.CANDIDATE,),
                _("Only a candidate can be rejected; this one is %(status)s."),
            )
            self._move(self.Status.REJECTED, actor=by)

    @alters_data
    def assign(
        self,
        reviewers: Iterable["User"],
        *,
        by: "User",
        expected_version: int | None = None,
        due: "date | None" = None,
    ) -> list["User"]:
        """Assign reviewers; the claim goes (back) to in_review.

        The new assignments are due on `due`, or else on the claim's due date (if any).
        """
        self._require(by, "assign_claim")
        reviewers = list(reviewers)
        if not reviewers:
            raise WorkflowError(_("Choose at least one reviewer."))
        _check_due(due)
        with transaction.atomic():
            self._lock(
                self.BEFORE_VERDICT,
                _("A %(status)s claim cannot get new reviewers; reopen it first."),
                expected_version,
            )
            not_reviewers = [u for u in reviewers if not u.has_perm("claims.add_review")]
            if not_reviewers:
                raise WorkflowError(
                    _("%(user)s is not a reviewer.") % {"user": not_reviewers[0].get_username()}
                )
            already = set(self.assignments.values_list("reviewer_id", flat=True))
            new = [u for u in reviewers if u.pk not in already]
            if not new:
                raise WorkflowError(_("Those reviewers are already assigned."))
            due = due or Claim.objects.values_list("due", flat=True).get(pk=self.pk)
            Assignment.objects.bulk_create(
                [Assignment(claim=self, reviewer=u, assigned_by=by, due=due) for u in new]
            )
            reviewers_assigned.send(sender=Claim, claim=self, reviewers=new, by=by)
            names = ", ".join(u.get_username() for u in new)
            self._move(
                self.Status.IN_REVIEW, actor=by, note=_("Assigned %(names)s.") % {"names": names}
            )
        return new

    @alters_data
    def add_tags(self, names, *, by):
        """Tag the claim with `names` (made where new); returns the tags it gained.

        Editors tag claims, in any status: tags organise the desk's work and say
        nothing public. Refused (WorkflowError) if a name is not one a tag can
        have, or if the claim has every one already.
        """
        self._require(by, "change_claim")
        names = clean_tag_names(names)
        with transaction.atomic():
            Claim.objects.select_for_update().only("pk").get(pk=self.pk)
            tags = Tag.objects.get_or_create_named(names)
            # Held until commit, so a merge of one of them waits for this, or this for it.
            locked = Tag.objects.select_for_update().filter(pk__in=[tag.pk for tag in tags])
            if len(locked) != len(tags):
                raise WorkflowError(_("A tag was merged into another meanwhile; try again."))
            have = set(self.tagged_items.values_list("tag_id", flat=True))
            new = [tag for tag in tags if tag.pk not in have]
            if not new:
                raise WorkflowError(_("The claim has those tags already."))
            for tag in new:  # one by one, so each addition is in the claim's history
                row = TaggedClaim(content_object=self, tag=tag, added_by=by)
                row._history_user = by
                row.save()
        return new

    @alters_data
    def remove_tags(self, names, *, by):
        """Take the tags `names` off the claim; returns the tags it lost.

        Refused (WorkflowError) if the claim has none of them. The tags stay in
        the desk's list (Tag.merge_into is how one goes).
        """
        self._require(by, "change_claim")
        names = {name.lower() for name in clean_tag_names(names)}
        with transaction.atomic():
            Claim.objects.select_for_update().only("pk").get(pk=self.pk)
            rows = [
                row
                for row in self.tagged_items.select_related("tag")
                if row.tag.name.lower() in names
            ]
            if not rows:
                raise WorkflowError(_("The claim has none of those tags."))
            for row in rows:
                row._history_user = by
                row.delete()
        return [row.tag for row in rows]

    @alters_data
    def set_priority(self, priority, *, by, expected_version=None):
        """Make the claim `priority` (a Claim.Priority); kept in its change history.

        Refused for a claim that is published or rejected, and for a value that is
        not a priority. Not a workflow move: the version stays, so an editor's
        open forms stay good.
        """
        self._require(by, "change_claim")
        if priority not in Priority.values or isinstance(priority, bool):
            raise WorkflowError(
                _("%(value)s is not a priority; choose one of %(choices)s.")
                % {"value": repr(priority), "choices": _priority_names()}
            )
        with transaction.atomic():
            self._lock(self.PLANNED, PLAN_CLOSED, expected_version)
            stored = Claim.objects.values_list("priority", flat=True).get(pk=self.pk)
            self.priority = Priority(priority)
            if stored == self.priority:
                return self.priority
            self._history_user = by
            self.save(update_fields=["priority", "updated_at"])
        return self.priority

    @alters_data
    def set_due(self, due, *, by, expected_version=None):
        """Make the claim due on `due` (a date, or None for no due date).

        The assignments still waiting for their review that were due when the
        claim was (those that took its date) move with it, and may be reminded
        again of the new date. A day already past is refused.
        """
        self._require(by, "change_claim")
        with transaction.atomic():
            self._lock(self.PLANNED, PLAN_CLOSED, expected_version)
            was = Claim.objects.values_list("due", flat=True).get(pk=self.pk)
            if due == was:  # the date it has (past or not): nothing to change or remind
                self.due = was
                return due
            _check_due(due)
            self.due = due
            self._history_user = by
            self.save(update_fields=["due", "updated_at"])
            following = self.assignments.outstanding().filter(
                Q(due=was) if was else Q(due__isnull=True)
            )
            following.update(due=due, reminded_due_soon_at=None, reminded_overdue_at=None)
        return due

    def _lock_for_review(self, reviewer):
        """Lock the claim for a review or draft by `reviewer`, who must be assigned to it."""
        self._require(reviewer, "add_review")
        self._lock(self.OPEN_FOR_REVIEWS, _("Reviews are closed: the claim is %(status)s."))
        if not self.assignments.filter(reviewer=reviewer).exists():
            raise WorkflowError(_("You are not assigned to review this claim."))

    def _own_evidence(self, evidence):
        evidence = list(evidence)
        if any(e.claim_id != self.pk for e in evidence):
            raise WorkflowError(_("A review can only rely on this claim's evidence."))
        return evidence

    @alters_data
    def submit_review(
        self,
        *,
        reviewer: "User",
        rating: Rating | int,
        confidence: int,
        rationale: str,
        evidence: Iterable[Evidence] = (),
        reason: str = "",
        reporting: Reporting | int | None = None,
    ) -> Review:
        """Submit `reviewer`'s review, or revise it; the last one moves the claim to reviewed.

        The first submission is kept for good as the blind rating. A revision
        needs a reason and is marked when it follows the reveal
        (Review.saw_others_before_revising); the same values sent again (a
        double click) change nothing. Submitting replaces the draft. A reported claim
        (claims.models.reporting) needs the answer on how it was reported too.
        """
        with transaction.atomic():
            self._lock_for_review(reviewer)
            evidence = self._own_evidence(evidence)
            reporting = check_reporting(self, reporting)
            review = Review.objects.filter(claim=self, reviewer=reviewer).first()
            if review is None or rating != review.rating:
                RatingLevel.objects.scale().require_offered(rating)
            if review is None:
                review = Review.objects.create(
                    claim=self,
                    reviewer=reviewer,
                    rating=rating,
                    confidence=confidence,
                    rationale=rationale,
                    reporting=reporting,
                )
                review.evidence.set(evidence)
                # Other reviewers' notes are readable now: tell of those that mentioned them.
                Note.tell_mentions_now_readable(self, reviewer)
            elif review.would_change(
                rating=rating,
                confidence=confidence,
                rationale=rationale,
                evidence=evidence,
                reporting=reporting,
            ):
                reason = reason.strip()
                if not reason:
                    raise WorkflowError(REVISION_NEEDS_REASON)
                review.revise(
                    rating=rating,
                    confidence=confidence,
                    rationale=rationale,
                    reason=reason,
                    reporting=reporting,
                )
                review.evidence.set(evidence)
            ReviewDraft.objects.filter(claim=self, reviewer=reviewer).delete()
            new_status = self._state_after_reviews()
            if new_status != self.status:
                self._move(
                    new_status, actor=reviewer, note=_("Every assigned reviewer has submitted.")
                )
        return review

    @alters_data
    def save_review_draft(
        self,
        *,
        reviewer: "User",
        rating: Rating | int | None = None,
        confidence: int | None = None,
        rationale: str = "",
        evidence: Iterable[Evidence] = (),
        reporting: Reporting | int | None = None,
    ) -> ReviewDraft:
        """Keep `reviewer`'s unfinished review, for them alone; it counts nowhere."""
        with transaction.atomic():
            self._lock_for_review(reviewer)
            evidence = self._own_evidence(evidence)
            if Review.objects.filter(claim=self, reviewer=reviewer).exists():
                raise WorkflowError(_("Your review is in already; revise it instead."))
            if reporting is not None:
                reporting = check_reporting(self, reporting)
            draft = ReviewDraft.objects.update_or_create(
                claim=self,
                reviewer=reviewer,
                defaults={
                    "rating": rating,
                    "confidence": confidence,
                    "rationale": rationale,
                    "reporting": reporting,
                },
            )[0]
            draft.evidence.set(evidence)
        return draft

    @alters_data
    def settle(
        self,
        *,
        editor: "User",
        rating: Rating | int,
        summary: str,
        as_of: "date | None" = None,
        reporting: Reporting | int | None = None,
        expected_version: int | None = None,
    ) -> Verdict:
        """Record the editor's verdict on a reviewed claim, holding as of the day `as_of`
        (today when not given; never a day to come)."""
        self._require(editor, "settle_claim")
        summary = summary.strip()
        if not summary:
            raise WorkflowError(_("A verdict needs a summary that explains it."))
        as_of = as_of or today()
        _check_as_of(as_of)
        RatingLevel.objects.scale().require_offered(rating)
        with transaction.atomic():
            self._lock(
                (self.Status.REVIEWED,),
                _("Only a reviewed claim can be settled; this one is %(status)s."),
                expected_version,
            )
            reporting = check_reporting(self, reporting)
            verdict = Verdict.objects.update_or_create(
                claim=self,
                defaults={
                    "reporting": reporting,
                    "rating": rating,
                    "summary": summary,
                    "editor": editor,
                    "settled_at": timezone.now(),
                    "as_of": as_of,
                },
            )[0]
            self._move(
                self.Status.SETTLED, actor=editor, note=RatingLevel.objects.scale().label(rating)
            )
        self.verdict = verdict
        return verdict

    @alters_data
    def publish(self, *, editor: "User", expected_version: int | None = None) -> Verdict:
        """Publish the settled verdict, if it meets the publishing rules.

        Every publication is kept as a VerdictRevision, so a verdict published
        again after a reopening shows as a correction of the earlier one.
        """
        self._require(editor, "publish_claim")
        with transaction.atomic():
            self._lock(
                (self.Status.SETTLED,),
                _("Only a settled claim can be published; this one is %(status)s."),
                expected_version,
            )
            missing = self.publish_blockers()
            if missing:
                raise WorkflowError(
                    _("The verdict cannot be published yet: %(missing)s.")
                    % {"missing": "; ".join(str(m) for m in missing)}
                )
            verdict = Verdict.objects.get(claim=self)
            verdict.published_at = timezone.now()
            verdict.save(update_fields=["published_at"])
            self.verdict = verdict
            revision = VerdictRevision.of(self, editor=editor, published_at=verdict.published_at)
            revision.recheck = self._recheck_since_last_publication()
            revision.save()
            self._move(self.Status.PUBLISHED, actor=editor)
        return verdict

    @alters_data
    def reopen(self, *, editor: "User", reason: str, expected_version: int | None = None) -> None:
        """Send a settled or published claim back to review; the reason is kept."""
        self._require(editor, "reopen_claim")
        reason = reason.strip()
        if not reason:
            raise WorkflowError(_("Say why the claim is reopened."))
        with transaction.atomic():
            self._lock(
                self.DECIDED,
                _("Only a settled or published claim can be reopened; this one is %(status)s."),
                expected_version,
            )
            came = Claim.objects.filter(pk=self.pk).recheck_come(today())
            due_on = came.values_list("recheck_on", flat=True).first()
            if due_on is not None:
                # Reopened when its re-check came: that is what the re-check found.
                Recheck.objects.create(
                    claim=self,
                    outcome=Recheck.Outcome.REOPENED,
                    due_on=due_on,
                    note=reason,
                    by=editor,
                )
                self._set_recheck(None, by=editor)
            self._move(self._state_after_reviews(), actor=editor, note=reason)

    @alters_data
    def schedule_recheck(
        self, on: "date | None", *, by: "User", expected_version: int | None = None
    ) -> "date | None":
        """Have the verdict checked again on the day `on` (today or later; None for never).

        For a settled or published verdict. Not a workflow move: the version stays.
        """
        self._require(by, "reopen_claim")
        with transaction.atomic():
            self._lock(self.DECIDED, RECHECK_CLOSED, expected_version)
            was = Claim.objects.values_list("recheck_on", flat=True).get(pk=self.pk)
            if on == was:
                self.recheck_on = was
                return on
            _check_due(on)
            self._set_recheck(on, by=by)
        return on

    @alters_data
    def confirm_recheck(
        self,
        *,
        by: "User",
        note: str,
        as_of: "date | None" = None,
        next_on: "date | None" = None,
        expected_version: int | None = None,
    ) -> Recheck:
        """Record that the verdict, checked again, still holds as of the day `as_of` (today
        when not given), and when to check it next (`next_on`, or never).

        The public page then says when it was last checked; nothing is republished. A
        verdict that no longer holds is reopened instead (reopen), and corrected.
        """
        self._require(by, "reopen_claim")
        note = note.strip()
        if not note:
            raise WorkflowError(RECHECK_NEEDS_NOTE)
        as_of = as_of or today()
        _check_as_of(as_of)
        _check_due(next_on)
        with transaction.atomic():
            self._lock(self.DECIDED, RECHECK_CLOSED, expected_version)
            verdict = Verdict.objects.select_for_update().get(claim=self)
            if as_of < verdict.as_of:
                raise WorkflowError(
                    _(
                        "The verdict holds as of %(date)s already: confirm it as of that "
                        "day or a later one."
                    )
                    % {"date": verdict.as_of.isoformat()}
                )
            due_on = Claim.objects.values_list("recheck_on", flat=True).get(pk=self.pk)
            recheck = Recheck.objects.create(
                claim=self,
                outcome=Recheck.Outcome.CONFIRMED,
                due_on=due_on,
                as_of=as_of,
                note=note,
                by=by,
            )
            verdict.as_of = as_of
            verdict.save(update_fields=["as_of"])
            self.verdict = verdict
            self._set_recheck(next_on, by=by)
        return recheck

    def _set_recheck(self, on, *, by):
        """Have the verdict checked again on `on` (None: never), as `by` asked; out of the
        editors' queue until then. Kept in the claim's history."""
        self.recheck_on, self.recheck_by, self.recheck_due_since = on, by if on else None, None
        self._history_user = by
        self.save(update_fields=["recheck_on", "recheck_by", "recheck_due_since", "updated_at"])

    def _recheck_since_last_publication(self):
        """The re-check that reopened the claim since its verdict was last published, if any:
        the publication about to be made is its correction."""
        last = self.verdict_revisions.order_by("-published_at", "-pk").first()
        if last is None:
            return None
        return self.rechecks.reopened().filter(done_at__gt=last.published_at).last()

    @alters_data
    def add_evidence(self, evidence: Evidence, *, by: "User") -> Evidence:
        """Attach a new piece of evidence; closed once the verdict is published."""
        self._require(by, "add_evidence")
        with transaction.atomic():
            self._lock(self.TAKES_EVIDENCE, EVIDENCE_CLOSED)
            evidence.claim = self
            evidence.added_by = by
            self.refuse_duplicate_link(evidence)
            evidence.validate()
            evidence.save()
            if evidence.is_web():
                Snapshot.ask(evidence, by=by)
        return evidence

    def refuse_duplicate_link(self, evidence):
        """Refuse a second live item linking to the page another item already links to."""
        key = evidence_url_key(evidence.url) if evidence.url else ""
        if not key:
            return
        same = (
            Evidence.objects.live().filter(claim=self, url_key=key).exclude(pk=evidence.pk).first()
        )
        if same is not None:
            raise WorkflowError(
                _("This claim already has evidence from that page: “%(title)s”.")
                % {"title": same.title}
            )

    # Predicates for templates and the admin.

    def tag_pairs(self):
        """[(tag number, name)] of the claim's tags by name, from the tag_list annotation
        (ClaimQuerySet.with_tag_list) where the query made it, else from the tags."""
        if hasattr(self, "tag_list"):
            return self.parse_tag_list(self.tag_list)
        return _by_name((tag.pk, tag.name) for tag in self.tags.all())

    @staticmethod
    def parse_tag_list(joined):
        """[(tag number, name)] by name, from a tag_list annotation (None: no tags)."""
        pairs = [item.split(TAG_PART, 1) for item in (joined or "").split(TAG_SEPARATOR) if item]
        return _by_name((int(pk), name) for pk, name in pairs)

    def wording_frozen(self):
        """A claim's wording (WORDING_FIELDS) can change until a verdict is settled on it."""
        return self.status in self.DECIDED

    def quote_frozen(self):
        """A claim's place in its article (QUOTE_FIELDS) can change only while it is a draft."""
        return self.status != self.Status.DRAFT

    def can_add_evidence(self):
        return self.status in self.TAKES_EVIDENCE

    def is_open_for_reviews(self):
        return self.status in self.OPEN_FOR_REVIEWS

    def can_plan(self):
        """Whether the claim's priority and due date may change (set_priority, set_due)."""
        return self.status in self.PLANNED

    def can_assign(self):
        return self.status in self.BEFORE_VERDICT

    def can_settle(self):
        return self.status == self.Status.REVIEWED

    def can_publish(self):
        return self.status == self.Status.SETTLED

    def publish_blockers(self):
        """What the verdict still lacks before it may be published; empty when ready."""
        return publish_blockers(self)

    def is_published(self):
        """Its latest verdict is public and stands; a reopened claim is under review again."""
        return self.status == self.Status.PUBLISHED

    def standing_evidence(self):
        """The evidence that counts and shows publicly: every item not retracted."""
        return [e for e in self.evidence.all() if not e.is_retracted()]

    def can_reopen(self):
        return self.status in self.DECIDED

    def is_reported(self):
        """Someone else's statement that the article reports: it has two questions
        (claims.models.reporting)."""
        return is_reported(self)

    def can_recheck(self):
        """Whether the verdict can be given a re-check date, or confirmed (schedule_recheck,
        confirm_recheck)."""
        return self.status in self.DECIDED

    def is_due_for_recheck(self):
        """In the editors' queue for a re-check (claims.models.rechecks.flag_due_rechecks)."""
        return self.recheck_due_since is not None and self.can_recheck()


def _priority_names():
    return ", ".join(str(label).lower() for label in Priority.labels)


def _check_due(due):
    refusal = due_refusal(due)
    if refusal is not None:
        raise WorkflowError(refusal)


def _check_as_of(day):
    refusal = as_of_refusal(day)
    if refusal is not None:
        raise WorkflowError(refusal)


class StatusChange(models.Model):
    """One move of a claim through the workflow, with who made it and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Claim.Status)
    to_status = models.CharField(max_length=20, choices=Claim.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


def _by_name(pairs):
    """(tag number, name) pairs in the order tags are shown: by name, then number."""
    return sorted(pairs, key=lambda pair: (pair[1].lower(), pair[0]))
