"""Uploads and links imported through the job queue by the real worker, and the batch page
that follows them."""

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims.access import MAX_ID
from claims.models import Article
from factcheck.testing import make_user, restore_role_groups
from intake.models import ImportBatch, ImportItem

from .test_import import HTML, TEXT
from .worker import run_the_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows

IMPORT = reverse("intake:import")
PAGE = (
    "<!doctype html><html><head><title>{title}</title>{head}</head><body><article>"
    "<h1>{title}</h1><p>{text} The ministry said exports grew by 12% in 2024, and "
    "officials expect more trade once the new customs posts are fully staffed.</p>"
    "<p>The shared border spans over a thousand kilometers and crosses high mountain "
    "passes that close for several months every winter.</p></article></body></html>"
)
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


def page(title, text="", head=""):
    return PAGE.format(title=title, text=text, head=head).encode()


@pytest.fixture(autouse=True)
def _groups():
    restore_role_groups()  # a transactional test's flush takes them away


@pytest.fixture
def edna(client):
    user = make_user("edna", "Editor")
    client.force_login(user)
    return user


def upload(client, *files, links=(), **extra):
    data = {"files": list(files), "links": "\n".join(links), **extra}
    return client.post(IMPORT, data)


def status(client, batch):
    response = client.get(reverse("intake:batch_status", args=[batch.pk]))
    assert response.status_code == 200
    return response.json()


def only_item():
    return ImportItem.objects.select_related("article").get()


def test_an_uploaded_file_is_imported_by_the_worker(client, edna):
    response = upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 303
    assert response.url == f"/intake/import/{batch.pk}/"
    assert not Article.objects.exists()  # nothing imported inside the request
    page_text = client.get(response.url).text
    assert "Queued" in page_text
    assert "0 imported, 0 already present, 0 refused, 0 failed, 1 still to do." in page_text
    assert "refresh it" in page_text
    assert status(client, batch)["done"] is False

    run_the_worker()

    state = status(client, batch)
    assert state["done"] is True
    assert [row["status"] for row in state["items"]] == ["imported"]
    assert state["summary"] == "1 imported, 0 already present, 0 refused, 0 failed."
    article = Article.objects.get()
    assert article.title == "Trade up a third"
    assert article.claims.candidates().count() >= 2
    item = only_item()
    assert (item.article, item.candidate_count) == (article, article.claims.count())
    assert item.data is None  # the bytes go once imported
    assert item.started_at <= item.finished_at
    page_text = client.get(response.url).text
    assert article.get_absolute_url() in page_text
    assert "refresh it" not in page_text
    assert "import_status.js" not in page_text  # nothing left to follow


def test_a_job_run_again_leaves_a_finished_item_alone(client, edna):
    from intake.tasks import import_item

    upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    run_the_worker()
    item = only_item()
    import_item.enqueue(item.pk)
    run_the_worker()
    again = only_item()
    assert (again.status, again.finished_at, again.attempts) == (
        "imported",
        item.finished_at,
        1,
    )
    assert Article.objects.count() == 1


def test_the_same_text_again_is_already_present(client, edna):
    upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    run_the_worker()
    upload(client, SimpleUploadedFile("again.txt", TEXT.encode()))
    run_the_worker()
    later = ImportItem.objects.get(name="again.txt")
    assert later.status == "present"
    assert later.article == Article.objects.get()
    text = client.get(later.batch.get_absolute_url()).text
    assert "0 imported, 1 already present, 0 refused, 0 failed." in text
    assert "Already present as" in text


def test_a_file_without_article_text_is_refused_in_readings_words(client, edna):
    nav = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    upload(client, SimpleUploadedFile("nav.html", nav))
    run_the_worker()
    item = only_item()
    assert (item.status, item.reason) == ("refused", "no article text could be found in the HTML")
    text = client.get(item.batch.get_absolute_url()).text
    assert "Refused: no article text could be found in the HTML." in text


def test_a_link_is_imported_keeping_its_address_after_redirects(client, edna, page_server):
    page_server.routes["/old"] = (301, {"Location": "/news/ports"}, b"")
    page_server.routes["/news/ports"] = (200, HTML_TYPE, HTML.encode())
    response = upload(client, links=[page_server.url("/old")])
    assert response.status_code == 303
    run_the_worker()
    item = only_item()
    assert item.status == "imported", item.reason
    article = item.article
    assert article.url == page_server.url("/news/ports")  # the final address
    assert "two new border ports" in article.body
    assert article.claims.candidates().exists()
    assert page_server.requests == ["/old", "/news/ports"]


def test_a_page_that_names_its_canonical_address_is_kept_at_it(client, edna, page_server):
    canonical = '<link rel="canonical" href="https://ledger.example.org/ports">'
    page_server.routes["/a"] = (200, HTML_TYPE, page("Ports open", head=canonical))
    upload(client, links=[page_server.url("/a?utm_source=mail")])
    run_the_worker()
    assert only_item().article.url == "https://ledger.example.org/ports"


