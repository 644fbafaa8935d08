"""Evidence on a claim: corrected, retracted, confirmed by an editor as a primary source,
archived (a snapshot asked for again, the stored copy downloaded).

Adding evidence is one of the claim's moves (moves.py). The rules of who may
change an item, and until when, are the item's own (claims/models/evidence.py).
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..access import get_evidence_for_user, get_snapshot_for_user
from ..forms import EvidenceForm, RetractEvidenceForm
from ..models import WorkflowError
from ..models.evidence import CORRECTABLE_FIELDS
from .prg import failed_data, forget_failed, keep_failed, post_only

back_to_claim = post_only("claims:claim")


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
    # A retraction that failed is shown again here, where its form lives (prg.py).
    retract_form = RetractEvidenceForm(failed_data(request, request.path, "retract"))
    if retract_form.is_bound:
        retract_form.is_valid()
    context = {"claim": claim, "item": item, "form": form, "retract_form": retract_form}
    return render(request, "claims/evidence_edit.html", context, status=status)


@back_to_claim
@login_required
def retract_evidence(request, pk, evidence_pk):
    claim, item = _get_evidence(request, pk, evidence_pk)
    form = RetractEvidenceForm(request.POST)
    page = reverse("claims:correct_evidence", args=[claim.pk, item.pk])
    if not form.is_valid():
        return keep_failed(request, page, "retract")
    forget_failed(request, page, "retract")
    try:
        item.retract(by=request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence retracted; it stays on the record."))
    return redirect(claim)


@back_to_claim
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


@back_to_claim
@login_required
def archive_evidence(request, pk, evidence_pk):
    claim, item = _get_evidence(request, pk, evidence_pk)
    try:
        item.archive(by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” is queued to be archived; this page shows when it is.")
            % {"title": item},
        )
    return redirect(f"{claim.get_absolute_url()}#evidence-{item.pk}")


# An archived page is someone else's HTML: served from our origin as a page, its scripts
# would run as ours. So it is only ever downloaded, sandboxed and never sniffed.
STORED_COPY_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


@require_safe
@login_required
def stored_copy(request, pk, evidence_pk, snapshot_pk):
    """The bytes a snapshot stored, as a download, for whoever may see the item."""
    snapshot = get_snapshot_for_user(request.user, pk, evidence_pk, snapshot_pk)
    try:
        stored = snapshot.copy.open("rb")
    except FileNotFoundError:
        raise Http404("The stored copy is missing.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=snapshot.copy_filename(),
        content_type=snapshot.content_type or "application/octet-stream",
    )
    for name, value in STORED_COPY_HEADERS.items():
        response[name] = value
    return response
