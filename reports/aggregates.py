"""Medians of durations counted in whole hours.

The report tables keep durations as whole hours (rounded down), so that a
median over any filter is a walk over a few hundred (hours, count) rows. The
live figures count the same way, so both give the same number: the median of
the whole hours, the mean of the middle two for an even count.
"""

import datetime
from collections import Counter

HOUR = datetime.timedelta(hours=1)


def whole_hours(durations):
    """{hours: count} of the durations, each rounded down to whole hours; None values left out."""
    return Counter(d // HOUR for d in durations if d is not None)


def histogram_median(counts):
    """The median of a {value: count} histogram (or its items), as a timedelta of hours."""
    items = sorted(counts.items() if hasattr(counts, "items") else counts)
    total = sum(n for _value, n in items)
    if not total:
        return None
    wanted = {(total - 1) // 2, total // 2}
    found, seen = [], 0
    for value, n in items:
        found += [value for index in sorted(wanted) if seen <= index < seen + n]
        seen += n
    return sum(found, 0) / len(found) * HOUR
