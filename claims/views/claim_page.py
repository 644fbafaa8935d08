"""The claim page, and the editor's form for a claim's wording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import roles
from ..forms import (
    AssignForm,
    ClaimEditForm,
    EvidenceForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
    SettleForm,
)
from ..history import claim_history
from ..matching import claim_matches
from ..models import (
    Assignment,
    Claim,
    Evidence,
    Review,
    StatusChange,
    rating_spread,
    ratings_disagree,
)
from ..text import mark_claims


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
