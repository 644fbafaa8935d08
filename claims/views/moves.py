"""The workflow's moves on a claim, one POST view each.

Each view fetches the claim through the one access check (403 without the
move's permission), validates its form and calls the model's method for the
move, which locks the row and checks the claim's state again. An invalid form
re-renders the claim page with its errors (status 400), so nothing typed is
lost; a refused move becomes a message that says why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import (
    AssignForm,
    EvidenceForm,
    PublishForm,
    ReopenForm,
    ReviewDraftForm,
    ReviewForm,
    SettleForm,
)
from ..models import WorkflowError
from .claim_page import get_claim_page_claim, render_claim_page


def _attempt(request, claim, form_name, form, move, success):
    """Run `move(cleaned_data)` if `form` is valid, and answer as the module says."""
    if not form.is_valid():
        return render_claim_page(request, claim, status=400, **{form_name: form})
    try:
        move(form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(claim)


@require_POST
@login_required
def add_evidence(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_evidence")
    form = EvidenceForm(request.POST)
    return _attempt(
        request,
        claim,
        "evidence_form",
        form,
        lambda data: claim.add_evidence(form.save(commit=False), by=request.user),
        _("Evidence added."),
    )


@require_POST
@login_required
def submit_review(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_review")
    revising = next((r for r in claim.reviews.all() if r.reviewer_id == request.user.pk), None)
    return _attempt(
        request,
        claim,
        "review_form",
        ReviewForm(request.POST, claim=claim, revising=revising),
        lambda data: claim.submit_review(
            reviewer=request.user,
            rating=data["rating"],
            confidence=data["confidence"],
            rationale=data["rationale"],
            evidence=data["evidence"],
            reason=data.get("reason", ""),
        ),
        _("Your review is saved."),
    )


@require_POST
@login_required
def save_review_draft(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_review")
    return _attempt(
        request,
        claim,
        "review_form",
        ReviewDraftForm(request.POST, claim=claim),
        lambda data: claim.save_review_draft(
            reviewer=request.user,
            rating=data["rating"],
            confidence=data["confidence"],
            rationale=data["rationale"],
            evidence=data["evidence"],
        ),
        _("Your draft is saved. Only you can see it; it counts once you submit it."),
    )


@require_POST
@login_required
def assign(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.assign_claim")
    return _attempt(
        request,
        claim,
        "assign_form",
        AssignForm(request.POST, claim=claim),
        lambda data: claim.assign(
            data["reviewers"], by=request.user, expected_version=data["version"]
        ),
        _("Reviewers assigned."),
    )


@require_POST
@login_required
def settle(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.settle_claim")
    return _attempt(
        request,
        claim,
        "settle_form",
        SettleForm(request.POST),
        lambda data: claim.settle(
            editor=request.user,
            rating=data["rating"],
            summary=data["summary"],
            expected_version=data["version"],
        ),
        _("Verdict settled."),
    )


@require_POST
@login_required
def publish(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.publish_claim")
    return _attempt(
        request,
        claim,
        "publish_form",
        PublishForm(request.POST),
        lambda data: claim.publish(editor=request.user, expected_version=data["version"]),
        _("Verdict published."),
    )


@require_POST
@login_required
def reopen(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.reopen_claim")
    return _attempt(
        request,
        claim,
        "reopen_form",
        ReopenForm(request.POST),
        lambda data: claim.reopen(
            editor=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        _("Claim reopened."),
    )
