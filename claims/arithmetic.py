"""The arithmetic of a numeric claim: units, periods, the actual figure, the gap, the proposal.

Pure functions over plain values, with no model imports, so every rule here is tested
without a database (claims/tests/test_arithmetic.py). The models (claims/models/figures.py)
hand their rows in as `Figure`s and tolerance rules as (max relative gap, rating) pairs.

Units go through pint, one registry for the project. Each currency is a dimension of its
own, so USD never turns into CNY unless the reviewer gives the rate; percent is a plain
fraction, and percentage points are a dimension of their own, so "up 3 points" never
compares with "up 3%".
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pint
from django.utils.translation import gettext as _

LEVEL = "level"
CHANGE = "change"
RANKING = "ranking"
COUNT = "count"
INCREASE = "increase"
DECREASE = "decrease"

CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "RUB",
    "JPY",
    "KGS",
    "KZT",
    "UZS",
    "TJS",
    "TMT",
)
# What people write for a unit, in the words pint knows (lower-cased keys). "pp" is a
# typographic point to pint, and "t" a tonne, so the first is taken here before pint sees it.
ALIASES = {
    "%": "percent",
    "per": "percent",
    "cent": "percent",
    "percentage": "percent",
    "pp": "percentage_point",
    "p.p.": "percentage_point",
    "points": "percentage_point",
    "point": "percentage_point",
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "yuan": "CNY",
    "rmb": "CNY",
    "som": "KGS",
    "soms": "KGS",
    "tenge": "KZT",
    "roubles": "RUB",
    "rubles": "RUB",
    "bn": "billion",
    "mn": "million",
    "mln": "million",
    "k": "thousand",
    "tonnes": "tonne",
    "tons": "tonne",
}
PLAIN = {"percent": "%", "percentage_point": " pp"}


class UnitProblem(ValueError):
    """A unit factcheck cannot read, or two units it cannot compare; the message says which."""


@functools.cache
def registry():
    """The project's one unit registry, with currencies, percentage points and scale words."""
    ureg = pint.UnitRegistry()
    ureg.define("percentage_point = [percentage_point]")
    for word, size in (("thousand", "1e3"), ("million", "1e6"), ("billion", "1e9")):
        ureg.define(f"{word} = {size}")
    ureg.define("trillion = 1e12")
    for code in CURRENCIES:
        ureg.define(f"{code} = [currency_{code}]")
    return ureg


def _token(word):
    alias = ALIASES.get(word.lower())
    if alias:
        return alias
    if word.upper() in CURRENCIES:
        return word.upper()
    return word


def _count_noun(unit):
    """A unit pint does not know but that names what is counted ("institutes", "platforms")."""
    word = unit.strip().lower()
    return word[:-1] if word.endswith("s") else word


def _pint_unit(text):
    """`text` as a product of units pint knows ("billion USD", "km/h"), or None."""
    ureg = registry()
    parsed = ureg.dimensionless
    for word in re.findall(r"%|\$|[^\s%$]+", text):
        try:
            parsed = parsed * ureg.parse_units(_token(word))
        except Exception:  # pint's parser raises several kinds on odd text; all mean "not a unit"
            return None
    return parsed


def parse_unit(unit):
    """The pint unit for `unit` (blank: a plain number), or a count noun as a plain string."""
    text = (unit or "").strip()
    if not text:
        return registry().dimensionless
    parsed = _pint_unit(text)
    if parsed is not None:
        return parsed
    if re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)?", text):
        return _count_noun(text)
    raise UnitProblem(_("“%(unit)s” is not a unit factcheck knows.") % {"unit": text})


def _currency(unit):
    for name in unit.dimensionality:
        if name.startswith("[currency_"):
            return name[len("[currency_") : -1]
    return None


