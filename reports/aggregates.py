"""Medians computed by the database where it can."""

import statistics

from django.db import connection
from django.db.models import Aggregate, DurationField


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5), the continuous median."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_duration(queryset, expression):
    """The median of `expression` over `queryset`, as a timedelta (None when empty). One query.

    SQLite has no percentile function: there the durations alone are fetched,
    still in a single query, and the median taken in Python.
    """
    if connection.vendor == "postgresql":
        return queryset.aggregate(median=Median(expression))["median"]
    values = [
        v
        for v in queryset.annotate(_duration=expression).values_list("_duration", flat=True)
        if v is not None
    ]
    return statistics.median(values) if values else None
