"""The claims list as CSV and XLSX: current filters, streamed, only verdicts the user may see."""

import csv
import datetime
import io
import threading
import time

import openpyxl
import pytest
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import exports
from claims.exports import headers
from claims.models import Claim, Rating
from factcheck.testing import make_claim, make_user

LIST = reverse("claims:claim_list")


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def by_heading(rows):
    """{claim id: {heading: cell}} for the data rows of a download."""
    return {str(row[0]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_csv_streams_every_claim_with_its_verdict(client, editor, settled_claim, article):
    other = make_claim(article, "four Confucius Institutes", claimant="The minister")
    settled_claim.add_tags(["trade", "Customs"], by=editor)
    client.force_login(editor)
    response = client.get(LIST, {"_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = csv_rows(response)
    assert rows[0] == headers()
    by_id = by_heading(rows)
    assert len(by_id) == 2
    settled = by_id[str(settled_claim.pk)]
    assert settled | {"Created": "", "Updated": ""} == {
        "ID": str(settled_claim.pk),
        "Claim": "grew by 35% over the last two years",
        "Claimant": "Example Times",
        "Quote": "grew by 35% over the last two years",
        "Kind": "Quantity",
        "Status": "Settled",
        "Verdict": "Mostly true",
        "Verdict summary": "Customs data bear the figure out.",
        "Reviews": "2",
        "Assigned reviewers": "Rita; Ravi",
        "Article": "Trade and ties",
        "Article URL": "",
        "Outlet": "Example Times",
        "Article date": "",
        "Public fact-check": "",  # settled, not published
        "Created": "",
        "Updated": "",
        "Reviews revised after seeing others": "0",
        "Tags": "Customs; trade",
        "Verdict holds as of": Claim.objects.get(pk=settled_claim.pk).verdict.as_of.isoformat(),
        "How the article reported it": "",  # the article's own claim: one question
    }
    created = timezone.localtime(Claim.objects.get(pk=settled_claim.pk).created_at)
    assert settled["Created"] == f"{created:%Y-%m-%d %H:%M}"
    assert [by_id[str(other.pk)][h] for h in ("Claimant", "Kind", "Status", "Verdict")] == [
        "The minister",
        "Other",
        "Draft",
        "",
    ]
    assert by_id[str(other.pk)]["Assigned reviewers"] == ""


def test_published_claims_carry_their_links(client, editor, published_claim, settings):
    settings.ALLOWED_HOSTS = ["testserver", "factcheck.example.org"]
    client.force_login(editor)
    (row,) = by_heading(csv_rows(client.get(LIST, {"_export": "csv"}))).values()
    public = reverse("public:factcheck", args=[published_claim.pk])
    assert row["Public fact-check"] == f"http://testserver{public}"
    assert row["Article URL"] == "https://times.example.org/trade-and-ties"
    assert row["Article date"] == "2026-03-14"
    response = client.get(LIST, {"_export": "csv"}, secure=True, HTTP_HOST="factcheck.example.org")
    (row,) = by_heading(csv_rows(response)).values()
    assert row["Public fact-check"] == f"https://factcheck.example.org{public}"


def test_reviewers_are_named_by_display_name(client, editor, claim, reviewer):
    named = make_user("tk", "Reviewer", first_name="Tamara", last_name="Kuznetsova")
    claim.assign([named, reviewer], by=editor)
    client.force_login(editor)
    (row,) = by_heading(csv_rows(client.get(LIST, {"_export": "csv"}))).values()
    assert row["Assigned reviewers"] == "Tamara Kuznetsova; Rita"


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
    row = by_heading(rows)[str(settled_claim.pk)]
    # settled, unpublished, and otto has not reviewed it
    assert (row["Verdict"], row["Verdict summary"]) == ("", "")
    # nor can the verdict be found by filtering on it
    rows = csv_rows(client.get(LIST, {"_export": "csv", "rating": Rating.MOSTLY_TRUE.value}))
    assert rows[1:] == []


def test_reviewer_who_reviewed_sees_the_verdict(client, settled_claim, reviewer):
    client.force_login(reviewer)
    row = by_heading(csv_rows(client.get(LIST, {"_export": "csv"})))[str(settled_claim.pk)]
    assert (row["Verdict"], row["Verdict summary"]) == (
        "Mostly true",
        "Customs data bear the figure out.",
    )


def test_csv_cells_cannot_start_a_formula(client, editor, claim):
    claim.claimant.name = '=HYPERLINK("x")'  # a rename reaches the claim's copy of the name
    claim.claimant.save()
    client.force_login(editor)
    rows = csv_rows(client.get(LIST, {"_export": "csv"}))
    assert rows[1][2] == '\'=HYPERLINK("x")'


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_xlsx_holds_the_filtered_claims(client, editor, published_claim, article):
    make_claim(article, "four Confucius Institutes", claimant="The minister")
    client.force_login(editor)
    response = client.get(LIST, {"_export": "xlsx", "status": "published"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = xlsx_sheet(response)
    assert sheet.title == "Claims"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers()
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["ID"] == published_claim.pk
    assert (row["Verdict"], row["Assigned reviewers"]) == ("Mostly true", "Rita; Ravi")
    assert row["Public fact-check"].endswith(f"/factchecks/{published_claim.pk}/")


def test_xlsx_dates_are_date_cells_in_the_sites_time_zone(
    client, editor, published_claim, settings
):
    settings.TIME_ZONE = "Asia/Bishkek"  # UTC+6, no daylight saving
    client.force_login(editor)
    sheet = xlsx_sheet(client.get(LIST, {"_export": "xlsx"}))
    column = {cell.value: cell.column for cell in sheet[1]}
    created = sheet.cell(row=2, column=column["Created"])
    stored = Claim.objects.get(pk=published_claim.pk).created_at
    local = stored.astimezone(datetime.timezone(datetime.timedelta(hours=6)))
    assert created.is_date
    assert created.number_format == "yyyy-mm-dd hh:mm"
    assert created.value == local.replace(tzinfo=None, microsecond=created.value.microsecond)
    published_on = sheet.cell(row=2, column=column["Article date"])
    assert published_on.is_date
    assert published_on.number_format == "yyyy-mm-dd"
    assert published_on.value.date() == datetime.date(2026, 3, 14)
    widths = {
        h: sheet.column_dimensions[cell.column_letter].width
        for h, cell in ((c.value, c) for c in sheet[1])
    }
    assert widths["Claim"] == 60
    assert widths["ID"] == 8
    assert sheet.freeze_panes == "A2"


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


def test_csv_export_queries_do_not_grow_with_rows(client, editor, reviewer, article):
    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"_export": "csv"})
            rows = csv_rows(response)
        return len(queries), len(rows)

    make_claim(article, "four Confucius Institutes").assign([reviewer], by=editor)
    before, rows_before = count()
    for quote in ["The shared border", "spans over a thousand kilometers", "Kyrgyzstan"]:
        make_claim(article, quote).assign([reviewer], by=editor)
    after, rows_after = count()
    assert (rows_before, rows_after) == (2, 5)
    # session, user, permissions, the assigned reviewers' names, then the rows with their
    # assigned reviewers in one query (streamed on PostgreSQL)
    assert before == after == 5


def test_the_assigned_reviewers_come_in_the_rows_own_query(
    client, editor, reviewer, reviewer2, article, monkeypatch
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for quote in ["four Confucius Institutes", "The shared border", "Kyrgyzstan"]:
        claim = make_claim(article, quote)
        claim.assign([reviewer2], by=editor)
        claim.assign([reviewer], by=editor)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(client.get(LIST, {"_export": "csv"}))
    # In the order they were assigned, whatever the chunks.
    assert [row[headers().index("Assigned reviewers")] for row in rows[1:]] == ["Ravi; Rita"] * 3
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "claims_assignment"')]
    assert reads == []


def test_reviewer_filtering_by_other_fields_keeps_claims_with_hidden_verdicts(
    client, settled_claim, article
):
    # Only a filter on the verdict itself may narrow to visible verdicts.
    client.force_login(make_user("otto", "Reviewer"))
    response = client.get(LIST, {"status": "settled"})
    assert [r.record.pk for r in response.context["table"].rows] == [settled_claim.pk]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_with_a_filter_that_does_not_hold_is_empty_not_an_error(
    client, editor, claim, fmt
):
    client.force_login(editor)
    response = client.get(LIST, {"article": "0", "_export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert csv_rows(response) == [headers()]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [headers()]


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rows are read ahead on PostgreSQL only"
)
QUOTES = ["four Confucius Institutes", "The shared border", "Kyrgyzstan", "grew by 35%", "Trade"]


def listed(user):
    return Claim.objects.for_list(user).order_by("-updated_at", "-pk")


def readers_alive():
    return [t for t in threading.enumerate() if t.name == "export-read-ahead"]


def backends():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def wait_for_backends(expected):
    """The backends of this database once a closed connection's has exited (it can lag)."""
    for _ in range(50):
        if (count := backends()) == expected:
            return count
        time.sleep(0.1)
    return count


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_rows_are_read_ahead_on_a_connection_of_their_own(
    editor, reviewer, article, monkeypatch
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for quote in QUOTES:
        make_claim(article, quote).assign([reviewer], by=editor)
    threads = []
    chunks = exports._chunks

    def watched(claims, using):
        threads.append(threading.current_thread().name)
        yield from chunks(claims, using)

    monkeypatch.setattr(exports, "_chunks", watched)
    before = backends()
    ahead = list(exports.export_rows(listed(editor)))
    with transaction.atomic():
        inline = list(exports.export_rows(listed(editor)))
    assert threads == ["export-read-ahead", threading.current_thread().name]
    assert ahead == inline
    # Streamed, each value is what the queryset itself gives.
    streamed = [row for chunk in exports._chunks(listed(editor), "default") for row in chunk]
    assert streamed == list(exports._row_values(listed(editor)))
    assert [row["pk"] for row in ahead] == list(listed(editor).values_list("pk", flat=True))
    assert {row["reviewers"] for row in ahead} == {"Rita"}
    assert readers_alive() == []
    assert wait_for_backends(before) == before  # the reader closed its connection


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_download_stopped_early_stops_its_reader(editor, article, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    monkeypatch.setattr(exports, "READ_AHEAD", 1)
    for quote in QUOTES:
        make_claim(article, quote)
    before = backends()
    rows = exports.export_rows(listed(editor))
    assert next(rows)["pk"]
    rows.close()  # the client went away
    assert readers_alive() == []
    assert wait_for_backends(before) == before


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_readers_error_is_raised_where_the_rows_are_written(editor, article, monkeypatch):
    make_claim(article, QUOTES[0])
    chunks = exports._chunks

    def failing(claims, using):
        yield from chunks(claims, using)
        raise RuntimeError("the replica went away")

    monkeypatch.setattr(exports, "_chunks", failing)
    rows = exports.export_rows(listed(editor))
    assert next(rows)["statement"]
    with pytest.raises(RuntimeError, match="the replica went away"):
        next(rows)
    assert readers_alive() == []
