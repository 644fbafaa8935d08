"""The workflow's records: assignments, reviews and drafts, verdicts and their revisions."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..decorators import alters_data
from ..validators import is_web_url
from . import scheduling
from .figures import arithmetic_record
from .ratings import RatingLevel
from .reporting import Reporting

REPORTING_NAME = _("how it was reported")


def reporting_field(verbose_name=REPORTING_NAME, **extra):
    """The answer to a reported claim's first question (claims.models.reporting); empty for
    a claim that is the article's own statement."""
    return models.PositiveSmallIntegerField(
        verbose_name, choices=Reporting, null=True, blank=True, **extra
    )


def reporting_known(name):
    """A check constraint: the table's reporting column holds an answer, or nothing."""
    # A range, not IN: Django's SQLite introspection misreads an IN list's commas.
    values = Reporting.values
    return models.CheckConstraint(
        condition=Q(reporting__isnull=True)
        | Q(reporting__gte=min(values), reporting__lte=max(values)),
        name=name,
    )


class RatedMixin:
    """The level a row's stored rating means, from the cached scale (no query per row)."""

    rating: int | None

    @property
    def rating_level(self):
        return RatingLevel.objects.scale().get(self.rating)

    def get_rating_display(self):
        level = self.rating_level
        return "" if level is None else str(level.label)


class AssignmentQuerySet(models.QuerySet):
    def outstanding(self):
        """Assignments whose reviewer has not submitted a review of the claim yet."""
        submitted = Review.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer"))
        return self.exclude(Exists(submitted))

    def with_due_date(self):
        return self.filter(due__isnull=False)

    def overdue(self, on=None):
        """Outstanding assignments whose due day ended before the day `on` (today)."""
        return self.outstanding().filter(due__lt=on or scheduling.today())

    def due_soon(self, on=None):
        """Outstanding assignments due on the day `on` (today) or the day after."""
        on = on or scheduling.today()
        return self.outstanding().filter(due__gte=on, due__lte=on + datetime.timedelta(days=1))

    def with_submitted_on(self):
        """Annotate `submitted_on`: the day (site's time zone) the reviewer first submitted
        their review of the claim, or None."""
        review = Review.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer"))
        day = TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
        return self.annotate(submitted_on=Subquery(review.annotate(day=day).values("day")[:1]))

    def on_time_figures(self, on=None):
        """{"dated", "on_time", "late", "overdue"}: of the assignments here with a due date,
        how many there are, how many were done on time and late, how many are overdue on
        the day `on` (today). One query.

        On time: the review was submitted on the due day or before, in the site's
        time zone (claims.models.scheduling). Overdue: no review yet, the due day past.
        """
        rows = self.with_due_date().with_submitted_on().order_by()
        return rows.aggregate(
            dated=Count("pk"),
            on_time=Count("pk", filter=Q(submitted_on__lte=F("due"))),
            late=Count("pk", filter=Q(submitted_on__gt=F("due"))),
            overdue=Count(
                "pk", filter=Q(submitted_on__isnull=True, due__lt=on or scheduling.today())
            ),
        )


class Assignment(models.Model):
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due = models.DateField(_("due date"), null=True, blank=True)
    # When the assignee was told it is due soon, or overdue: each once per due date
    # (notifications' send_due_reminders); a new due date clears them.
    reminded_due_soon_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "reviewer"], name="one_assignment_per_reviewer"
            ),
        ]
        indexes = [
            # A reviewer's assignments, newest last; with the claim and the due date in
            # the index, a reviewer's queue joins and sorts them without reading the table.
            models.Index(
                fields=["reviewer", "assigned_at", "claim", "due"],
                name="assignment_reviewer_queue",
            ),
            # The reminders' and the report's reads: assignments by due date.
            models.Index(fields=["due"], condition=Q(due__isnull=False), name="assignment_due"),
        ]

    def __str__(self):
        return f"{self.reviewer} on claim {self.claim_id}"

    def is_overdue(self, done=False, *, on=None):
        return scheduling.is_overdue(self.due, done, on=on)

    def is_due_soon(self, done=False, *, on=None):
        return scheduling.is_due_soon(self.due, done, on=on)


