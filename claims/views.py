from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.paginators import LazyPaginator

from intake.views import candidates_for_article_page

from . import roles
from .exports import ClaimExportMixin
from .filters import ClaimFilter
from .forms import (
    AssignForm,
    ClaimEditForm,
    ClaimForm,
    EvidenceForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
    SettleForm,
)
from .history import claim_history
from .matching import claim_matches
from .models import (
    Article,
    Assignment,
    Claim,
    Evidence,
    Review,
    StatusChange,
    WorkflowError,
    count_of,
    rating_spread,
    ratings_disagree,
)
from .pagination import EstimatedCountPaginator
from .tables import ArticleTable, ClaimTable, QueueTable
from .text import mark_claims

# Access: every workbench page needs a login and the role's "view" permission;
# actions check their own permission inside the workflow methods on Claim.
view_required = permission_required("claims.view_claim", raise_exception=True)


def _counted_pages(per_page):
    return {"per_page": per_page, "paginator_class": EstimatedCountPaginator}


def _uncounted_pages(per_page):
    return {"per_page": per_page, "paginator_class": LazyPaginator, "look_ahead": 1}


def _get_claim_for_user(request, pk):
    """The claim with everything its page shows, fetched in a fixed number of queries."""
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    claims = Claim.objects.select_related(
        "article__outlet", "verdict__editor", "created_by"
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewer").prefetch_related("evidence"),
        ),
        Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer")),
        Prefetch("status_changes", queryset=StatusChange.objects.select_related("actor")),
    )
    return get_object_or_404(claims, pk=pk)


@require_safe
@login_required
@view_required
def queue(request):
    """Home page: what waits for me. Reviewers see their queue; editors also see theirs.

    The queue's tables show a page and whether there is a next one, without
    counting every claim that waits (a count over hundreds of thousands of
    claims waiting for a verdict is no help in working through them).
    """
    user = request.user
    base = Claim.objects.for_list(user)
    context = {"my_table": QueueTable(base.awaiting_review_by(user), prefix="mine-")}
    if roles.is_editor(user):
        context["editor_tables"] = [
            (
                _("Waiting for a verdict"),
                _("Every assigned reviewer has submitted."),
                ClaimTable(base.filter(status=Claim.Status.REVIEWED), prefix="reviewed-"),
            ),
            (
                _("Settled, not yet published"),
                "",
                ClaimTable(base.filter(status=Claim.Status.SETTLED), prefix="settled-"),
            ),
        ]
        for *_text, table in context["editor_tables"]:
            RequestConfig(request, paginate=_uncounted_pages(10)).configure(table)
    RequestConfig(request, paginate=_uncounted_pages(25)).configure(context["my_table"])
    return render(request, "claims/queue.html", context)


class ClaimListView(
    LoginRequiredMixin, PermissionRequiredMixin, ClaimExportMixin, SingleTableMixin, FilterView
):
    http_method_names = ["get", "head"]
    permission_required = "claims.view_claim"
    table_class = ClaimTable
    filterset_class = ClaimFilter
    template_name = "claims/claim_list.html"
    # The table paginates; the list view must not count a second time.
    paginate_by = None
    table_pagination = _counted_pages(25)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()

    def get_queryset(self):
        return Claim.objects.for_list(self.request.user).order_by("-updated_at", "-pk")

    def get_table_pagination(self, table):
        # A search for a common word matches claims by the hundred thousand, and
        # counting even the first thousand of them costs more than finding the
        # page: search results show pages without a count.
        if self.request.GET.get("search", "").strip():
            return _uncounted_pages(25)
        return super().get_table_pagination(table)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not roles.is_editor(self.request.user):
            kwargs["verdict_visible"] = Q(verdict_visible=True)
        return kwargs


def _claim_page(request, claim, status=200, **forms):
    user = request.user
    evidence = list(claim.evidence.all())
    reviews = list(claim.reviews.all())
    assignments = list(claim.assignments.all())
    my_review = next((r for r in reviews if r.reviewer_id == user.pk), None)
    is_assigned = any(a.reviewer_id == user.pk for a in assignments)
    ratings_visible = claim.ratings_visible_to(user)
    is_editor = roles.is_editor(user)
    submitted = {r.reviewer_id for r in reviews}

    if "review_form" not in forms and is_assigned and claim.is_open_for_reviews():
        initial = {}
        if my_review:
            initial = {
                "rating": my_review.rating,
                "confidence": my_review.confidence,
                "rationale": my_review.rationale,
                "evidence": [e.pk for e in my_review.evidence.all()],
            }
        forms["review_form"] = ReviewForm(initial=initial, claim=claim, evidence=evidence)
    if "evidence_form" not in forms and user.has_perm("claims.add_evidence"):
        forms["evidence_form"] = EvidenceForm()
    if is_editor:
        seen = {"version": claim.version}
        forms.setdefault("assign_form", AssignForm(claim=claim, initial=seen))
        forms.setdefault(
            "settle_form",
            SettleForm(
                initial={**seen, "rating": claim.verdict.rating, "summary": claim.verdict.summary}
                if hasattr(claim, "verdict")
                else seen
            ),
        )
        forms.setdefault("reopen_form", ReopenForm(initial=seen))
        forms.setdefault("publish_form", PublishForm(initial=seen))

    ratings = [r.rating for r in reviews]
    para_start, para_end = claim.article.paragraph_bounds(claim.start, claim.end)
    context = {
        "claim": claim,
        "article": claim.article,
        "context_paragraphs": mark_claims(claim.article.body, [claim], para_start, para_end),
        "evidence": evidence,
        "reviews": reviews,
        "other_reviews": [r for r in reviews if r.reviewer_id != user.pk],
        "my_review": my_review,
        "is_assigned": is_assigned,
        "ratings_visible": ratings_visible,
        "assignments": [(a, a.reviewer_id in submitted) for a in assignments],
        "disagree": ratings_disagree(ratings),
        "spread": rating_spread(ratings),
        "verdict": getattr(claim, "verdict", None),
        "status_changes": list(claim.status_changes.all()),
        "matching": claim_matches(claim, user, similar=False),
        "change_history": claim_history(claim) if is_editor else None,
        **forms,
    }
    return render(request, "claims/claim_detail.html", context, status=status)


