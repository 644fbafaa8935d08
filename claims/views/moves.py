"""The workflow's moves on a claim, one POST view each.

Each view fetches the claim through the one access check (403 without the
move's permission), validates its form and calls the model's method for the
move, which locks the row and checks the claim's state again. An invalid form
is kept and shown again, with its errors, on the claim page (prg.py), so
nothing typed is lost and a reload never resends it; a refused move becomes a
message that says why. A GET on a move's URL goes to the claim page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..models import WorkflowError
from .claim_page import get_claim_page_claim, move_form
from .prg import forget_failed, keep_failed, post_only

back_to_claim = post_only("claims:claim")


def _attempt(request, claim, move, run, success):
    """Run `run(cleaned_data)` if the move's form is valid, and answer as the module says."""
    _name, form = move_form(move, claim, request.user, request.POST)
    url = claim.get_absolute_url()
    if not form.is_valid():
        return keep_failed(request, url, move)
    forget_failed(request, url, move)
    try:
        run(form, form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(claim)


@back_to_claim
@login_required
def add_evidence(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_evidence")
    return _attempt(
        request,
        claim,
        "evidence",
        lambda form, data: claim.add_evidence(form.save(commit=False), by=request.user),
        _("Evidence added."),
    )


@back_to_claim
@login_required
def submit_review(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_review")
    return _attempt(
        request,
        claim,
        "review",
        lambda form, data: claim.submit_review(
            reviewer=request.user,
            rating=data["rating"],
            confidence=data["confidence"],
            rationale=data["rationale"],
            evidence=data["evidence"],
            reason=data.get("reason", ""),
        ),
        _("Your review is saved."),
    )


@back_to_claim
@login_required
def save_review_draft(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.add_review")
    return _attempt(
        request,
        claim,
        "review_draft",
        lambda form, data: claim.save_review_draft(
            reviewer=request.user,
            rating=data["rating"],
            confidence=data["confidence"],
            rationale=data["rationale"],
            evidence=data["evidence"],
        ),
        _("Your draft is saved. Only you can see it; it counts once you submit it."),
    )


@back_to_claim
@login_required
def assign(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.assign_claim")
    return _attempt(
        request,
        claim,
        "assign",
        lambda form, data: claim.assign(
            data["reviewers"], by=request.user, expected_version=data["version"]
        ),
        _("Reviewers assigned."),
    )


@back_to_claim
@login_required
def settle(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.settle_claim")
    return _attempt(
        request,
        claim,
        "settle",
        lambda form, data: claim.settle(
            editor=request.user,
            rating=data["rating"],
            summary=data["summary"],
            expected_version=data["version"],
        ),
        _("Verdict settled."),
    )


@back_to_claim
@login_required
def publish(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.publish_claim")
    return _attempt(
        request,
        claim,
        "publish",
        lambda form, data: claim.publish(editor=request.user, expected_version=data["version"]),
        _("Verdict published."),
    )


@back_to_claim
@login_required
def reopen(request, pk):
    claim = get_claim_page_claim(request, pk, "claims.reopen_claim")
    return _attempt(
        request,
        claim,
        "reopen",
        lambda form, data: claim.reopen(
            editor=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        _("Claim reopened."),
    )
