"""The claims list as a download: CSV streamed row by row, or an XLSX workbook."""

import csv

import tablib
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Claim, Rating, Review, count_of

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


def csv_cell(value):
    """A cell a spreadsheet will not run as a formula: claim text comes from outside."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def export_claims(claims, fmt):
    """A download of `claims` (a for_list() queryset, already filtered) in `fmt`."""
    stamp = timezone.localdate().isoformat()
    # Only the downloads pay for this count, not every page of the list.
    claims = claims.annotate(revised_reviews=count_of(Review, revised_after_reveal=True))
    if fmt == "csv":
        # Streamed: a hundred thousand rows never sit in memory at once.
        response = StreamingHttpResponse(_csv_lines(claims), content_type="text/csv; charset=utf-8")
    else:
        # A workbook is a zip written in one piece; tablib builds it in memory.
        dataset = tablib.Dataset(headers=HEADERS)
        for claim in claims.iterator(chunk_size=CHUNK_SIZE):
            dataset.append(claim_row(claim))
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.{fmt}"'
    return response


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
        return export_claims(claims, fmt)
