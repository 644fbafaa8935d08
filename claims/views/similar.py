"""Similar claims in other articles, and the editor's link between two claims of one fact."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..matching import claim_matches
from ..models import Claim, ClaimLink, WorkflowError


@require_safe
@login_required
def similar(request, pk):
    """Claims in other articles whose statements are most like this one's."""
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    context = {"claim": claim, "matching": claim_matches(claim, request.user)}
    return render(request, "claims/claim_similar.html", context)


@require_POST
@login_required
def link(request, pk):
    """An editor records that this claim and another state the same fact."""
    if not request.user.has_perm("claims.change_claim"):
        raise PermissionDenied
    claim = get_object_or_404(Claim, pk=pk)
    other_id = request.POST.get("other", "")
    other = get_object_or_404(Claim, pk=int(other_id) if other_id.isdigit() else 0)
    try:
        ClaimLink.link(claim, other, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Linked as the same claim."))
    return redirect(claim)
