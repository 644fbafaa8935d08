"""The workflow's moves on a claim, one POST view each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import (
    AssignForm,
    EvidenceForm,
    PublishForm,
    ReopenForm,
    ReviewForm,
    SettleForm,
)
from ..models import (
    WorkflowError,
)
from .claim_page import _claim_page, _get_claim_for_user


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
