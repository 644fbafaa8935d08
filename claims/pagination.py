"""Pagination that stays cheap on a table of millions of claims.

An exact COUNT(*) reads every matching row. The count here stops at
FACTCHECK_EXACT_COUNT_LIMIT + 1 rows, in the same single query the paginator
always ran: below the limit the page shows the exact number, above it "more
than 10,000", with the table's size from the planner's statistics
(pg_class.reltuples) for scale. Pages past the limit are not served, so no
request makes the database skip a million rows of OFFSET: deeper than that,
a filter or another sort is the way in.
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.functional import cached_property


def bounded_count(queryset, limit):
    """(matching rows up to limit + 1, estimated rows in the whole table or None)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.order_by()[: limit + 1].count(), None
    try:
        sql, params = queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
    except EmptyResultSet:  # a none() queryset, e.g. for invalid filters
        return 0, None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({sql}) AS page), "  # noqa: S608 - ORM-built SQL
            "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)",
            [*params, queryset.model._meta.db_table],
        )
        count, table_rows = cursor.fetchone()
    return count, table_rows if table_rows and table_rows > 0 else None


class EstimatedCountPaginator(Paginator):
    count_is_estimate = False
    table_estimate = None

    @cached_property
    def limit(self):
        return getattr(settings, "FACTCHECK_EXACT_COUNT_LIMIT", 10_000)

    @cached_property
    def count(self):
        # django-tables2 hands over its rows; the queryset is underneath.
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        if not hasattr(queryset, "db"):
            return super().count
        count, self.table_estimate = bounded_count(queryset, self.limit)
        if count > self.limit:
            self.count_is_estimate = True
            return self.limit
        return count

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return min(pages, getattr(settings, "FACTCHECK_MAX_LIST_PAGE", 400))

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number
