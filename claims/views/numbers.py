"""The claim page's Numbers section: the structure confirmed, source figures added and
removed, the series the verdict uses. POST only; each goes back to the claim page.

The rules (who, until when) are the models' (claims/models/figures.py); a form that
fails is shown again on the claim page with its errors (prg.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import roles
from ..access import MAX_ID, get_claim_for_user
from ..models import Claim, Measure, WorkflowError
from ..models.figures import may_record_numbers
from ..numbers import FigureForm, MeasureForm, SeriesChoiceForm
from .prg import forget_failed, keep_failed, post_only

back_to_claim = post_only("claims:claim")
ANCHOR = "#numbers-heading"


def _claim(request, pk):
    """The claim, if the user may record its numbers (its reviewers and editors)."""
    queryset = Claim.objects.select_related("article", "measure").prefetch_related("assignments")
    claim = get_claim_for_user(request.user, pk, "claims.add_evidence", queryset=queryset)
    if not may_record_numbers(claim, request.user):
        raise PermissionDenied
    return claim


def _measure(claim):
    measure = getattr(claim, "measure", None)
    if measure is None:
        raise Http404(_("This claim's structure is not recorded yet."))
    measure.claim = claim
    return measure


def _done(request, claim, name, change, message):
    """Make `change`, saying what came of it, and go back to the Numbers section."""
    forget_failed(request, claim.get_absolute_url(), name)
    try:
        change()
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect(claim.get_absolute_url() + ANCHOR)


@back_to_claim
@login_required
def record_measure(request, pk):
    claim = _claim(request, pk)
    measure = getattr(claim, "measure", None)
    form = MeasureForm(request.POST, instance=measure)
    if not form.is_valid():
        return keep_failed(request, claim.get_absolute_url(), "measure")
    fields = {name: form.cleaned_data[name] for name in Measure.STRUCTURE_FIELDS}
    return _done(
        request,
        claim,
        "measure",
        lambda: Measure.record(claim, by=request.user, **fields),
        _("The claim's structure is confirmed."),
    )


@back_to_claim
@login_required
def add_figure(request, pk):
    claim = _claim(request, pk)
    measure = _measure(claim)
    form = FigureForm(request.POST, claim=claim)
    if not form.is_valid():
        return keep_failed(request, claim.get_absolute_url(), "figure")
    data = form.cleaned_data
    return _done(
        request,
        claim,
        "figure",
        lambda: measure.add_figure(by=request.user, **data),
        _("Figure added."),
    )


@back_to_claim
@login_required
def remove_figure(request, pk, figure_pk):
    claim = _claim(request, pk)
    measure = _measure(claim)
    if not 0 < figure_pk <= MAX_ID:
        raise Http404(_("No such figure."))
    figure = measure.figures.filter(pk=figure_pk).first()
    if figure is None:
        raise Http404(_("No such figure."))
    return _done(
        request,
        claim,
        "remove_figure",
        lambda: measure.remove_figure(figure, by=request.user),
        _("Figure removed."),
    )


@back_to_claim
@login_required
def choose_series(request, pk):
    claim = _claim(request, pk)
    # Before the form is read, the rule Measure.choose_series asks: editors only.
    roles.require_editor(request.user)
    measure = _measure(claim)
    form = SeriesChoiceForm(request.POST, series=measure.series())
    if not form.is_valid():
        return keep_failed(request, claim.get_absolute_url(), "series")
    data = form.cleaned_data
    return _done(
        request,
        claim,
        "series",
        lambda: measure.choose_series(
            by=request.user, series=data["series"], reason=data["reason"]
        ),
        _("The verdict's series is recorded."),
    )
