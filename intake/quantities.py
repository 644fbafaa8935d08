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
MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
MONTH_BEFORE = re.compile(MONTHS + r"\s+(?:the\s+)?$")
# "12 February", "3rd of March": a day of the month, not a count.
MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTHS + r"\b")
YEAR_ONLY = re.compile(r"^(1[89]|20)\d\d$")
# Currencies quantulum3 does not know; it reads "45 million som" as a bare 45000000.
CURRENCY_AFTER = re.compile(r"^\s+(som|soms|tenge)\b", re.IGNORECASE)
CURRENCY_CODES = {"som": "KGS", "soms": "KGS", "tenge": "KZT"}


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    period: str
    surface: str


def _periods(text):
    match = PERIOD.search(text)
    return match.group(1) if match else ""


def _is_date(before, after):
    """Whether the number between the texts `before` (lower case) and `after` is a day of the month.

    "May 18", "on 12 February", "3 March 2025" (whose year is a bare year, skipped anyway).
    """
    return bool(MONTH_BEFORE.search(before) or MONTH_AFTER.match(after.lower()))


def parse_quantity(text):
    """The sentence's main quantity, or None.

    Durations and bare years describe the period, not the quantity, and days of
    the month are dates, so the first other quantity wins; a sentence whose only
    numbers are dates has no quantity.
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
        after = text[quantity.span[1] :]
        if unit == "dimensionless" and (before.endswith("the ") or _is_date(before, after)):
            continue  # "the two countries" names them, it does not count them; "May 18" is a date
        try:
            value = Decimal(str(quantity.value)).normalize()
        except InvalidOperation:
            continue
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
        unit = UNIT_NAMES.get(unit, unit)
        currency = CURRENCY_AFTER.match(after) if not unit else None
        if currency:
            unit = CURRENCY_CODES[currency.group(1).lower()]
        usable.append(Quantity(value, unit[:50], period[:100], surface))
    # A quantity with a unit (35%, 1000 km) says more than a bare count ("the two countries").
    with_unit = [q for q in usable if q.unit]
    return (with_unit or usable or [None])[0]
