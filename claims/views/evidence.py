"""Evidence on a claim: corrected, retracted, and confirmed by an editor as a primary source.

Adding evidence is one of the claim's moves (moves.py). The rules of who may
change an item, and until when, are the item's own (claims/models/evidence.py).
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_evidence_for_user
from ..forms import EvidenceForm, RetractEvidenceForm
from ..models import WorkflowError
from ..models.evidence import CORRECTABLE_FIELDS


def _get_evidence(request, pk, evidence_pk):
    """The claim and one of its items, if the user may change that item."""
    item = get_evidence_for_user(request.user, pk, evidence_pk)
    if not item.can_be_changed_by(request.user):
        raise PermissionDenied
    return item.claim, item


@login_required
def correct_evidence(request, pk, evidence_pk):
    claim, item = _get_evidence(request, pk, evidence_pk)
    if not item.is_correctable():
        messages.error(request, _("This evidence can no longer be corrected."))
        return redirect(claim)
    # The form works on a copy, so the item itself still holds what was stored.
    data = request.POST if request.method == "POST" else None
    form = EvidenceForm(data, instance=copy.copy(item))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in CORRECTABLE_FIELDS}
        try:
            item.correct(by=request.user, **changes)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Evidence corrected."))
            return redirect(f"{claim.get_absolute_url()}#evidence-{item.pk}")
    status = 400 if form.is_bound else 200
    context = {"claim": claim, "item": item, "form": form, "retract_form": RetractEvidenceForm()}
    return render(request, "claims/evidence_edit.html", context, status=status)


@require_POST
@login_required
def retract_evidence(request, pk, evidence_pk):
    claim, item = _get_evidence(request, pk, evidence_pk)
    form = RetractEvidenceForm(request.POST)
    if not form.is_valid():
        context = {"claim": claim, "item": item, "form": EvidenceForm(instance=item)}
        context["retract_form"] = form
        return render(request, "claims/evidence_edit.html", context, status=400)
    try:
        item.retract(by=request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence retracted; it stays on the record."))
    return redirect(claim)


@require_POST
@login_required
def confirm_evidence(request, pk, evidence_pk):
    item = get_evidence_for_user(request.user, pk, evidence_pk, "claims.confirm_evidence")
    claim = item.claim
    try:
        item.confirm_primary(by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” confirmed as a primary source.") % {"title": item})
    return redirect(f"{claim.get_absolute_url()}#evidence-{item.pk}")
