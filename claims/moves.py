"""The workflow's moves on a claim, as a page's form or an API call makes them.

Each move names the permission it needs, the form that checks what was sent, the model
method it calls with the form's cleaned data, and what to say when it is done. The claim
page's POST views (claims.views.moves) and the API (api.views) both go through MOVES, so a
move is checked and made the same way wherever it comes from; the model method locks the
claim and checks its state again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .forms import (
    AssignForm,
    ConfirmRecheckForm,
    EvidenceForm,
    NoteForm,
    PlanForm,
    PublishForm,
    RecheckForm,
    RemoveTagForm,
    ReopenForm,
    ReviewDraftForm,
    ReviewForm,
    SettleForm,
    TagsForm,
)


def _my_review(claim, user):
    return next((r for r in claim.reviews.all() if r.reviewer_id == user.pk), None)


@dataclass(frozen=True)
class Move:
    perm: str
    form_name: str  # the claim page's name for the form
    form: Callable[[Any, Any, Any], Any]  # (claim, user, data) -> a bound form
    run: Callable[[Any, Any, Any], Any]  # (claim, user, form) -> what the model method returns
    done: str | Promise  # a gettext_lazy message


def _review(claim, user, form):
    data = form.cleaned_data
    return claim.submit_review(
        reviewer=user,
        rating=data["rating"],
        confidence=data["confidence"],
        rationale=data["rationale"],
        evidence=data["evidence"],
        reason=data.get("reason", ""),
        reporting=data.get("reporting"),
    )


def _review_draft(claim, user, form):
    data = form.cleaned_data
    return claim.save_review_draft(
        reviewer=user,
        rating=data["rating"],
        confidence=data["confidence"],
        rationale=data["rationale"],
        evidence=data["evidence"],
        reporting=data.get("reporting"),
    )


def _plan(claim, user, form):
    data = form.cleaned_data
    with transaction.atomic():  # both or neither
        claim.set_priority(data["priority"], by=user, expected_version=data["version"])
        claim.set_due(data["due"], by=user, expected_version=data["version"])


MOVES = {
    "evidence": Move(
        "claims.add_evidence",
        "evidence_form",
        lambda claim, user, data: EvidenceForm(data),
        lambda claim, user, form: claim.add_evidence(form.save(commit=False), by=user),
        _("Evidence added."),
    ),
    "review": Move(
        "claims.add_review",
        "review_form",
        lambda claim, user, data: ReviewForm(data, claim=claim, revising=_my_review(claim, user)),
        _review,
        _("Your review is saved."),
    ),
    "review_draft": Move(
        "claims.add_review",
        "review_form",
        lambda claim, user, data: ReviewDraftForm(data, claim=claim),
        _review_draft,
        _("Your draft is saved. Only you can see it; it counts once you submit it."),
    ),
    "assign": Move(
        "claims.assign_claim",
        "assign_form",
        lambda claim, user, data: AssignForm(data, claim=claim),
        lambda claim, user, form: claim.assign(
            form.cleaned_data["reviewers"],
            by=user,
            expected_version=form.cleaned_data["version"],
            due=form.cleaned_data.get("due"),
        ),
        _("Reviewers assigned."),
    ),
    "plan": Move(
        "claims.change_claim",
        "plan_form",
        lambda claim, user, data: PlanForm(data, claim=claim),
        _plan,
        _("Priority and due date saved."),
    ),
    "settle": Move(
        "claims.settle_claim",
        "settle_form",
        lambda claim, user, data: SettleForm(data, claim=claim),
        lambda claim, user, form: claim.settle(
            editor=user,
            rating=form.cleaned_data["rating"],
            reporting=form.cleaned_data.get("reporting"),
            summary=form.cleaned_data["summary"],
            as_of=form.cleaned_data.get("as_of"),
            expected_version=form.cleaned_data["version"],
        ),
        _("Verdict settled."),
    ),
    "publish": Move(
        "claims.publish_claim",
        "publish_form",
        lambda claim, user, data: PublishForm(data),
        lambda claim, user, form: claim.publish(
            editor=user, expected_version=form.cleaned_data["version"]
        ),
        _("Verdict published."),
    ),
    # A note is not a move of the workflow, but is posted the same way: anyone who may
    # see the claim may write on it. The page's view also reports what its mentions did.
    "note": Move(
        "claims.view_claim",
        "note_form",
        lambda claim, user, data: NoteForm(data, claim=claim),
        lambda claim, user, form: form.post(user),
        _("Note posted."),
    ),
    "reopen": Move(
        "claims.reopen_claim",
        "reopen_form",
        lambda claim, user, data: ReopenForm(data),
        lambda claim, user, form: claim.reopen(
            editor=user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        _("Claim reopened."),
    ),
    # Re-checks (claims.models.rechecks): when to check a verdict again, and a finding that it
    # still holds; a verdict that no longer holds is reopened (above).
    "recheck": Move(
        "claims.reopen_claim",
        "recheck_form",
        lambda claim, user, data: RecheckForm(data, claim=claim),
        lambda claim, user, form: claim.schedule_recheck(
            form.cleaned_data["recheck_on"],
            by=user,
            expected_version=form.cleaned_data["version"],
        ),
        _("Re-check date saved."),
    ),
    "confirm_recheck": Move(
        "claims.reopen_claim",
        "confirm_recheck_form",
        lambda claim, user, data: ConfirmRecheckForm(data),
        lambda claim, user, form: claim.confirm_recheck(
            by=user,
            note=form.cleaned_data["note"],
            as_of=form.cleaned_data.get("as_of"),
            next_on=form.cleaned_data.get("next_on"),
            expected_version=form.cleaned_data["version"],
        ),
        _("Re-check recorded: the verdict still holds."),
    ),
    # Not moves of the workflow, but changes to the claim made the same way from the page,
    # the API and (through the model methods) bulk actions; the claim's status stays.
    "add_tags": Move(
        "claims.change_claim",
        "tags_form",
        lambda claim, user, data: TagsForm(data),
        lambda claim, user, form: claim.add_tags(form.cleaned_data["tags"], by=user),
        _("Tags added."),
    ),
    "remove_tags": Move(
        "claims.change_claim",
        "tags_form",
        lambda claim, user, data: RemoveTagForm(data),
        lambda claim, user, form: claim.remove_tags(form.cleaned_data["tags"], by=user),
        _("Tag removed."),
    ),
}


def move_form(move, claim, user, data):
    """(the page's name for the form, the form bound to `data`) for one of the claim's moves."""
    step = MOVES[move]
    return step.form_name, step.form(claim, user, data)
