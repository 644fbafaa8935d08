from rest_framework.pagination import CursorPagination


class NewestChangedFirst(CursorPagination):
    """Pages of records, the most recently changed first; `next` and `previous` are links.

    A cursor stays right while records change under it, where a page number would skip or
    repeat rows, and costs the same at the millionth row as at the first.
    """

    ordering = ("-updated_at", "-pk")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class NewestFirst(NewestChangedFirst):
    """Pages of records, the most recently made first."""

    ordering = ("-created_at", "-pk")
