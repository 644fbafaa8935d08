"""A claimant's page: their claims and verdict record; editors merge duplicates from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..access import get_claimant_for_user
from ..forms import ClaimantMergeForm
from ..models import RatingLevel
from ..pagination import configure_table, counted_pages
from ..tables import ClaimTable
from .prg import failed_data, forget_failed, keep_failed, post_only


def render_claimant_page(request, claimant, merge_form=None, status=200):
    user = request.user
    claims = claimant.claims.worked_on()
    table = ClaimTable(claims.for_list(user).order_by("-updated_at", "-pk"), orderable=False)
    configure_table(request, table, counted_pages(25))
    counts = claims.verdict_counts(user)
    if merge_form is None and user.has_perm("claims.merge_claimant"):
        merge_form = ClaimantMergeForm(claimant=claimant)
    context = {
        "claimant": claimant,
        "table": table,
        "record": [
            (level, counts.get(level.pk, 0))
            for level in RatingLevel.objects.scale()
            if not level.retired or counts.get(level.pk)
        ],
        "verdicts": sum(counts.values()),
        "merge_form": merge_form,
        "merges": list(claimant.merges.select_related("merged_by")),
    }
    return render(request, "claims/claimant_detail.html", context, status=status)


@require_safe
@login_required
def claimant_detail(request, pk):
    claimant = get_claimant_for_user(request.user, pk)
    merge_form = None
    data = failed_data(request, claimant.get_absolute_url(), "merge")
    if data is not None and request.user.has_perm("claims.merge_claimant"):
        merge_form = ClaimantMergeForm(data, claimant=claimant)
        merge_form.is_valid()
    return render_claimant_page(request, claimant, merge_form=merge_form)


@post_only("claims:claimant")
@login_required
def claimant_merge(request, pk):
    claimant = get_claimant_for_user(request.user, pk, "claims.merge_claimant")
    form = ClaimantMergeForm(request.POST, claimant=claimant)
    url = claimant.get_absolute_url()
    if not form.is_valid():
        return keep_failed(request, url, "merge")
    forget_failed(request, url, "merge")
    target = claimant.merge_into(form.cleaned_data["into"], by=request.user)
    messages.success(
        request,
        _("%(old)s was merged into %(new)s.") % {"old": claimant.name, "new": target.name},
    )
    return redirect(target)