def test_a_page_at_an_address_already_imported_is_present(client, edna, page_server):
    canonical = '<link rel="canonical" href="https://ledger.example.org/ports/">'
    page_server.routes["/a"] = (200, HTML_TYPE, page("Ports open", "First version."))
    page_server.routes["/b"] = (200, HTML_TYPE, page("Ports open", "Edited.", head=canonical))
    first = Article.objects.create(
        title="Ports open", body="Older text.", url="HTTPS://Ledger.example.org/ports"
    )
    upload(client, links=[page_server.url("/b")])  # the same page, as its canonical says
    run_the_worker()
    item = only_item()
    assert (item.status, item.article) == ("present", first)

    upload(client, links=[page_server.url("/a")])
    run_the_worker()
    imported = ImportItem.objects.get(url=page_server.url("/a"))
    assert imported.status == "imported"
    upload(client, links=[page_server.url("/a#top")])  # its final address again
    run_the_worker()
    again = ImportItem.objects.get(url=page_server.url("/a#top"))
    assert (again.status, again.article) == ("present", imported.article)
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ((404, {"Content-Type": "text/html"}, b"<p>gone</p>"), "the page answered 404 Not Found"),
        (
            (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
            "the page is application/pdf, not HTML or plain text",
        ),
        (
            (200, {"Content-Type": "text/plain"}, "Café\nbody".encode("latin-1")),
            "the page is not valid UTF-8 text (bad byte at position 3)",
        ),
    ],
)
def test_a_link_that_is_no_article_is_refused_with_why(client, edna, page_server, route, reason):
    page_server.routes["/x"] = route
    upload(client, links=[page_server.url("/x")])
    run_the_worker()
    item = only_item()
    assert (item.status, item.reason) == ("refused", reason)


def test_a_page_is_read_in_the_charset_its_answer_names(client, edna, page_server):
    text = "Café news\nThe café on the square grew its trade by 35% in 2024, its owner said.\n"
    headers = {"Content-Type": "text/plain; charset=ISO-8859-1"}
    page_server.routes["/cafe"] = (200, headers, text.encode("latin-1"))
    upload(client, links=[page_server.url("/cafe")])
    run_the_worker()
    article = only_item().article
    assert article.title == "Café news"
    assert article.url == page_server.url("/cafe")


def test_a_link_to_a_private_address_by_name_is_refused_with_the_guards_words(
    client, edna, page_server, settings
):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    page_server.routes["/"] = (200, HTML_TYPE, page("Inside"))
    upload(client, links=[page_server.url("/", host="localhost")])
    run_the_worker()
    item = only_item()
    assert item.status == "refused"
    assert item.reason.startswith("localhost resolves to ")
    assert item.reason.endswith("which factcheck does not fetch from")
    assert page_server.requests == []
    text = client.get(item.batch.get_absolute_url()).text
    assert f"Refused: {item.reason}." in text


def test_a_server_that_never_answers_is_retried_then_shown_failed(client, edna, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = ["127.0.0.0/8"]
    settings.FACTCHECK_FETCH_TIMEOUT = 1
    settings.FACTCHECK_JOB_RETRY_SECONDS = 0
    settings.FACTCHECK_JOB_ATTEMPTS = 2
    with socket.socket() as silent:  # takes connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/story"
        upload(client, links=[url])
        run_the_worker()
    item = only_item()
    assert item.status == "failed"
    assert item.attempts == 2
    assert "(tried 2 times)" in item.reason
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"] * 2
    text = client.get(item.batch.get_absolute_url()).text
    assert "Failed: " in text
    assert "(tried 2 times)" in text
    assert "0 imported, 0 already present, 0 refused, 1 failed." in text


def test_files_and_links_together_each_get_an_item(client, edna, page_server):
    page_server.routes["/p"] = (200, HTML_TYPE, page("A page"))
    upload(
        client,
        SimpleUploadedFile("trade.txt", TEXT.encode()),
        SimpleUploadedFile("ports.html", HTML.encode()),
        links=[page_server.url("/p")],
        outlet="The Northern Ledger",
    )
    batch = ImportBatch.objects.get()
    assert [(i.kind, i.status) for i in batch.items.order_by("pk")] == [
        ("file", "queued"),
        ("file", "queued"),
        ("link", "queued"),
    ]
    assert DBTaskResult.objects.count() == 3  # a job per item
    run_the_worker()
    assert status(client, batch)["summary"] == "3 imported, 0 already present, 0 refused, 0 failed."
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"The Northern Ledger"}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"links": "https://ok.example.org/a\njavascript:alert(1)"},
            "Line 2, “javascript:alert(1)”",
        ),
        ({"links": "ftp://files.example.org/a.txt"}, "is not a web address that starts with"),
        (
            {"files": [SimpleUploadedFile("bad.txt", b"Title\n\x00\x01 body")]},
            "bad.txt: the file is binary (it holds NUL bytes), not text.",
        ),
        (
            {"files": [SimpleUploadedFile("report.pdf", b"%PDF-1.4")]},
            "report.pdf: .pdf files are not articles factcheck can read; use .txt or .html.",
        ),
        ({}, "Choose at least one file, or give at least one link."),
        ({"links": " \n \n"}, "Choose at least one file, or give at least one link."),
        (
            {"links": "https://a.example.org/1", "url": "https://a.example.org/x"},
            "An address belongs to one article",
        ),
    ],
)
def test_a_bad_or_forged_upload_is_refused_whole_and_writes_nothing(client, edna, data, error):
    response = client.post(IMPORT, data)
    assert response.status_code == 400
    assert error in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not ImportBatch.objects.exists()
    assert not ImportItem.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_one_bad_file_among_good_ones_stops_the_upload_naming_it(client, edna):
    good = SimpleUploadedFile("good.txt", TEXT.encode())
    bad = SimpleUploadedFile("bad.txt", b"\xff\xfe\x00")
    response = upload(client, good, bad)
    assert response.status_code == 400
    assert "bad.txt: the file is binary" in response.text
    assert not ImportItem.objects.exists()


