"""The claims' queryset: the reads every page and report starts from."""

from typing import TYPE_CHECKING, cast

from django.db import models
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Substr

from .. import roles
from ..validators import url_key
from .evidence import Evidence
from .figures import SourceFigure
from .invariants import INVARIANTS
from .notes import Note
from .records import Assignment, Review, ReviewDraft, VerdictRevision
from .tags import TaggedClaim

# Between a tag's number and name, and between tags, in the `tag_list` annotation: tag
# names hold no control characters (tags.clean_tag_name).
TAG_PART, TAG_SEPARATOR = "\x1f", "\x1e"

if TYPE_CHECKING:
    from .claim import Claim


def count_of(model, parent="claim", **filters):
    """Rows of `model` (matching `filters`) per parent row, as a subquery.

    A correlated subquery, not a GROUP BY over a join: the database counts only
    for the rows the outer query returns, such as one page of a list.
    """
    rows = model.objects.filter(**{parent: OuterRef("pk")}, **filters).order_by().values(parent)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


class ClaimQuerySet(models.QuerySet["Claim"]):
    def awaiting_review_by(self, user):
        """Claims assigned to `user` that still wait for their review: the most urgent
        first, then the one due soonest (none last), then the oldest assignment."""
        # One join to the user's assignments serves the filter, the sort and the
        # dates shown. The page's keys come from two indexes alone, each read without
        # the table (assignment_reviewer_queue, claim_in_review_priority), joined and
        # sorted; a reviewer with 15,000 claims in review is sorted in milliseconds.
        return (
            self.filter(status=self.model.Status.IN_REVIEW, assignments__reviewer=user)
            .exclude(reviews__reviewer=user)
            .annotate(my_assigned_at=F("assignments__assigned_at"), my_due=F("assignments__due"))
            .order_by("priority", F("my_due").asc(nulls_last=True), "my_assigned_at", "pk")
        )

    def by_urgency(self):
        """The most urgent first, then the one due soonest (none last), then the latest
        changed: under a filter by status, the claim_status_urgency index gives this
        order on PostgreSQL, whose ascending order puts nulls last."""
        return self.order_by("priority", F("due").asc(nulls_last=True), "-updated_at", "-pk")

    def awaiting_assignment(self):
        """Drafts: claims no reviewer has been assigned to yet."""
        return self.filter(status=self.model.Status.DRAFT)

    def awaiting_reviewers(self):
        """Claims with at least one assigned reviewer who has not submitted yet."""
        return self.filter(status=self.model.Status.IN_REVIEW)

    def with_outstanding_reviewers(self):
        """Each claim's `outstanding`: the assignments whose reviewer has not submitted.

        One query for all the claims, reviewers included, whatever their number.
        """
        submitted = Review.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer"))
        outstanding = (
            Assignment.objects.exclude(Exists(submitted))
            .select_related("reviewer")
            .order_by("assigned_at", "pk")
        )
        return self.prefetch_related(
            Prefetch("assignments", queryset=outstanding, to_attr="outstanding")
        )

    def awaiting_verdict(self):
        """Claims every assigned reviewer has reviewed: the editor settles them next."""
        return self.filter(status=self.model.Status.REVIEWED)

    def awaiting_publication(self):
        """Claims with a settled verdict that is not yet published."""
        return self.filter(status=self.model.Status.SETTLED)

    def recheck_come(self, on):
        """Decided claims whose re-check has come by the day `on`: their date has come, or
        the daily run already put them in the editors' queue. The one rule of a re-check due."""
        return self.filter(
            Q(recheck_on__lte=on) | Q(recheck_due_since__isnull=False),
            status__in=self.model.DECIDED,
        )

    def rechecks_due(self, on):
        """Claims whose re-check has come by the day `on` and that are not in the editors'
        queue for it yet (claims.models.rechecks.flag_due_rechecks)."""
        return self.recheck_come(on).filter(recheck_due_since__isnull=True)

    def due_for_recheck(self):
        """Claims the daily run put in the editors' queue: their re-check date has come,
        and no editor has confirmed or reopened the verdict since."""
        return self.filter(recheck_due_since__isnull=False, status__in=self.model.DECIDED)

    def public(self):
        """Claims with a public fact-check page: published at least once.

        A published claim that is reopened keeps its page, showing the verdict
        last published until a corrected one replaces it.
        """
        return self.filter(self._has_public_page())

    def with_public_page(self):
        """Annotate has_public_page: whether the claim has a public fact-check page (public())."""
        return self.annotate(has_public_page=self._has_public_page())

    def _has_public_page(self):
        return Exists(VerdictRevision.objects.filter(claim=OuterRef("pk")))

    def candidates(self):
        """Proposed sentences waiting for triage, the most check-worthy first."""
        return self.filter(status=self.model.Status.CANDIDATE).order_by(
            F("score").desc(nulls_last=True), "start", "pk"
        )

    def worked_on(self):
        """Claims past the candidate stage: proposed and rejected sentences left out.

        Named as the statuses kept, not those left out, so an index on status
        finds the rows directly.
        """
        return self.filter(status__in=self.model.WORKED_ON)

    def with_quote_mismatch(self):
        """Claims whose quote is not the article text at their offsets.

        Done by the database so it also catches rows written by loaddata or
        bulk_create, which skip save().
        """
        return self.annotate(
            text_at_offsets=Substr("article__body", F("start") + 1, F("end") - F("start"))
        ).exclude(text_at_offsets=F("quote"))

    def impossible_states(self):
        """Claims here in a state the workflow cannot produce: (claim pk, Invariant) pairs.

        The invariants are in invariants.py, each read off the workflow's
        moves; loaddata asks this after every load, a test or a shell can too.
        Ordered by claim, then by invariant.
        """
        broken = [
            (pk, invariant)
            for invariant in INVARIANTS
            for pk in invariant.broken(self.order_by()).values_list("pk", flat=True)
        ]
        return sorted(broken, key=lambda found: (found[0], INVARIANTS.index(found[1])))

    def for_list(self, user):
        """Everything a row of the claims list shows, in one query.

        The counts are correlated subqueries, not a GROUP BY over joins, so the
        database counts only for the rows of the page it returns.
        """
        return (
            self.select_related("article__outlet", "verdict")
            .defer("article__body", "search_vector")  # an article's text runs to pages
            .annotate(
                review_count=count_of(Review),
                assignment_count=count_of(Assignment),
            )
            .with_tag_list()
            .with_verdict_visibility(user)
        )

    def with_tag_list(self):
        """Annotate tag_list, the claim's tags in one string (Claim.tag_pairs reads it).

        A correlated subquery, not a prefetch: a page of claims shows its tags in
        the page's own query, however many rows and tags it has.
        """
        pairs = (
            TaggedClaim.objects.filter(content_object=OuterRef("pk"))
            .order_by()
            .values("content_object")
            .annotate(
                joined=StringAgg(
                    Concat(Cast("tag_id", CharField()), Value(TAG_PART), "tag__name"),
                    delimiter=Value(TAG_SEPARATOR),
                )
            )
            .values("joined")[:1]
        )
        return self.annotate(tag_list=Subquery(pairs))

    def for_publication(self):
        """What the publish gate and a publication's record read (VerdictRevision.of)."""
        return self.select_related("verdict", "article__outlet", "claimant").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.with_latest_snapshot()),
            "reviews",
            "verdict_revisions",
        )

    def for_page(self, user):
        """Everything the claim page shows, in a fixed number of queries."""
        from .claim import StatusChange  # defined beside Claim, which imports this module

        return (
            self.select_related(
                "article__outlet", "verdict__editor", "created_by", "measure__confirmed_by"
            )
            .prefetch_related(
                # A numeric claim's source figures: one query, only when it has a structure.
                Prefetch(
                    "measure__figures",
                    queryset=SourceFigure.objects.select_related("evidence", "entered_by"),
                ),
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.select_related(
                        "added_by", "primary_confirmed_by", "retracted_by"
                    ).with_latest_snapshot(),
                ),
                Prefetch(
                    "reviews",
                    queryset=Review.objects.select_related("reviewer").prefetch_related("evidence"),
                ),
                Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer")),
                # The user's own draft, if any: nobody else's is ever read.
                Prefetch(
                    "review_drafts",
                    queryset=ReviewDraft.objects.filter(reviewer=user).prefetch_related("evidence"),
                    to_attr="my_drafts",
                ),
                Prefetch("status_changes", queryset=StatusChange.objects.select_related("actor")),
            )
            .with_tag_list()
            .with_verdict_visibility(user)
        )

    def with_rechecks(self):
        """Each claim's `recheck_list`: its re-checks, oldest first, with who made them (one
        query for all the claims); and who set the re-check date."""
        from .rechecks import Recheck  # imports the claim module, which imports this one

        rechecks = Recheck.objects.select_related("by")
        return self.select_related("recheck_by").prefetch_related(
            Prefetch("rechecks", queryset=rechecks, to_attr="recheck_list")
        )

    def with_notes_for(self, user):
        """Each claim's `visible_notes`: the notes `user` may read (Note.objects.visible_to),
        oldest first, with their earlier wordings; two queries for all the claims."""
        notes = Note.objects.visible_to(user).for_page()
        return self.prefetch_related(Prefetch("notes", queryset=notes, to_attr="visible_notes"))

    def verdict_visible_to(self, user):
        """The one rule of who may see a claim's ratings and verdict, as an expression.

        Editors see everything. A reviewer sees other reviewers' ratings and the
        verdict only once their own review is in (no anchoring), or once the
        verdict is published for all to read. Pages read it as the
        `verdict_visible` annotation (with_verdict_visibility); filters by
        rating go through rated().
        """
        rule = self._verdict_visibility(user)
        if rule is None:
            return Value(True, output_field=BooleanField())
        return ExpressionWrapper(rule, output_field=BooleanField())

    def _verdict_visibility(self, user):
        """The rule as a condition, or None where `user` sees every verdict."""
        if roles.is_editor(user):
            return None
        own_review = Review.objects.filter(claim=OuterRef("pk"), reviewer=user)
        return Q(status=self.model.Status.PUBLISHED) | Q(Exists(own_review))

    def with_verdict_visibility(self, user):
        return self.annotate(verdict_visible=self.verdict_visible_to(user))

    def verdict_counts(self, user):
        """{rating: number of claims} over the verdicts here that `user` may see. One query."""
        rule = self._verdict_visibility(user)
        claims = self.filter(verdict__isnull=False)
        if rule is not None:
            claims = claims.filter(rule)
        rows = claims.order_by().values("verdict__rating").annotate(n=Count("pk"))
        return {row["verdict__rating"]: row["n"] for row in rows}

    def rated(self, rating, user):
        """Claims whose verdict is `rating`, among the verdicts `user` may see."""
        rule = self._verdict_visibility(user)
        claims = self.filter(verdict__rating=rating)
        return claims if rule is None else claims.filter(rule)


class ArticleQuerySet(models.QuerySet):
    def at_url(self, *urls):
        """Articles taken from any of `urls`, read as normalise_url() reads them."""
        return self.filter(url_key__in=[url_key(url) for url in urls if url])

    def for_list(self):
        """What the articles list shows: claim counts for the page's articles only (subqueries)."""
        claim = cast("type[Claim]", self.model._meta.get_field("claims").related_model)
        return (
            self.select_related("outlet")
            .defer("body")
            .annotate(
                claim_count=count_of(claim, "article", status__in=claim.WORKED_ON),
                published_count=count_of(claim, "article", status=claim.Status.PUBLISHED),
            )
        )
