"""The claims list as a download: CSV streamed row by row, or an XLSX workbook.

Claim text, claimants and outlets come from outside (an imported page's
og:site_name becomes an outlet and a claimant), so no cell of either format may
be read by a spreadsheet as a formula: `formula_like` is the one rule.
"""

import contextlib
import csv
import datetime
import functools
import io
import itertools
import queue
import tempfile
import threading

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import CharField, F, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Assignment, Claim, RatingLevel, Review, count_of
from .models.reporting import Reporting
from .pagination import bounded_count
from .roles import display_name

EXPORT_FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (heading, width of the XLSX column in characters)
COLUMNS = [
    (gettext_lazy("ID"), 8),
    (gettext_lazy("Claim"), 60),
    (gettext_lazy("Claimant"), 24),
    (gettext_lazy("Quote"), 60),
    (gettext_lazy("Kind"), 12),
    (gettext_lazy("Status"), 12),
    (gettext_lazy("Verdict"), 14),
    (gettext_lazy("Verdict summary"), 60),
    (gettext_lazy("Reviews"), 9),
    (gettext_lazy("Assigned reviewers"), 30),
    (gettext_lazy("Article"), 40),
    (gettext_lazy("Article URL"), 40),
    (gettext_lazy("Outlet"), 20),
    (gettext_lazy("Article date"), 12),
    (gettext_lazy("Public fact-check"), 40),
    (gettext_lazy("Created"), 17),
    (gettext_lazy("Updated"), 17),
    # Reviews are not exported one by one; each claim says how many were revised
    # after their reviewer could see the others (Review.revised_after_reveal).
    (gettext_lazy("Reviews revised after seeing others"), 14),
    # The desk's tags (internal), from for_list()'s tag_list: no query of their own.
    (gettext_lazy("Tags"), 30),
    # The verdict's day (Verdict.as_of) and, for a reported claim, the answer on how the
    # article reported it (claims.models.reporting); blank where the verdict is.
    (gettext_lazy("Verdict holds as of"), 12),
    (gettext_lazy("How the article reported it"), 24),
]
SHEET_TITLE = gettext_lazy("Claims")
REVIEWER_SEPARATOR = "; "
# Dates as a spreadsheet shows them; the CSV writes the same in text, as ISO 8601
# (2026-12-02, 2026-12-02 09:30): isoformat() writes it ten times faster than strftime().
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers():
    return [str(heading) for heading, _width in COLUMNS]


def formula_like(value):
    """True for text a spreadsheet would read as a formula (or a DDE call) when opened."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value, tz=None):
    """A CSV cell a spreadsheet will not run: formula-like text gets a leading apostrophe.

    Times are written in the site's time zone (`tz`, else the current one), as
    the pages show them.
    """
    if value.__class__ is str:  # most cells: checked first
        return "'" + value if formula_like(value) else value
    if isinstance(value, datetime.datetime):
        local = value.astimezone(tz or timezone.get_current_timezone())
        return local.isoformat(" ", "minutes")[:16]  # YYYY-MM-DD HH:MM, no offset
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "'" + value if formula_like(value) else value


def csv_cells(values, tz):
    """csv_cell for each of a row's values: the same cells, the text and numbers
    that most are written without a call each (a hundred thousand rows are two
    million cells)."""
    return [
        value
        if value.__class__ is int
        else ("'" + value if value.startswith(FORMULA_STARTS) else value)
        if value.__class__ is str
        else csv_cell(value, tz)
        for value in values
    ]


def xlsx_cell(sheet, value):
    """An XLSX cell; formula-like text is stored as a string, shown as typed, never as <f>.

    Dates and times are real date cells with a number format. A workbook has no
    time zones: a time is written as the site's local time, as the pages show it.
    """
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if not formula_like(value):
        return value  # a plain value: openpyxl writes it faster than a cell object
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would make "=..." a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def xlsx_max_rows():
    return getattr(settings, "FACTCHECK_XLSX_MAX_ROWS", 50_000)


@functools.cache
def _labels(choices, language):
    return {value: str(label) for value, label in choices.choices}


PK_MARK = 918273645  # stands for a claim's number in the public page's address


class Download:
    """What every row of one download shares, worked out once rather than per row:
    the labels in the request's language, the rating scale (read only where a
    verdict is shown), the time zone, and the public pages' address."""

    def __init__(self, site):
        language = translation.get_language()
        self.kinds = _labels(Claim.Kind, language)
        self.statuses = _labels(Claim.Status, language)
        self.reportings = _labels(Reporting, language)
        self.tz = timezone.get_current_timezone()
        # The address with the mark in place of the number, split around it.
        head, tail = reverse("public:factcheck", args=[PK_MARK]).split(str(PK_MARK))
        self.public = (site + head, tail)

    @functools.cached_property
    def scale(self):
        return RatingLevel.objects.scale()

    def public_url(self, pk):
        head, tail = self.public
        return f"{head}{pk}{tail}"

    def row(self, claim):
        """One claim as exported; the verdict is left blank where the user may not see it yet.

        `claim` is a row of export_rows(): a dict of plain values, no model
        instances, so a hundred thousand rows cost what their values cost.
        """
        rating = summary = as_of = reporting = ""
        if claim["verdict_visible"] and claim["verdict_pk"] is not None:
            rating = self.scale.label(claim["rating"])
            summary = claim["summary"]
            as_of = claim["as_of"]
            if claim["reporting"] is not None:
                reporting = self.reportings[claim["reporting"]]
        return [
            claim["pk"],
            claim["statement"],
            claim["claimant_name"],
            claim["quote"],
            self.kinds[claim["kind"]],
            self.statuses[claim["status"]],
            rating,
            summary,
            claim["review_count"],
            claim["reviewers"],
            claim["title"],
            claim["url"],
            claim["outlet"] or "",
            claim["published_on"] or "",
            self.public_url(claim["pk"]) if claim["has_public_page"] else "",
            claim["created_at"],
            claim["updated_at"],
            claim["revised_reviews"],
            REVIEWER_SEPARATOR.join(name for _pk, name in Claim.parse_tag_list(claim["tag_list"])),
            as_of,
            reporting,
        ]