def test_another_editors_batch_and_unknown_ids_are_not_found(client, edna):
    upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    batch = ImportBatch.objects.get()
    for view in ("intake:batch", "intake:batch_status"):
        assert client.get(reverse(view, args=[batch.pk])).status_code == 200
        for pk in (batch.pk + 1, MAX_ID, MAX_ID + 1, 10**30):
            assert client.get(reverse(view, args=[pk])).status_code == 404
    client.force_login(make_user("eric", "Editor"))
    assert client.get(batch.get_absolute_url()).status_code == 404
    client.force_login(make_user("ada", is_staff=True, is_superuser=True))
    assert client.get(batch.get_absolute_url()).status_code == 200
    client.force_login(make_user("rita", "Reviewer"))
    assert client.get(batch.get_absolute_url()).status_code == 403


def test_the_upload_page_lists_the_users_recent_imports(client, edna):
    upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    batch = ImportBatch.objects.get()
    text = client.get(IMPORT).text
    assert f'<a href="{batch.get_absolute_url()}">Import {batch.pk}</a>' in text
    assert "1 file or link, 1 still to do" in text
    run_the_worker()
    assert "1 file or link, all done" in client.get(IMPORT).text
    client.force_login(make_user("eric", "Editor"))
    assert f"Import {batch.pk}</a>" not in client.get(IMPORT).text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("files", [1, 6])
def test_the_batch_page_and_its_status_cost_the_same_at_any_size(client, edna, files):
    uploads = [
        SimpleUploadedFile(f"f{i}.txt", f"Title {i}\nTrade grew by {i}% in 2024.\n".encode())
        for i in range(files)
    ]
    upload(client, *uploads)
    run_the_worker()
    batch = ImportBatch.objects.get()
    # The session, the user, the user's permissions (get_batch_for_user), the batch, and
    # its items with their articles in one query, at one file or six.
    assert count_queries(client, batch.get_absolute_url()) == 5
    assert count_queries(client, reverse("intake:batch_status", args=[batch.pk])) == 5
    # The session, the user, the permissions, the user's recent batches with their counts.
    assert count_queries(client, IMPORT) == 4


def test_candidates_are_proposed_by_the_worker(client, edna):
    article = Article.objects.create(
        title="One", body="Trade grew by 35% in 2023, the ministry said."
    )
    response = client.post(reverse("intake:propose", args=[article.pk]), follow=True)
    assert "a worker is reading the article" in response.text
    assert not article.claims.exists()
    run_the_worker()
    assert article.claims.candidates().count() == 1
    client.post(reverse("intake:propose", args=[article.pk]))
    run_the_worker()
    assert article.claims.count() == 1  # proposed once, however often asked


def test_the_admin_shows_a_batch_and_its_items_read_only(client, edna):
    upload(client, SimpleUploadedFile("trade.txt", TEXT.encode()))
    run_the_worker()
    batch = ImportBatch.objects.get()
    client.force_login(make_user("ada", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:intake_importbatch_changelist"))
    assert f"Import {batch.pk}" in listing.text
    change = client.get(reverse("admin:intake_importbatch_change", args=[batch.pk]))
    assert change.status_code == 200
    assert "trade.txt" in change.text
    assert "Trade up a third" in change.text
    assert client.get(reverse("admin:intake_importbatch_add")).status_code == 403
