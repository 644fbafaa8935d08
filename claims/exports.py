"""The claims list as a download: CSV streamed row by row, or an XLSX workbook.

Claim text, claimants and outlets come from outside (an imported page's
og:site_name becomes an outlet and a claimant), so no cell of either format may
be read by a spreadsheet as a formula: `formula_like` is the one rule.
"""

import csv
import tempfile

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .models import Claim, Rating, Review, count_of
from .pagination import bounded_count

EXPORT_FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADERS = [
    "ID",
    "Claim",
    "Claimant",
    "Kind",
    "Status",
    "Verdict",
    "Reviews",
    "Assigned reviewers",
    "Article",
    "Outlet",
    "Article date",
    "Created",
    "Updated",
    # Reviews are not exported one by one; each claim says how many were revised
    # after their reviewer could see the others (Review.revised_after_reveal).
    "Reviews revised after seeing others",
]


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def formula_like(value):
    """True for text a spreadsheet would read as a formula (or a DDE call) when opened."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell a spreadsheet will not run: formula-like text gets a leading apostrophe."""
    return "'" + value if formula_like(value) else value


def xlsx_cell(sheet, value):
    """An XLSX cell; formula-like text is stored as a string, shown as typed, never as <f>."""
    if not formula_like(value):
        return value  # a plain value: openpyxl writes it faster than a cell object
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would make "=..." a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def xlsx_max_rows():
    return getattr(settings, "FACTCHECK_XLSX_MAX_ROWS", 50_000)


def claim_row(claim):
    """One claim as exported; the verdict is left blank where the user may not see it yet.

    `claim` comes from ClaimQuerySet.for_list(), which annotates verdict_visible,
    annotated with revised_reviews by export_claims.
    """
    verdict = ""
    if claim.verdict_visible and hasattr(claim, "verdict"):
        verdict = str(Rating(claim.verdict.rating).label)
    article = claim.article
    return [
        claim.pk,
        claim.statement,
        claim.claimant_name,
        claim.get_kind_display(),
        claim.get_status_display(),
        verdict,
        claim.review_count,
        claim.assignment_count,
        article.title,
        article.outlet.name if article.outlet else "",
        article.published_on.isoformat() if article.published_on else "",
        timezone.localtime(claim.created_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(claim.updated_at).strftime("%Y-%m-%d %H:%M"),
        claim.revised_reviews,
    ]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def _csv_lines(claims):
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADERS)
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([csv_cell(value) for value in claim_row(claim)])


def _xlsx_file(claims):
    """The workbook in a temporary file, written a row at a time (openpyxl's write-only mode).

    A workbook is a zip, so it cannot be streamed as it is made; written this
    way the rows never sit in memory together, only in the file.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Claims")
    sheet.append(HEADERS)
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        sheet.append([xlsx_cell(sheet, value) for value in claim_row(claim)])
    # Not a with-block: FileResponse closes the file, and so deletes it, once sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return file


def export_claims(claims, fmt):
    """A download of `claims` (a for_list() queryset, already filtered) in `fmt`."""
    filename = f"claims-{timezone.localdate().isoformat()}.{fmt}"
    # Only the downloads pay for this count, not every page of the list.
    claims = claims.annotate(revised_reviews=count_of(Review, revised_after_reveal=True))
    if fmt == "xlsx":
        return FileResponse(
            _xlsx_file(claims),
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )
    # Streamed: a hundred thousand rows never sit in memory at once.
    response = StreamingHttpResponse(_csv_lines(claims), content_type="text/csv; charset=utf-8")
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
            claims = Claim.objects.none()
        else:
            claims = filterset.qs
        if fmt == "xlsx" and bounded_count(claims, xlsx_max_rows()) > xlsx_max_rows():
            return _too_many_for_xlsx(request)
        return export_claims(claims, fmt)