@require_safe
@login_required
def claim_detail(request, pk):
    return _claim_page(request, _get_claim_for_user(request, pk))


def _claim_action(form_name, form_class, action, success, *, permission, needs_claim=False):
    """A POST-only view that validates one form and calls one workflow method.

    Without `permission` the answer is 403 before the form is even read.
    `action(request, claim, form)` performs the move; WorkflowError becomes a
    message naming what was refused; an invalid form re-renders the claim page
    with its errors (status 400) so nothing is lost of what was typed.
    """

    @require_POST
    @login_required
    def view(request, pk):
        claim = _get_claim_for_user(request, pk)
        if not request.user.has_perm(permission):
            raise PermissionDenied
        form = form_class(request.POST, **({"claim": claim} if needs_claim else {}))
        if not form.is_valid():
            return _claim_page(request, claim, status=400, **{form_name: form})
        try:
            action(request, claim, form)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
        return redirect(claim)

    return view


def _add_evidence(request, claim, form):
    claim.add_evidence(form.save(commit=False), by=request.user)


def _submit_review(request, claim, form):
    data = form.cleaned_data
    claim.submit_review(
        reviewer=request.user,
        rating=data["rating"],
        confidence=data["confidence"],
        rationale=data["rationale"],
        evidence=data["evidence"],
    )


def _assign(request, claim, form):
    claim.assign(
        form.cleaned_data["reviewers"],
        by=request.user,
        expected_version=form.cleaned_data["version"],
    )


def _settle(request, claim, form):
    claim.settle(
        editor=request.user,
        rating=form.cleaned_data["rating"],
        summary=form.cleaned_data["summary"],
        expected_version=form.cleaned_data["version"],
    )


def _publish(request, claim, form):
    claim.publish(editor=request.user, expected_version=form.cleaned_data["version"])


def _reopen(request, claim, form):
    claim.reopen(
        editor=request.user,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )


add_evidence = _claim_action(
    "evidence_form",
    EvidenceForm,
    _add_evidence,
    _("Evidence added."),
    permission="claims.add_evidence",
)
submit_review = _claim_action(
    "review_form",
    ReviewForm,
    _submit_review,
    _("Your review is saved."),
    permission="claims.add_review",
    needs_claim=True,
)
assign = _claim_action(
    "assign_form",
    AssignForm,
    _assign,
    _("Reviewers assigned."),
    permission="claims.assign_claim",
    needs_claim=True,
)
settle = _claim_action(
    "settle_form", SettleForm, _settle, _("Verdict settled."), permission="claims.settle_claim"
)
reopen = _claim_action(
    "reopen_form", ReopenForm, _reopen, _("Claim reopened."), permission="claims.reopen_claim"
)

publish = _claim_action(
    "publish_form",
    PublishForm,
    _publish,
    _("Verdict published."),
    permission="claims.publish_claim",
)


@require_safe
@login_required
@permission_required("claims.view_article", raise_exception=True)
def article_list(request):
    # The counts are subqueries, computed for the page's articles only.
    articles = (
        Article.objects.select_related("outlet")
        .defer("body")
        .annotate(
            claim_count=count_of(Claim, "article", status__in=Claim.WORKED_ON),
            published_count=count_of(Claim, "article", status=Claim.Status.PUBLISHED),
        )
    )
    table = ArticleTable(articles)
    RequestConfig(request, paginate=_counted_pages(25)).configure(table)
    return render(request, "claims/article_list.html", {"table": table})


def _article_page(request, pk, claim_form=None, status=200):
    if not request.user.has_perm("claims.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    claims = list(
        article.claims.worked_on().for_list(request.user).annotate(rating=F("verdict__rating"))
    )
    candidates = candidates_for_article_page(request, article)
    if claim_form is None and request.user.has_perm("claims.add_claim"):
        claim_form = ClaimForm(article=article)
    context = {
        "article": article,
        "claims": claims,
        "paragraphs": mark_claims(article.body, claims + candidates["candidates"]),
        "claim_form": claim_form,
        **candidates,
    }
    return render(request, "claims/article_detail.html", context, status=status)


@require_safe
@login_required
def article_detail(request, pk):
    return _article_page(request, pk)


@require_POST
@login_required
@permission_required("claims.add_claim", raise_exception=True)
def claim_create(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ClaimForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page(request, pk, claim_form=form, status=400)
    claim = form.save(commit=False)
    claim.created_by = request.user
    claim.save()
    messages.success(request, _("Claim added as a draft."))
    return redirect(claim)


@login_required
@permission_required("claims.change_claim", raise_exception=True)
def claim_edit(request, pk):
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    if not claim.can_edit():
        messages.error(
            request, _("A settled or published claim cannot be edited; reopen it first.")
        )
        return redirect(claim)
    form = ClaimEditForm(request.POST if request.method == "POST" else None, instance=claim)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Claim updated."))
        return redirect(claim)
    status = 400 if form.is_bound else 200
    return render(request, "claims/claim_edit.html", {"claim": claim, "form": form}, status=status)
