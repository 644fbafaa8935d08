"""Reading the main quantity of a sentence: value, unit and period.

quantulum3 does the parsing; it works offline with the unit list it ships (its
optional classifier, which needs extra packages, is not used).
"""

import functools
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@functools.cache
def _parser():
    # Loaded on first use: quantulum3 reads its unit tables then, which takes seconds.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    return parser


UNIT_NAMES = {
    "percentage": "percent",
    "kilometre": "km",
    "metre": "m",
    "dollar": "USD",
    "united states dollar": "USD",
    "euro": "EUR",
    "tonne": "t",
    "dimensionless": "",
}
TIME_UNITS = {"year", "month", "week", "day", "decade", "century", "hour"}
PERIOD = re.compile(
    r"\b(?:over|in|during|for|within)\s+(the\s+(?:last|past|next|first)\s+[\w-]+(?:\s+[\w-]+)?"
    r"|\d{4}(?:\s*[-\u2013]\s*\d{2,4})?)",
    re.IGNORECASE,
)
MONTH_BEFORE = re.compile(
    r"(january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+$"
)
YEAR_ONLY = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    period: str
    surface: str


def _periods(text):
    match = PERIOD.search(text)
    return match.group(1) if match else ""


def parse_quantity(text):
    """The sentence's main quantity, or None.

    Durations and bare years describe the period, not the quantity, so the first
    other quantity wins; a sentence whose only number is a year has no quantity.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = _parser().parse(text)
        except Exception:  # a parser failure must not stop an import
            return None
    period = _periods(text)
    usable = []
    for quantity in found:
        unit = quantity.unit.name
        surface = quantity.surface
        if unit in TIME_UNITS or (unit == "dimensionless" and YEAR_ONLY.match(surface)):
            continue
        if period and surface in period:
            continue
        before = text[: quantity.span[0]].lower()
        if unit == "dimensionless" and (before.endswith("the ") or MONTH_BEFORE.search(before)):
            continue  # "the two countries" names them, it does not count them; "May 18" is a date
        try:
            value = Decimal(str(quantity.value)).normalize()
        except InvalidOperation:
            continue
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
        usable.append(Quantity(value, UNIT_NAMES.get(unit, unit)[:50], period[:100], surface))
    # A quantity with a unit (35%, 1000 km) says more than a bare count ("the two countries").
    with_unit = [q for q in usable if q.unit]
    return (with_unit or usable or [None])[0]