def convert(value, from_unit, to_unit, rate=None):
    """`value` in `from_unit`, expressed in `to_unit`.

    `rate` is how many of the target currency one unit of the source currency is worth;
    without it, two currencies never convert. Raises UnitProblem with a message to show.
    """
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    if isinstance(source, str) or isinstance(target, str):
        if source == target:
            return Decimal(value)
        raise UnitProblem(
            _("A figure in “%(a)s” cannot be compared with a claim in “%(b)s”.")
            % {"a": from_unit, "b": to_unit}
        )
    ureg = registry()
    quantity = ureg.Quantity(float(value), source)
    have, want = _currency(source), _currency(target)
    if have and want and have != want:
        if rate is None:
            raise UnitProblem(
                _("%(a)s does not convert to %(b)s without an exchange rate: give the rate.")
                % {"a": have, "b": want}
            )
        quantity = quantity * float(rate) * ureg.parse_units(want) / ureg.parse_units(have)
    try:
        converted = quantity.to(target).magnitude
    except pint.errors.DimensionalityError:
        raise UnitProblem(
            _("A figure in “%(a)s” cannot be compared with a claim in “%(b)s”.")
            % {"a": from_unit or _("plain numbers"), "b": to_unit or _("plain numbers")}
        ) from None
    # Twelve significant digits: pint's floats carry noise past them (0.98000000000000001).
    return Decimal(format(converted, ".12g"))


def is_percent(unit):
    parsed = parse_unit(unit)
    return not isinstance(parsed, str) and parsed == registry().percent


def is_percentage_points(unit):
    parsed = parse_unit(unit)
    return not isinstance(parsed, str) and parsed == registry().percentage_point


# Periods --------------------------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
}
YEAR = r"((?:19|20)\d\d)"
SPAN = re.compile(r"(?:between|from)\s+" + YEAR + r"\s+(?:and|to|until)\s+" + YEAR, re.I)
DASHED = re.compile(YEAR + r"\s*[-\u2013/]\s*(\d\d(?:\d\d)?)\b")
SINCE = re.compile(r"\bsince\s+" + YEAR, re.I)
LAST_N = re.compile(
    r"\b(?:over|in|during|for|within)?\s*the\s+(?:last|past|previous)\s+(\w+)\s+years?\b", re.I
)
DECADE = re.compile(r"\b(?:the\s+)?(?:last|past)\s+decade\b", re.I)
LAST_YEAR = re.compile(r"\blast\s+year\b", re.I)
THIS_YEAR = re.compile(r"\bthis\s+year\b", re.I)
IN_YEAR = re.compile(r"\b(?:in|during|for|of)\s+" + YEAR + r"\b", re.I)
BARE_YEAR = re.compile(r"\b" + YEAR + r"\b")


@dataclass(frozen=True)
class Period:
    """Years a claim speaks of: from `start` to `end` (equal for a single year)."""

    start: int
    end: int
    surface: str  # the words it was read from

    def for_kind(self, kind):
        """(base period, comparison period) as the measure stores them."""
        if kind == CHANGE:
            base = self.start - 1 if self.start == self.end else self.start
            return str(base), str(self.end)
        return "", str(self.end)


def _count(word):
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())


def infer_period(text, published_on=None):
    """The years `text` speaks of, read against the date it was published, or None.

    "over the last two years" in an article of May 2023 is 2021 to 2023; "since 2019" runs
    to the article's year; "last year" is the year before it. A proposal only: the reviewer
    confirms or corrects it.
    """
    text = text or ""
    year = published_on.year if published_on else None
    if match := SPAN.search(text):
        return Period(int(match[1]), int(match[2]), match[0])
    if match := DASHED.search(text):
        end = match[2]
        end = int(match[1][:2] + end) if len(end) == 2 else int(end)
        if end > int(match[1]):
            return Period(int(match[1]), end, match[0])
    if match := SINCE.search(text):
        # Since when is read; until when is the article's date, without which it is unknown.
        return Period(int(match[1]), year, match[0]) if year else None
    if year and (match := LAST_N.search(text)):
        count = _count(match[1])
        if count:
            return Period(year - count, year, match[0].strip())
    if year and (match := DECADE.search(text)):
        return Period(year - 10, year, match[0])
    if year and (match := LAST_YEAR.search(text)):
        return Period(year - 1, year - 1, match[0])
    if year and (match := THIS_YEAR.search(text)):
        return Period(year, year, match[0])
    if match := IN_YEAR.search(text) or BARE_YEAR.search(text):
        return Period(int(match[1]), int(match[1]), match[0])
    return None


# The computation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    period: str
    rate: Decimal | None = None  # the claim's currency per unit of this figure's, if they differ