class Review(RatedMixin, models.Model):
    """A reviewer's submitted rating of a claim.

    The rating and rationale first submitted, before the reviewer could see
    anyone else's, are kept for good as the blind rating (a database trigger
    refuses any change to them, migration 0014). A later revision changes the
    rating shown, needs a reason, and is marked when it came after the reveal
    (saw_others_before_revising). Agreement and disagreement read the blind rating.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    rating = models.IntegerField(_("rating"), help_text=_("A RatingLevel's id."))
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (a guess) to 5 (certain)."),
    )
    rationale = models.TextField(_("rationale"))
    reporting = reporting_field()
    blind_reporting = reporting_field(
        _("blind answer on how it was reported"),
        editable=False,
        help_text=_("The first answer given, before seeing anyone else's. Never changes."),
    )
    blind_rating = models.IntegerField(
        _("blind rating"),
        editable=False,
        help_text=_("The rating first submitted, before seeing anyone else's. Never changes."),
    )
    blind_rationale = models.TextField(_("blind rationale"), editable=False)
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True, editable=False)
    revised_after_reveal = models.BooleanField(
        _("revised after seeing other reviews"), default=False, editable=False
    )
    evidence = models.ManyToManyField("claims.Evidence", blank=True, related_name="reviews")
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [
            # The agreement report's answers on how claims were reported: only reported
            # claims have them, a few among millions of reviews.
            models.Index(
                fields=["claim", "blind_reporting"],
                condition=Q(blind_reporting__isnull=False),
                name="review_reported",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="one_review_per_reviewer"),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5), name="review_confidence_1_to_5"
            ),
            # Whatever writes a review, a rating that is not the blind one is a revision.
            models.CheckConstraint(
                condition=Q(revised_at__isnull=False)
                | Q(rating=F("blind_rating"), rationale=F("blind_rationale")),
                name="review_unrevised_is_blind",
            ),
            models.CheckConstraint(
                condition=Q(revised_at__isnull=True) | ~Q(revision_reason=""),
                name="review_revision_has_reason",
            ),
            reporting_known("review_reporting_known"),
            models.CheckConstraint(
                condition=Q(revised_at__isnull=False) | Q(reporting=F("blind_reporting")),
                name="review_unrevised_reporting_is_blind",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on claim {self.claim_id}: {self.rating_level}"

    def save(self, **kwargs):
        # A new review's blind rating is what it is submitted with.
        if self._state.adding and self.blind_rating is None:
            self.blind_rating, self.blind_rationale = self.rating, self.rationale
        # The first answer on how it was reported is its blind one (a claim can become a
        # reported one while reviews are in: their first answer is given in a revision).
        if self.blind_reporting is None:
            self.blind_reporting = self.reporting
        super().save(**kwargs)

    @property
    def blind_rating_level(self):
        return RatingLevel.objects.scale().get(self.blind_rating)

    def get_blind_rating_display(self):
        return str(self.blind_rating_level.label)

    def saw_others_before_revising(self):
        """Whether a revision made now comes after the reveal: the one rule for the marker.

        With their own review in, a reviewer sees every other review submitted
        on the claim and its verdict (ClaimQuerySet.verdict_visible_to). So a
        revision is "after seeing other reviews" when another reviewer's review
        or a verdict exists as it is made. Asked under the claim's row lock
        (Claim.submit_review), so no review can slip in between.
        """
        others = Review.objects.filter(claim_id=self.claim_id).exclude(reviewer_id=self.reviewer_id)
        return others.exists() or Verdict.objects.filter(claim_id=self.claim_id).exists()

    def would_change(self, *, rating, confidence, rationale, evidence, reporting=None):
        """Whether submitting these values again is a revision (a resubmission is not)."""
        same = (self.rating, self.confidence, self.rationale, self.reporting) == (
            rating,
            confidence,
            rationale,
            reporting,
        )
        return not same or {e.pk for e in evidence} != {e.pk for e in self.evidence.all()}

    @alters_data
    def revise(self, *, rating, confidence, rationale, reason, reporting=None):
        """Change the rating shown; the blind rating stays. Called by Claim.submit_review."""
        self.revised_after_reveal = self.revised_after_reveal or self.saw_others_before_revising()
        self.rating, self.confidence, self.rationale = rating, confidence, rationale
        self.reporting = reporting
        self.revision_reason = reason
        self.revised_at = timezone.now()
        self.save()

    def is_revised(self):
        return self.revised_at is not None


class ReviewDraft(RatedMixin, models.Model):
    """A review being written: seen by its author alone, counted nowhere.

    Not a Review, so no queue, report, publishing rule or visibility rule can
    count it; submitting the review deletes it (Claim.submit_review).
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="review_drafts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    rating = models.IntegerField(_("rating"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rationale = models.TextField(_("rationale"), blank=True)
    reporting = reporting_field()
    evidence = models.ManyToManyField("claims.Evidence", blank=True, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="one_draft_per_reviewer"),
        ]

    def __str__(self):
        return f"Draft by {self.reviewer} on claim {self.claim_id}"