# What a row of the export reads, beyond the claim's own fields, and from where.
ROW_VALUES = {
    "verdict_pk": F("verdict__pk"),
    "rating": F("verdict__rating"),
    "summary": F("verdict__summary"),
    "as_of": F("verdict__as_of"),
    "reporting": F("verdict__reporting"),
    "title": F("article__title"),
    "url": F("article__url"),
    "outlet": F("article__outlet__name"),
    "published_on": F("article__published_on"),
}
ROW_FIELDS = (
    *("pk", "statement", "claimant_name", "quote", "kind", "status", "created_at", "updated_at"),
    *("review_count", "tag_list", "verdict_visible", "revised_reviews", "has_public_page"),
)


def export_rows(claims):
    """`claims` (a for_list() queryset, already filtered) as dicts of what Download.row reads.

    Plain values, no model instances, in one query: each claim's assigned
    reviewers come in it as their ids, in the order they were assigned, and are
    named as the pages name them (the names read once, before).

    On PostgreSQL, outside a transaction, the rows are read ahead on a
    connection of the export's own: the database works out the next chunk of
    rows while the one before is being written.
    """
    using = claims.db  # chosen once, here: the reader's thread has no say of its own
    claims = claims.using(using)
    names = {
        str(user.pk): display_name(user)
        for user in get_user_model().objects.filter(pk__in=Assignment.objects.values("reviewer"))
    }
    if connections[using].vendor == "postgresql" and not connections[using].in_atomic_block:
        chunks = _read_ahead(_chunks, claims, using)
    else:
        chunks = _chunks(claims, using)
    for chunk in chunks:
        for row in chunk:
            joined = row.pop("assigned")
            row["reviewers"] = (
                REVIEWER_SEPARATOR.join(
                    names[each.rsplit(" ", 1)[1]] for each in sorted(joined.split(","))
                )
                if joined
                else ""
            )
            yield row


def _row_values(claims):
    """`claims` as the values of export rows."""
    # "<assigned_at> <pk, padded> <reviewer>" per assignment: sorted as text, in the
    # order they were assigned (SQLite's group_concat takes no ORDER BY).
    assignment = Concat(
        Cast("assigned_at", CharField()),
        Value(" "),
        LPad(Cast("pk", CharField()), 20, Value("0")),
        Value(" "),
        Cast("reviewer_id", CharField()),
    )
    assigned = (
        Assignment.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(joined=StringAgg(assignment, delimiter=Value(",")))
        .values("joined")[:1]
    )
    return (
        claims.annotate(
            revised_reviews=count_of(Review, revised_after_reveal=True),
            assigned=Subquery(assigned),
        )
        .with_public_page()
        .values(*ROW_FIELDS, "assigned", **ROW_VALUES)
    )


