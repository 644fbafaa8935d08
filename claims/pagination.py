"""Pagination that stays cheap on a table of millions of claims.

An exact COUNT(*) reads every matching row. Here the count stops at
FACTCHECK_EXACT_COUNT_LIMIT + 1 rows: below the limit the page shows the exact
number; above it, on PostgreSQL, the planner's estimate of the matching rows
(from EXPLAIN, no rows read), shown as an estimate ("about 140,000 claims").
No page past FACTCHECK_MAX_LIST_PAGE is served, so no request makes the
database skip a million rows of OFFSET: deeper than that, a filter or another
sort is the way in.
"""

import json

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator


def bounded_count(queryset, limit):
    """The number of matching rows, counted no further than limit + 1."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def planner_estimate(queryset):
    """PostgreSQL's estimate of the rows `queryset` matches, or None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a none() queryset, e.g. for invalid filters
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    count_is_estimate = False  # the planner's estimate, past the limit
    count_is_lower_bound = False  # "more than": past the limit, with no estimate to give
    max_per_page = 100  # ?per_page= asks for 1 to this many rows a page

    def __init__(self, object_list, per_page, **kwargs):
        per_page = max(1, min(int(per_page), self.max_per_page))
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def limit(self):
        return getattr(settings, "FACTCHECK_EXACT_COUNT_LIMIT", 1000)

    @cached_property
    def count(self):
        """Exact up to the limit; past it the planner's estimate, or the limit itself."""
        # django-tables2 hands over its rows; the queryset is underneath.
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        if not hasattr(queryset, "db"):
            return super().count
        count = bounded_count(queryset, self.limit)
        if count <= self.limit:
            return count
        estimate = planner_estimate(queryset)
        if estimate is None:
            self.count_is_lower_bound = True
            return self.limit
        self.count_is_estimate = True
        return max(estimate, self.limit + 1)

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return min(pages, getattr(settings, "FACTCHECK_MAX_LIST_PAGE", 400))

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number


class PagedQuerysetData(TableQuerysetData):
    """A table's queryset that fetches a page in two steps inside one query.

    A page deep in a list makes the database skip thousands of rows, and with
    the rows' annotations (review counts, verdict visibility) in the same
    SELECT it would compute them for every skipped row too. Here the page's
    keys are found first, by filter and sort alone, and only those rows get
    their annotations and joins: `WHERE id IN (SELECT id ... LIMIT n OFFSET m)`.
    The sort always ends with the key, in the direction of its last column, so
    pages never overlap and an index on (column, id) serves it.
    """

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.data.filter(pk__in=self.data.values("pk")[key])
        return super().__getitem__(key)

    def order_by(self, aliases):
        super().order_by(aliases)
        ordering = self.data.query.order_by
        last = ordering[-1] if ordering else None
        if isinstance(last, str) and last.lstrip("-") not in ("pk", "id"):
            self.data = self.data.order_by(*ordering, "-pk" if last[0] == "-" else "pk")


def counted_pages(per_page):
    """django-tables2 paging for a list that shows its count (exact, or estimated at scale)."""
    return {"per_page": per_page, "paginator_class": EstimatedCountPaginator}


def uncounted_pages(per_page):
    """Paging that shows a page and whether there is a next one, without counting."""
    return {"per_page": per_page, "paginator_class": LazyPaginator, "look_ahead": 1}
