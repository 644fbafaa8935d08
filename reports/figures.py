"""Figures as the reports show them, rounded here once for the pages and the downloads alike.

A download carries the number the page prints (0.3, not 0.29999999999999993;
67 per cent, not 0.6666666666666666), so the two never disagree.
"""

ALPHA_DIGITS = 3
DAYS_DIGITS = 1


def alpha(value):
    """Krippendorff's alpha to three decimals; None where there is none."""
    return None if value is None else round(value, ALPHA_DIGITS)


def percent(part, whole):
    """`part` of `whole` in whole per cent; None where `whole` is nothing."""
    return round(100 * part / whole) if whole else None


def days(delta):
    """A timedelta in days, to one decimal; None where there is none."""
    return None if delta is None else round(delta.total_seconds() / 86400, DAYS_DIGITS)