def _chunks(claims, using):
    """Lists of export rows, in the order of `claims`, CHUNK_SIZE to a list. One query.

    On PostgreSQL the query is streamed (psycopg's stream(), chunked rows): the
    database works the rows out one after the other without waiting to be asked
    for the next ones, as a cursor's FETCH would have it wait. Elsewhere the
    rows are read a chunk at a time through the queryset's iterator.
    """
    rows = _row_values(claims)
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield from itertools.batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE)
        return
    query = rows.query
    # Each column's name, as values() names them (django.db.models.query.ValuesIterable).
    names = (
        list(query.selected)
        if query.selected
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    compiler = query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter no claim can match (queryset.none()): no query at all
        return
    with connection.cursor() as cursor, connection.wrap_database_errors:
        logged = getattr(cursor, "debug_sql", None)  # where queries are logged (DEBUG, tests)
        with logged(sql, params) if logged else contextlib.nullcontext():
            streamed = _execute(connection, cursor, sql, params)
            for batch in itertools.batched(streamed, CHUNK_SIZE):
                # Each value as the queryset would give it (its fields' converters).
                yield [
                    dict(zip(names, row, strict=True))
                    for row in compiler.results_iter(results=[batch])
                ]


def _execute(connection, cursor, sql, params):
    """cursor's psycopg stream() of sql, through the connection's execute wrappers,
    as Django's own cursor runs a query through them (connection.execute_wrapper())."""

    def stream(sql, params, many, context):
        return cursor.cursor.stream(sql, params, size=CHUNK_SIZE)

    for wrapper in reversed(connection.execute_wrappers):
        stream = functools.partial(wrapper, stream)
    return stream(sql, params, False, {"connection": connection, "cursor": cursor})


READ_AHEAD = 2  # chunks read while the one before is written
DONE = object()


def _read_ahead(chunks, claims, using):
    """chunks(claims, using), read in a thread of its own, a few chunks ahead.

    The thread has its own connection (Django's are per thread); it closes the
    connection when it is done, and stops after its current chunk when the
    download does (a client that goes away).
    """
    ready = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()

    def read():
        try:
            for chunk in chunks(claims, using):
                ready.put(chunk)
                if stop.is_set():
                    return
            ready.put(DONE)
        except Exception as error:  # raised again where the rows are written
            ready.put(error)
        finally:
            connections[using].close()

    reader = threading.Thread(target=read, name="export-read-ahead", daemon=True)
    reader.start()
    try:
        while (chunk := ready.get()) is not DONE:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk
    finally:
        stop.set()
        while reader.is_alive():  # let a reader waiting to hand over a chunk finish
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.1)
        reader.join()


LINES_PER_PIECE = 200  # rows of CSV sent in one piece of the streamed response


def _csv_lines(claims, site):
    """The CSV a piece at a time: a few hundred rows per write, not one, so the
    server is not asked to send a hundred thousand small writes."""
    piece = io.StringIO()
    writer = csv.writer(piece)
    download = Download(site)
    tz = download.tz
    writer.writerow(headers())
    yield _take(piece)  # the headings at once: the download starts
    for number, claim in enumerate(export_rows(claims), start=1):
        writer.writerow(csv_cells(download.row(claim), tz))
        if number % LINES_PER_PIECE == 0:
            yield _take(piece)
    yield _take(piece)


def _take(piece):
    text = piece.getvalue()
    piece.seek(0)
    piece.truncate()
    return text


def _xlsx_file(claims, site):
    """The workbook in a temporary file, written a row at a time (openpyxl's write-only mode).

    A workbook is a zip, so it cannot be streamed as it is made; written this
    way the rows never sit in memory together, only in the file.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(SHEET_TITLE))
    for number, (_heading, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"  # the headings stay in view
    sheet.append([_heading_cell(sheet, heading) for heading in headers()])
    download = Download(site)
    for claim in export_rows(claims):
        sheet.append([xlsx_cell(sheet, value) for value in download.row(claim)])
    # Not a with-block: FileResponse closes the file, and so deletes it, once sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return file


def _heading_cell(sheet, heading):
    cell = WriteOnlyCell(sheet, value=heading)
    cell.font = Font(bold=True)
    return cell


def export_claims(claims, fmt, site):
    """A download of `claims` (a for_list() queryset, already filtered) in `fmt`.

    `site` is the scheme and host of the public fact-check pages' addresses.
    The rows come from export_rows(): one query, read a chunk at a time.
    """
    filename = f"claims-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            _xlsx_file(claims, site),
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )
    # Streamed: a hundred thousand rows never sit in memory at once.
    response = StreamingHttpResponse(
        _csv_lines(claims, site), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _too_many_for_xlsx(request):
    """Back to the list with its filters, saying why, and that the CSV download has no cap."""
    limit = xlsx_max_rows()
    messages.error(
        request,
        _(
            "The XLSX download holds at most %(limit)s claims and this list has more. "
            "Download it as CSV (no limit), or narrow the filters."
        )
        % {"limit": f"{limit:,}"},
    )
    query = request.GET.copy()
    query.pop(ClaimExportMixin.export_param, None)
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


class ClaimExportMixin:
    """?_export=csv or ?_export=xlsx downloads the filtered list instead of showing a page."""

    export_param = "_export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get(self.export_param)
        if fmt not in EXPORT_FORMATS:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid() and self.get_strict():
            claims = filterset.queryset.none()  # the list's own query, for its columns
        else:
            claims = filterset.qs
        if fmt == "xlsx" and bounded_count(claims, xlsx_max_rows()) > xlsx_max_rows():
            return _too_many_for_xlsx(request)
        return export_claims(claims, fmt, site=request.build_absolute_uri("/").rstrip("/"))
