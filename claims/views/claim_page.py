"""The claim page, and the editor's form for a claim's wording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import roles
from ..access import get_claim_for_user
from ..forms import (
    AssignForm,
    ClaimEditForm,
    ConfirmRecheckForm,
    EvidenceForm,
    NoteForm,
    PlanForm,
    PublishForm,
    RecheckForm,
    ReopenForm,
    ReviewForm,
    SettleForm,
    TagsForm,
)
from ..history import claim_history
from ..matching import claim_matches
from ..models import (
    DISAGREEMENT_STEPS,
    WORDING_FROZEN,
    Claim,
    rating_spread,
    ratings_disagree,
)
from ..moves import MOVES, move_form
from ..numbers import numbers_section
from ..pagecache import kept_until_the_desk_changes
from ..text import mark_claims
from .prg import FAILED, failed_data, shows_failed_form


def get_claim_page_claim(request, pk, *perms, notes=False):
    """The claim with everything its page shows, if the user may act on it with `perms`; its
    notes too with `notes` (the page reads them, a move does not)."""
    queryset = Claim.objects.for_page(request.user)
    if notes:
        queryset = queryset.with_notes_for(request.user)
        if roles.is_editor(request.user):
            queryset = queryset.with_rechecks()
    return get_claim_for_user(request.user, pk, *perms, queryset=queryset)


def _failed_forms(request, claim):
    """The move form that failed just before this GET, bound again to show its errors."""
    move = request.GET.get(FAILED)
    if move not in MOVES:
        return {}
    data = failed_data(request, claim.get_absolute_url(), move)
    if data is None:
        return {}
    name, form = move_form(move, claim, request.user, data)
    form.is_valid()
    return {name: form}


def _review_form(claim, user, my_review, my_draft, evidence):
    """The reviewer's own form: a revision of their review, or their draft carried on."""
    kept = my_review or my_draft
    initial = {}
    if kept:
        initial = {
            "rating": kept.rating,
            "reporting": kept.reporting,
            "confidence": kept.confidence,
            "rationale": kept.rationale,
            "evidence": [e.pk for e in kept.evidence.all()],
        }
    return ReviewForm(initial=initial, claim=claim, evidence=evidence, revising=my_review)


def _editor_forms(claim):
    """The editor's forms, each carrying the version of the claim they were filled in on."""
    seen = {"version": claim.version}
    verdict = getattr(claim, "verdict", None)
    settled = {}
    if verdict:
        settled = {
            "rating": verdict.rating,
            "summary": verdict.summary,
            "reporting": verdict.reporting,
            "as_of": verdict.as_of,
        }
    return {
        "assign_form": AssignForm(claim=claim, initial=seen),
        "settle_form": SettleForm(claim=claim, initial={**seen, **settled}),
        "reopen_form": ReopenForm(initial=seen),
        "recheck_form": RecheckForm(claim=claim, initial={**seen, "recheck_on": claim.recheck_on}),
        "confirm_recheck_form": ConfirmRecheckForm(initial=seen),
        "publish_form": PublishForm(initial=seen),
        "tags_form": TagsForm(),
    }


def _forms(claim, user, my_review, my_draft, evidence, is_assigned):
    forms = {}
    if is_assigned and claim.is_open_for_reviews():
        forms["review_form"] = _review_form(claim, user, my_review, my_draft, evidence)
    if user.has_perm("claims.add_evidence") and claim.can_add_evidence():
        forms["evidence_form"] = EvidenceForm()
    if roles.is_editor(user):
        forms.update(_editor_forms(claim))
    forms["note_form"] = NoteForm(claim=claim)  # whoever may see the page may write on it
    if user.has_perm("claims.change_claim") and claim.can_plan():
        initial = {"version": claim.version, "priority": claim.priority, "due": claim.due}
        forms["plan_form"] = PlanForm(initial=initial, claim=claim)
    return forms


def render_claim_page(request, claim, status=200, **forms):
    """The claim page; `forms` are bound forms to show with their errors, in place of the
    blank ones, wherever the page would show that form at all."""
    user = request.user
    evidence = [e for e in claim.evidence.all() if e.is_shown_to(user)]
    reviews = list(claim.reviews.all())
    assignments = list(claim.assignments.all())
    my_review = next((r for r in reviews if r.reviewer_id == user.pk), None)
    my_draft = None if my_review else next(iter(claim.my_drafts), None)
    is_assigned = any(a.reviewer_id == user.pk for a in assignments)
    submitted = {r.reviewer_id for r in reviews}
    # Disagreement is judged on the ratings given blind, before anyone saw another's.
    ratings = [r.blind_rating for r in reviews]
    spread = rating_spread(ratings)
    para_start, para_end = claim.article.paragraph_bounds(claim.start, claim.end)
    context = {
        "claim": claim,
        "article": claim.article,
        "context_paragraphs": mark_claims(claim.article.body, [claim], para_start, para_end),
        "evidence": evidence,
        "can_confirm_sources": user.has_perm("claims.confirm_evidence"),
        "reviews": reviews,
        "other_reviews": [r for r in reviews if r.reviewer_id != user.pk],
        "my_review": my_review,
        "my_draft": my_draft,
        "is_assigned": is_assigned,
        "ratings_visible": claim.verdict_visible,
        "assignments": [(a, a.reviewer_id in submitted) for a in assignments],
        "disagree": ratings_disagree(ratings),
        # Steps apart are worth saying only when they reach a disagreement's width.
        "wide_spread": spread if spread >= DISAGREEMENT_STEPS else None,
        "verdict": getattr(claim, "verdict", None),
        "tag_pairs": claim.tag_pairs(),
        "status_changes": list(claim.status_changes.all()),
        "matching": claim_matches(claim, user, similar=False),
        "change_history": claim_history(claim) if roles.is_editor(user) else None,
        "notes": claim.visible_notes,
        "rechecks": getattr(claim, "recheck_list", None),
        "open_notes": sum(1 for note in claim.visible_notes if not note.is_resolved()),
        # The Numbers section (claims/numbers.py), for the claim's reviewers and editors.
        **numbers_section(request, claim),
    }
    blank = _forms(claim, user, my_review, my_draft, evidence, is_assigned)
    context.update(blank)
    context.update({name: form for name, form in forms.items() if name in blank})
    return render(request, "claims/claim_detail.html", context, status=status)


@require_safe
@kept_until_the_desk_changes(unless=shows_failed_form)
@login_required
def claim_detail(request, pk):
    claim = get_claim_page_claim(request, pk, notes=True)
    return render_claim_page(request, claim, **_failed_forms(request, claim))


@login_required
def claim_edit(request, pk):
    claim = get_claim_for_user(
        request.user,
        pk,
        "claims.change_claim",
        queryset=Claim.objects.select_related("article"),
    )
    if claim.wording_frozen():
        messages.error(request, WORDING_FROZEN)
        return redirect(claim)
    form = ClaimEditForm(request.POST if request.method == "POST" else None, instance=claim)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Claim updated."))
        return redirect(claim)
    status = 400 if form.is_bound else 200
    return render(request, "claims/claim_edit.html", {"claim": claim, "form": form}, status=status)
