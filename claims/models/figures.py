"""A numeric claim's structure, the figures its sources give, and the desk's tolerance rules.

A Measure says what the claim measures and how (a level, a change, a ranking, a count),
with the claimed value, its unit and, for a change, its direction and the two periods. The
reviewers assigned to the claim and the editors record SourceFigures from the claim's
evidence, in series ("China customs", "Kyrgyz statistics committee"); each series gets its
actual figure, its gap to the claim and a rating proposed by the desk's ToleranceRules
(claims/arithmetic.py does the arithmetic). The proposal settles nothing: the reviewer
rates blind beside it and the editor settles the verdict, recording which series it uses.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import arithmetic, roles
from ..decorators import alters_data
from ..validators import is_web_url
from .errors import WorkflowError
from .ratings import RatingLevel

NUMBERS_CLOSED = _("The verdict is published: its numbers can no longer change.")
NOT_YOURS = _("Only the claim's reviewers and editors record its numbers.")


class StatementKind(models.TextChoices):
    LEVEL = arithmetic.LEVEL, _("A level (how much, at one time)")
    CHANGE = arithmetic.CHANGE, _("A change between two periods")
    RANKING = arithmetic.RANKING, _("A ranking (a place in an order)")
    COUNT = arithmetic.COUNT, _("A count (how many)")


class Direction(models.TextChoices):
    INCREASE = arithmetic.INCREASE, _("Increase")
    DECREASE = arithmetic.DECREASE, _("Decrease")


def may_record_numbers(claim, user):
    """Whether `user` may record `claim`'s numbers: its assigned reviewers and editors."""
    if roles.is_editor(user):
        return True
    return any(a.reviewer_id == user.pk for a in claim.assignments.all())


def _require_open(claim, user):
    if not may_record_numbers(claim, user):
        raise PermissionDenied(NOT_YOURS)
    if not claim.can_add_evidence():
        raise WorkflowError(NUMBERS_CLOSED)


def _lock_claim(claim):
    """Lock the claim's row, and read its state again, for a change to its numbers."""
    locked = type(claim).objects.select_for_update().get(pk=claim.pk)
    claim.status = locked.status
    return claim


