"""Similar claims in other articles, and the editor's link between two claims of one fact."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..access import get_claim_for_user
from ..matching import claim_matches
from ..models import Claim, ClaimLink, WorkflowError
from .prg import post_only


@require_safe
@login_required
def similar(request, pk):
    """Claims in other articles whose statements are most like this one's."""
    claim = get_claim_for_user(
        request.user,
        pk,
        queryset=Claim.objects.select_related("article").with_verdict_visibility(request.user),
    )
    context = {"claim": claim, "matching": claim_matches(claim, request.user)}
    return render(request, "claims/claim_similar.html", context)


@post_only("claims:claim")
@login_required
def link(request, pk):
    """An editor records that this claim and another state the same fact."""
    claim = get_claim_for_user(request.user, pk, "claims.change_claim")
    other_id = request.POST.get("other", "")
    other = get_claim_for_user(request.user, int(other_id) if other_id.isdigit() else 0)
    try:
        ClaimLink.link(claim, other, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Linked as the same claim."))
    return redirect(claim)