@dataclass(frozen=True)
class Outcome:
    """One series' answer to the claim: the actual figure, its gap, or the problem."""

    actual: Decimal | None = None
    unit: str = ""
    gap: Decimal | None = None  # actual minus claimed, in the claim's unit
    relative_gap: Decimal | None = None  # |gap| / |claimed|, in percent
    base: Figure | None = None
    comparison: Figure | None = None
    problem: str = ""

    @property
    def ok(self):
        return not self.problem


def _pick(figures, period):
    return next((f for f in figures if f.period == period), None)


def _in_unit(figure, unit):
    return convert(figure.value, figure.unit, unit, figure.rate)


def _signed(value, direction):
    value = Decimal(value)
    return -abs(value) if direction == DECREASE else value


def compute(*, kind, value, unit, figures, direction="", base_period="", comparison_period=""):
    """The actual figure one series gives for a claim, and its gap to the claimed value."""
    if value is None:
        return Outcome(problem=_("The claim has no value to compare."))
    figures = list(figures)
    try:
        if kind == CHANGE:
            return _change(Decimal(value), unit, figures, direction, base_period, comparison_period)
        return _level(Decimal(value), unit, figures, comparison_period)
    except UnitProblem as problem:
        return Outcome(problem=str(problem))
    except (InvalidOperation, ArithmeticError):
        return Outcome(problem=_("These figures cannot be computed: check their values."))


def _level(claimed, unit, figures, period):
    figure = (
        _pick(figures, period) if period else max(figures, key=lambda f: f.period, default=None)
    )
    if figure is None:
        return Outcome(problem=_("No figure for %(period)s yet.") % {"period": period or "-"})
    actual = _in_unit(figure, unit)
    return _with_gap(actual, unit, claimed, comparison=figure)


def _change(claimed, unit, figures, direction, base_period, comparison_period):
    if not (base_period and comparison_period):
        return Outcome(problem=_("Give the base and comparison periods of the change."))
    base, comparison = _pick(figures, base_period), _pick(figures, comparison_period)
    missing = [p for p, f in ((base_period, base), (comparison_period, comparison)) if f is None]
    if missing:
        return Outcome(problem=_("No figure for %(period)s yet.") % {"period": ", ".join(missing)})
    start = Decimal(base.value)
    end = _in_unit(comparison, base.unit) if comparison.unit != base.unit else comparison.value
    end = Decimal(end)
    if is_percent(unit):
        if start == 0:
            return Outcome(problem=_("The base figure is zero: a relative change has no meaning."))
        actual = (end - start) / abs(start) * 100
    elif is_percentage_points(unit):
        if not is_percent(base.unit):
            raise UnitProblem(_("A change in percentage points needs figures given in percent."))
        actual = end - start
    else:
        actual = _in_unit(Figure(end - start, base.unit, "", base.rate), unit)
    return _with_gap(actual, unit, _signed(claimed, direction), base=base, comparison=comparison)


def _with_gap(actual, unit, claimed, **figures):
    gap = actual - claimed
    relative = abs(gap) / abs(claimed) * 100 if claimed else None
    return Outcome(actual=actual, unit=unit, gap=gap, relative_gap=relative, **figures)


def propose_rating(relative_gap, rules):
    """The rating of the first rule whose limit the gap stays within, or None.

    `rules` are (max relative gap in percent, rating) pairs; a limit of None catches
    every gap beyond the others.
    """
    if relative_gap is None:
        return None
    ordered = sorted(rules, key=lambda r: (r[0] is None, r[0] or 0))
    for limit, rating in ordered:
        if limit is None or relative_gap <= limit:
            return rating
    return None


# Plain words ----------------------------------------------------------------------------


def plain_number(value, places=1):
    """A figure as readers read it: 28.4, 1,250, 3.1."""
    rounded = round(Decimal(value), places)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    digits = f"{rounded:,.{places}f}"
    return digits.rstrip("0") if "." in digits else digits


def plain(value, unit, *, signed=False, places=1):
    """`value` with its unit: "+35%", "2.4 billion USD", "-1.5 pp"."""
    text = plain_number(value, places)
    if signed and Decimal(value) > 0:
        text = "+" + text
    unit = (unit or "").strip()
    if not unit:
        return text
    key = _token(unit) if " " not in unit else unit
    if key in PLAIN:
        return text + PLAIN[key]
    return f"{text} {unit}"
