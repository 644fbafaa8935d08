"""The claim page's Numbers section: its forms, the proposal they start from, what it shows.

The rules are the models' (claims/models/figures.py) and the arithmetic's
(claims/arithmetic.py); this module turns them into forms and the section's context.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import arithmetic, roles
from .models import Claim, Measure, SourceFigure
from .models.figures import Direction, StatementKind, may_record_numbers
from .views.prg import failed_data

CHANGE_WORDS = re.compile(
    r"\b(grew|grow|rose|rise|risen|increased?|up|doubled|fell|fall|fallen|dropped|declined?|"
    r"decreased?|down|shrank|halved)\b",
    re.I,
)
DOWN_WORDS = re.compile(
    r"\b(fell|fall|fallen|dropped|declined?|decreased?|down|shrank|halved)\b", re.I
)


def _tidy(value):
    """35 for a stored 35.0000, 44.6 for 44.600000: a number as the reviewer typed it."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _checked_unit(unit):
    try:
        arithmetic.parse_unit(unit)
    except arithmetic.UnitProblem as problem:
        raise forms.ValidationError(str(problem)) from None
    return unit.strip()


class MeasureForm(forms.ModelForm):
    prefix = "measure"  # the claim page has other forms with a value and a unit

    class Meta:
        model = Measure
        fields = Measure.STRUCTURE_FIELDS
        widgets = {"kind": forms.RadioSelect, "direction": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = StatementKind.choices  # no blank radio button
        self.fields["direction"].choices = [("", _("Not a change"))] + list(Direction.choices)
        self.fields["direction"].required = False
        if self.instance.pk:
            self.initial["value"] = _tidy(self.instance.value)

    def clean_unit(self):
        return _checked_unit(self.cleaned_data["unit"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == StatementKind.CHANGE:
            if not data.get("direction"):
                self.add_error("direction", _("A change goes up or down: choose its direction."))
            for name in ("base_period", "comparison_period"):
                if not data.get(name):
                    self.add_error(name, _("A change needs both periods."))
        elif data.get("kind"):
            data["direction"] = ""
        return data


class FigureForm(forms.ModelForm):
    prefix = "figure"

    class Meta:
        model = SourceFigure
        fields = ["evidence", "series", "period", "value", "unit", "rate"]

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the claim's standing evidence; a forged id is "not one of the choices".
        evidence = self.fields["evidence"]
        evidence.queryset = claim.evidence.live().order_by("pk")
        evidence.empty_label = None
        # Drawn from the evidence the claim page has read already, not asked for again.
        evidence.choices = [(e.pk, e.title) for e in claim.evidence.all() if not e.is_retracted()]

    def clean_unit(self):
        return _checked_unit(self.cleaned_data["unit"])


class SeriesChoiceForm(forms.Form):
    prefix = "series"
    series = forms.ChoiceField(label=_("Series the verdict uses"), required=False)
    reason = forms.CharField(
        label=_("Why that series"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, series=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", _("None chosen"))] + [
            (s.name, s.label) for s in series
        ]


def proposed_structure(claim):
    """The structure read from the claim itself: a proposal the reviewer confirms or corrects."""
    words = " ".join(filter(None, (claim.statement, claim.quote)))
    is_change = bool(CHANGE_WORDS.search(words))
    kind = StatementKind.CHANGE if is_change else StatementKind.LEVEL
    initial = {
        "kind": kind,
        "value": _tidy(claim.value),
        "unit": {"percent": "%"}.get(claim.unit, claim.unit),
        "direction": (
            (Direction.DECREASE if DOWN_WORDS.search(words) else Direction.INCREASE)
            if is_change
            else ""
        ),
    }
    period = arithmetic.infer_period(
        " ".join(filter(None, (claim.period, words))), claim.article.published_on
    )
    if period:
        initial["base_period"], initial["comparison_period"] = period.for_kind(kind)
    return initial, period


def numbers_section(request, claim):
    """The Numbers section's context for the claim page, or {} for those who do not see it."""
    user = request.user
    if not may_record_numbers(claim, user):
        return {}
    measure = getattr(claim, "measure", None)
    open_for_changes = claim.can_add_evidence()
    if measure is None and not (
        open_for_changes and (claim.value is not None or claim.kind == Claim.Kind.QUANTITY)
    ):
        return {}
    proposal, period = proposed_structure(claim)
    url = claim.get_absolute_url()
    series = measure.series() if measure else []
    context = {
        "numbers": {
            "measure": measure,
            "series": series,
            "period": period,
            "open": open_for_changes,
            "proposal": proposal,
            "claimed": measure.claimed_in_words() if measure else "",
        }
    }
    if open_for_changes:
        context["numbers"]["measure_form"] = _bound(
            MeasureForm, failed_data(request, url, "measure"), instance=measure, initial=proposal
        )
        if measure:
            context["numbers"]["figure_form"] = _bound(
                FigureForm, failed_data(request, url, "figure"), claim=claim
            )
            if roles.is_editor(user):
                context["numbers"]["series_form"] = _bound(
                    SeriesChoiceForm,
                    failed_data(request, url, "series"),
                    series=series,
                    initial={"series": measure.chosen_series, "reason": measure.choice_reason},
                )
    return context


def _bound(form_class, data, **kwargs):
    if data is not None:
        kwargs.pop("initial", None)
    form = form_class(data, **kwargs)
    if data is not None:
        form.is_valid()
    return form