class Verdict(RatedMixin, models.Model):
    claim = models.OneToOneField("claims.Claim", on_delete=models.PROTECT, related_name="verdict")
    rating = models.IntegerField(_("rating"), help_text=_("A RatingLevel's id."))
    summary = models.TextField(_("summary"), help_text=_("The public explanation of the verdict."))
    reporting = reporting_field()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(
        _("holds as of"),
        default=scheduling.today,
        help_text=_(
            "The day the verdict holds: when the facts were checked, or the date of the "
            "figures it rests on. A re-check that confirms the verdict moves it on."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [reporting_known("verdict_reporting_known")]
        indexes = [
            models.Index(fields=["rating", "claim"], name="verdict_rating"),
            # The ClaimReview feed, the most recently published first.
            models.Index(fields=["published_at", "claim"], name="verdict_published"),
        ]

    def __str__(self):
        return f"Claim {self.claim_id}: {self.rating_level}"


class VerdictRevision(RatedMixin, models.Model):
    """A verdict as it was published. The first is the original, later ones are corrections.

    Kept apart from Verdict's simple-history records, which also hold every
    unpublished draft: the public page and the correction note need exactly
    what readers saw, and when. Each keeps a copy of everything the public page
    and the ClaimReview show (statement, claimant, quote, the article as cited,
    the sources), so a reopened claim's edits reach the public only when a
    corrected verdict is published.
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, related_name="verdict_revisions"
    )
    rating = models.IntegerField(_("rating"), help_text=_("A RatingLevel's id."))
    summary = models.TextField(_("summary"))
    reporting = reporting_field()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    statement = models.TextField(_("statement as published"), blank=True)
    quote = models.TextField(_("quote as published"), blank=True)
    # {"@type", "name", "sameAs", "description"}: who made the claim, as ClaimReview's
    # itemReviewed.author names them.
    claimant = models.JSONField(_("claimant as published"), default=dict, blank=True)
    # {"headline", "url", "outlet", "date_published", "paragraph"}: the article, as
    # cited; "paragraph" is {"before", "after"}, the words around the quote.
    appearance = models.JSONField(_("article as cited"), default=dict, blank=True)
    # The sources that stood, each {"title", "url", "medium", "publisher", "stance",
    # "stance_label", "source_label", "description", "excerpt", "archived_copy"} (the
    # Internet Archive's copy of a web source, when it has one; absent in older records).
    sources = models.JSONField(_("sources as published"), default=list, blank=True)
    # A numeric claim's arithmetic (claims.models.figures.arithmetic_record): the claim,
    # each series' figures with their sources and the change they give; {} for others.
    arithmetic = models.JSONField(_("arithmetic as published"), default=dict, blank=True)
    as_of = models.DateField(_("holds as of"), null=True, blank=True)
    # The re-check that reopened the claim, when this publication corrects what it found.
    recheck = models.ForeignKey(
        "claims.Recheck",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("after the re-check"),
    )

    class Meta:
        constraints = [reporting_known("verdictrevision_reporting_known")]
        ordering = ["published_at", "pk"]
        get_latest_by = "published_at"

    def __str__(self):
        return f"Claim {self.claim_id}: {self.get_rating_display()} ({self.published_at:%Y-%m-%d})"

    @classmethod
    def of(cls, claim, *, editor, published_at=None):
        """A publication of `claim`'s settled verdict, recording what the public sees now."""
        return cls(
            claim=claim,
            rating=claim.verdict.rating,
            summary=claim.verdict.summary,
            reporting=claim.verdict.reporting,
            as_of=claim.verdict.as_of,
            editor=editor,
            published_at=published_at or timezone.now(),
            **public_record(claim),
        )


def public_record(claim):
    """What the public page and the ClaimReview show of `claim`, from its live rows.

    Stored with each publication; nothing else of the claim reaches the public.
    """
    article = claim.article
    return {
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant": {
            "@type": claim.claimant.schema_type(),
            "name": claim.claimant.name,
            "sameAs": [url for url in claim.claimant.same_as_urls() if is_web_url(url)],
            "description": claim.claimant.description,
        },
        "appearance": {
            "headline": article.title,
            "url": article.url if is_web_url(article.url) else "",
            "outlet": article.outlet.name if article.outlet_id else "",
            "date_published": article.published_on.isoformat() if article.published_on else "",
            "paragraph": _paragraph(claim),
        },
        "sources": [_source(e) for e in claim.standing_evidence()],
        "arithmetic": arithmetic_record(claim),
    }


def _paragraph(claim):
    """The article's words either side of the quote, to the ends of its paragraph.

    Kept with the publication, so the page shows the quote in the paragraph
    readers saw even if the article's text is changed later. Empty when the
    quote no longer stands at its offsets: the page then shows the quote alone.
    """
    body = claim.article.body
    if body[claim.start : claim.end] != claim.quote:
        return {}
    start, end = claim.article.paragraph_bounds(claim.start, claim.end)
    return {"before": body[start : claim.start], "after": body[claim.end : end]}


def _source(evidence):
    label: str | Promise
    if evidence.is_confirmed_primary():
        label = _("Primary source")
    elif evidence.source_type == evidence.SourceType.SECONDARY:
        label = _("Secondary source")
    else:
        label = ""
    return {
        "title": evidence.title,
        "url": evidence.url if is_web_url(evidence.url) else "",
        "medium": str(evidence.get_medium_display()) if evidence.medium != "web" else "",
        "publisher": evidence.publisher,
        "stance": evidence.stance,
        "stance_label": str(evidence.get_stance_display()),
        "source_label": str(label),
        "description": evidence.description,
        "excerpt": evidence.excerpt,
        "archived_copy": _archived_copy(evidence),
    }


def _archived_copy(evidence):
    """The Internet Archive's copy of a web source, if its page was archived there; our own
    stored copy is for the desk only."""
    if not (evidence.is_web() and evidence.is_archived()):
        return ""
    copy = evidence.latest_snapshot().archive_url
    return copy if is_web_url(copy) else ""