class Measure(models.Model):
    """What a numeric claim states, as the reviewer confirmed it."""

    STRUCTURE_FIELDS = (
        "measured",
        "kind",
        "value",
        "unit",
        "direction",
        "base_period",
        "comparison_period",
    )

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="measure")
    measured = models.CharField(
        _("what is measured"),
        max_length=200,
        help_text=_("For example “trade turnover, China and Central Asia”."),
    )
    kind = models.CharField(_("kind of statement"), max_length=10, choices=StatementKind)
    value = models.DecimalField(_("claimed value"), max_digits=24, decimal_places=6)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("“%” for a relative change, “pp” for percentage points, “billion USD”…"),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, blank=True)
    base_period = models.CharField(
        _("base period"), max_length=20, blank=True, help_text=_("For a change: from, e.g. 2021.")
    )
    comparison_period = models.CharField(
        _("comparison period"),
        max_length=20,
        blank=True,
        help_text=_("For a change: to, e.g. 2023; for a level, the period it holds for."),
    )
    # Set by the editor when settling: the series the verdict rests on, and why.
    chosen_series = models.CharField(_("series the verdict uses"), max_length=100, blank=True)
    choice_reason = models.TextField(_("why that series"), max_length=2000, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values), name="measure_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=arithmetic.CHANGE) | ~Q(direction=""),
                name="measure_change_has_direction",
            ),
        ]

    def __str__(self):
        return f"Claim {self.claim_id}: {self.measured}"

    @classmethod
    @alters_data
    def record(cls, claim, *, by, **structure):
        """Confirm or correct `claim`'s structure (Measure.STRUCTURE_FIELDS)."""
        _require_open(claim, by)
        with transaction.atomic():
            _lock_claim(claim)
            _require_open(claim, by)
            values = {name: structure[name] for name in cls.STRUCTURE_FIELDS}
            values.update(confirmed_by=by, confirmed_at=timezone.now())
            measure, _created = cls.objects.select_for_update().update_or_create(
                claim=claim, defaults=values
            )
        return measure

    @alters_data
    def choose_series(self, *, by, series, reason):
        """The editor's record of which series the verdict uses, and why."""
        roles.require_editor(by)
        with transaction.atomic():
            _lock_claim(self.claim)
            if not self.claim.can_add_evidence():
                raise WorkflowError(NUMBERS_CLOSED)
            if series and series not in {s.name for s in self.series()}:
                raise WorkflowError(_("No series of that name has figures here."))
            self.chosen_series, self.choice_reason = series, reason
            self.save(update_fields=["chosen_series", "choice_reason"])

    @alters_data
    def add_figure(self, *, by, evidence, period, value, unit="", series="", rate=None):
        """Record a figure the claim's `evidence` gives."""
        claim = self.claim
        _require_open(claim, by)
        with transaction.atomic():
            _lock_claim(claim)
            _require_open(claim, by)
            if evidence.claim_id != claim.pk or evidence.is_retracted():
                raise WorkflowError(_("A figure must come from this claim's standing evidence."))
            if self.figures.filter(series=series, period=period).exists():
                raise WorkflowError(
                    _("This series already has a figure for %(period)s: remove it first.")
                    % {"period": period}
                )
            return SourceFigure.objects.create(
                measure=self,
                evidence=evidence,
                series=series,
                period=period,
                value=value,
                unit=unit,
                rate=rate,
                entered_by=by,
            )

    @alters_data
    def remove_figure(self, figure, *, by):
        _require_open(self.claim, by)
        with transaction.atomic():
            _lock_claim(self.claim)
            _require_open(self.claim, by)
            SourceFigure.objects.filter(pk=figure.pk, measure=self).delete()

    def proposed_period(self):
        """The periods read from the claim's words and its article's date (a proposal)."""
        claim = self.claim
        text = " ".join(filter(None, (claim.period, claim.statement, claim.quote)))
        return arithmetic.infer_period(text, claim.article.published_on)

    def series(self, rules=None):
        """Each series of figures with its computed figure, gap and proposed rating."""
        by_name: dict[str, list[SourceFigure]] = {}
        for figure in self.figures.all():
            by_name.setdefault(figure.series, []).append(figure)
        rules = ToleranceRule.objects.as_pairs() if rules is None and by_name else rules
        return [self._series(name, rows, rules) for name, rows in by_name.items()]

    def _series(self, name, rows, rules):
        outcome = arithmetic.compute(
            kind=self.kind,
            value=self.value,
            unit=self.unit,
            figures=[row.as_figure() for row in rows],
            direction=self.direction,
            base_period=self.base_period,
            comparison_period=self.comparison_period,
        )
        proposal = arithmetic.propose_rating(outcome.relative_gap, rules.get(self.kind, ()))
        proposal = None if proposal is None else RatingLevel.objects.scale().get(proposal)
        return Series(name, rows, outcome, proposal, *_in_words(self, outcome))

    def claimed_in_words(self):
        """The claim as the public page states it: "+35% (2021-2023)"."""
        signed = self.value
        if self.direction == Direction.DECREASE:
            signed = -abs(self.value)
        text = arithmetic.plain(signed, self.unit, signed=self.kind == arithmetic.CHANGE)
        if self.kind == arithmetic.CHANGE and self.base_period and self.comparison_period:
            return f"{text} ({self.base_period}\u2013{self.comparison_period})"
        if self.comparison_period:
            return f"{text} ({self.comparison_period})"
        return text


@dataclass
class Series:
    """One series' figures and what they say of the claim, in plain words too."""

    name: str
    figures: list = field(default_factory=list)
    outcome: arithmetic.Outcome | None = None
    proposal: RatingLevel | None = None
    actual_text: str = ""  # "+40.1%"
    gap_text: str = ""  # "+5.1%, 14.6% of the claimed value"

    @property
    def label(self):
        return self.name or _("Source figures")


