"""The claims list as CSV and XLSX: current filters, streamed, only verdicts the user may see."""

import csv
import io

import openpyxl
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Rating
from factcheck.testing import make_claim, make_user

LIST = reverse("claims:claim_list")


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_csv_streams_every_claim_with_its_verdict(client, editor, settled_claim, article):
    other = make_claim(article, "four Confucius Institutes", claimant="The minister")
    client.force_login(editor)
    response = client.get(LIST, {"_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = csv_rows(response)
    assert rows[0][:7] == ["ID", "Claim", "Claimant", "Kind", "Status", "Verdict", "Reviews"]
    by_id = {row[0]: row for row in rows[1:]}
    assert len(by_id) == 2
    assert by_id[str(settled_claim.pk)][1:9] == [
        "grew by 35% over the last two years",
        "Example Times",
        "Quantity",
        "Settled",
        "Mostly true",
        "2",
        "2",
        "Trade and ties",
    ]
    assert by_id[str(other.pk)][2:6] == ["The minister", "Other", "Draft", ""]


def test_csv_applies_the_current_filters(client, editor, settled_claim, article):
    other = make_claim(article, "four Confucius Institutes", claimant="The minister")
    client.force_login(editor)
    rows = csv_rows(client.get(LIST, {"_export": "csv", "claimant": other.claimant_id}))
    assert [row[2] for row in rows[1:]] == ["The minister"]
    rows = csv_rows(client.get(LIST, {"_export": "csv", "rating": Rating.MOSTLY_TRUE.value}))
    assert [row[0] for row in rows[1:]] == [str(settled_claim.pk)]


def test_reviewer_export_hides_verdicts_they_may_not_see(client, settled_claim, article):
    outsider = make_user("otto", "Reviewer")
    client.force_login(outsider)
    rows = csv_rows(client.get(LIST, {"_export": "csv"}))
    assert rows[1][0] == str(settled_claim.pk)
    assert rows[1][5] == ""  # settled, unpublished, and otto has not reviewed it
    # nor can the verdict be found by filtering on it
    rows = csv_rows(client.get(LIST, {"_export": "csv", "rating": Rating.MOSTLY_TRUE.value}))
    assert rows[1:] == []


def test_reviewer_who_reviewed_sees_the_verdict(client, settled_claim, reviewer):
    client.force_login(reviewer)
    rows = csv_rows(client.get(LIST, {"_export": "csv"}))
    assert rows[1][5] == "Mostly true"


def test_csv_cells_cannot_start_a_formula(client, editor, claim):
    claim.claimant.name = '=HYPERLINK("x")'  # a rename reaches the claim's copy of the name
    claim.claimant.save()
    client.force_login(editor)
    rows = csv_rows(client.get(LIST, {"_export": "csv"}))
    assert rows[1][2] == '\'=HYPERLINK("x")'


def test_xlsx_holds_the_filtered_claims(client, editor, settled_claim, article):
    make_claim(article, "four Confucius Institutes", claimant="The minister")
    client.force_login(editor)
    response = client.get(LIST, {"_export": "xlsx", "status": "settled"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("ID", "Claim", "Claimant", "Kind", "Status", "Verdict")
    assert len(rows) == 2
    assert rows[1][0] == settled_claim.pk
    assert rows[1][5] == "Mostly true"


def test_export_needs_login_and_a_role(client, claim):
    response = client.get(LIST, {"_export": "csv"})
    assert response.status_code == 302
    client.force_login(make_user("nobody"))
    assert client.get(LIST, {"_export": "csv"}).status_code == 403


def test_list_page_offers_the_downloads_with_its_filters(client, editor, claim):
    client.force_login(editor)
    text = client.get(LIST, {"status": "draft", "page": 1}).text
    assert 'href="?status=draft&amp;_export=csv"' in text
    assert 'href="?status=draft&amp;_export=xlsx"' in text


def test_csv_export_queries_do_not_grow_with_rows(client, editor, article):
    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"_export": "csv"})
            rows = csv_rows(response)
        return len(queries), len(rows)

    make_claim(article, "four Confucius Institutes")
    before, rows_before = count()
    for quote in ["The shared border", "spans over a thousand kilometers", "Kyrgyzstan"]:
        make_claim(article, quote)
    after, rows_after = count()
    assert (rows_before, rows_after) == (2, 5)
    assert before == after == 4  # session, user, permissions, rows


def test_reviewer_filtering_by_other_fields_keeps_claims_with_hidden_verdicts(
    client, settled_claim, article
):
    # Only a filter on the verdict itself may narrow to visible verdicts.
    client.force_login(make_user("otto", "Reviewer"))
    response = client.get(LIST, {"status": "settled"})
    assert [r.record.pk for r in response.context["table"].rows] == [settled_claim.pk]
