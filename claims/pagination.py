"""Pagination that stays cheap on a table of millions of claims.

An exact COUNT(*) reads every matching row. Here the count stops at
FACTCHECK_EXACT_COUNT_LIMIT + 1 rows: below the limit the page shows the exact
number; above it, on PostgreSQL, the planner's estimate of the matching rows
(from EXPLAIN, no rows read), shown as an estimate ("about 140,000 claims").
No page past FACTCHECK_MAX_LIST_PAGE is served, so no request makes the
database skip a million rows of OFFSET: deeper than that, a filter or another
sort is the way in.

A page number past the last page, or past that cap, is a 404: the page does
not exist, and no number from a URL reaches the database as an OFFSET it
cannot hold.
"""

import json
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator

MAX_PER_PAGE = 100  # ?per_page= asks for 1 to this many rows a page


def max_page():
    """The deepest page any list serves."""
    return getattr(settings, "FACTCHECK_MAX_LIST_PAGE", 400)


def page_number(value, *, maximum=None):
    """The page number a query string asks for (missing: the first), or a 404.

    Only plain ASCII digits count: int() would also read "²", "1_000" or " 7".
    """
    if value in (None, ""):
        return 1
    maximum = max_page() if maximum is None else maximum
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= maximum:
        raise Http404(_("There is no page %(page)s of this list.") % {"page": value[:30]})
    return int(value)


def bounded_per_page(per_page):
    return max(1, min(int(per_page), MAX_PER_PAGE))


@contextmanager
def missing_page_is_404():
    """Around a table's RequestConfig: a page that does not exist is a 404.

    The paging dicts below turn off django-tables2's `silent`, which would
    quietly show the last page instead (a lazy paginator can only find it by
    reading ever deeper).
    """
    try:
        yield
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error


def configure_table(request, table, paginate):
    with missing_page_is_404():
        RequestConfig(request, paginate=paginate).configure(table)
    return table


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

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, bounded_per_page(per_page), **kwargs)

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
        return min(super().num_pages, max_page())

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number


class BoundedLazyPaginator(LazyPaginator):
    """LazyPaginator with the same bounds: 1 to MAX_PER_PAGE rows, no page past the cap."""

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, bounded_per_page(per_page), **kwargs)

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > max_page():
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
    return {"per_page": per_page, "paginator_class": EstimatedCountPaginator, "silent": False}


def uncounted_pages(per_page):
    """Paging that shows a page and whether there is a next one, without counting."""
    return {
        "per_page": per_page,
        "paginator_class": BoundedLazyPaginator,
        "look_ahead": 1,
        "silent": False,
    }