def _in_words(measure, outcome):
    """(actual figure, gap) in plain words, or blanks when the series has a problem."""
    if not outcome.ok:
        return "", ""
    is_change = measure.kind == arithmetic.CHANGE
    actual = arithmetic.plain(outcome.actual, measure.unit, signed=is_change)
    # Two percentages differ by percentage points: +29.8% against +35% is 5.2 points short.
    gap_unit = "pp" if arithmetic.is_percent(measure.unit) else measure.unit
    gap = arithmetic.plain(outcome.gap, gap_unit, signed=True)
    if outcome.relative_gap is not None:
        gap = _("%(gap)s, %(relative)s%% of the claimed value") % {
            "gap": gap,
            "relative": arithmetic.plain_number(outcome.relative_gap),
        }
    return actual, gap


class SourceFigure(models.Model):
    """A figure a source gives for one period, in a named series."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="figures")
    evidence = models.ForeignKey(
        "claims.Evidence",
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("from the evidence"),
    )
    series = models.CharField(
        _("series"),
        max_length=100,
        blank=True,
        help_text=_("Whose figures: “China customs”, “Kyrgyz statistics committee”."),
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2021."))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    rate = models.DecimalField(
        _("exchange rate"),
        max_digits=24,
        decimal_places=10,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0000000001"))],
        help_text=_("Only for another currency: how much of the claim's currency one unit is."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["series", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "series", "period"], name="figure_one_per_series_period"
            ),
        ]

    def __str__(self):
        return f"{self.series or 'figures'} {self.period}: {self.value} {self.unit}"

    def as_figure(self):
        return arithmetic.Figure(self.value, self.unit, self.period, self.rate)

    def in_words(self):
        return arithmetic.plain(self.value, self.unit, places=2)


class ToleranceRuleQuerySet(models.QuerySet):
    def as_pairs(self):
        """{kind: [(max relative gap, rating)]}, the shape arithmetic.propose_rating reads."""
        pairs: dict[str, list[tuple[Decimal | None, int]]] = {}
        for kind, limit, rating in self.values_list("kind", "max_relative_gap", "rating"):
            pairs.setdefault(kind, []).append((limit, rating))
        return pairs


class ToleranceRule(models.Model):
    """The desk's rule: a gap within `max_relative_gap` percent proposes `rating`.

    Per kind of statement; a rule with no limit takes every gap beyond the others.
    """

    kind = models.CharField(_("kind of statement"), max_length=10, choices=StatementKind)
    max_relative_gap = models.DecimalField(
        _("largest gap, % of the claimed value"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Blank: every gap beyond the other rules of this kind."),
    )
    # A level of the desk's rating scale (claims.models.ratings), by its id: the scale is data,
    # so the admin's form offers its levels (ToleranceRuleAdmin) rather than fixed choices.
    rating = models.IntegerField(_("proposed rating"))

    objects = ToleranceRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", models.F("max_relative_gap").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "max_relative_gap"], name="tolerance_one_per_limit"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(max_relative_gap__isnull=True),
                name="tolerance_one_beyond",
            ),
        ]

    def __str__(self):
        limit = "beyond" if self.max_relative_gap is None else f"≤ {self.max_relative_gap}%"
        rating = RatingLevel.objects.scale().label(self.rating)
        return f"{self.get_kind_display()}: {limit} → {rating}"


def arithmetic_record(claim):
    """The arithmetic as the public page shows it, kept with each publication, or {}."""
    measure = getattr(claim, "measure", None)
    if measure is None:
        return {}
    series = []
    for each in measure.series():
        sources: dict[int, dict[str, str]] = {}
        for f in each.figures:
            url = f.evidence.url if is_web_url(f.evidence.url) else ""
            sources.setdefault(f.evidence_id, {"title": f.evidence.title, "url": url})
        series.append(
            {
                "name": str(each.label),
                "figures": [{"period": f.period, "value": f.in_words()} for f in each.figures],
                "actual": each.actual_text,
                "problem": each.outcome.problem,
                "sources": list(sources.values()),
            }
        )
    return {
        "measured": measure.measured,
        "claimed": measure.claimed_in_words(),
        "series": series,
        "chosen_series": measure.chosen_series,
        "choice_reason": measure.choice_reason,
    }
