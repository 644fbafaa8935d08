"""Cited web pages archived through the job queue: the real worker fetches from a real
server on 127.0.0.1 and stores the bytes under a temporary MEDIA_ROOT."""

import hashlib
import socket

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims.models import Evidence, Rating, Snapshot, WorkflowError
from claims.models.gate import publish_blockers
from factcheck.testing import add_primary_evidence, make_user, restore_role_groups

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><body><p>Exports grew by 35%.</p><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def _groups_and_media(transactional_db, settings, tmp_path):
    # A transactional test's flush drops the role groups the personas join.
    restore_role_groups()
    settings.MEDIA_ROOT = tmp_path
    settings.FACTCHECK_JOB_RETRY_SECONDS = 0


def snapshot_jobs():
    """The snapshot jobs queued (an assignment queues mail jobs of its own beside them)."""
    return DBTaskResult.objects.filter(task_path__endswith="take_snapshot")


def run_the_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def cite(claim, by, url, **extra):
    fields = {
        "url": url,
        "title": "Customs figures",
        "stance": "supports",
        "source_type": "primary",
    }
    return claim.add_evidence(Evidence(**{**fields, **extra}), by=by)


def claim_page(client, user, claim):
    client.force_login(user)
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    return page.text


def test_web_evidence_is_archived_through_the_queue(client, claim_in_review, reviewer, page_server):
    page_server.routes["/old"] = (301, {"Location": "/figures"}, b"")
    page_server.routes["/figures"] = (200, HTML, PAGE)
    item = cite(claim_in_review, reviewer, page_server.url("/old"))
    snapshot = item.snapshots.get()
    assert snapshot.is_queued()
    assert "Archiving…" in claim_page(client, reviewer, claim_in_review)

    run_the_worker()
    snapshot.refresh_from_db()
    assert snapshot.status == Snapshot.Status.ARCHIVED
    assert snapshot.url == page_server.url("/old")
    assert snapshot.final_url == page_server.url("/figures")
    assert snapshot.http_status == 200
    assert snapshot.content_type == "text/html; charset=utf-8"
    assert snapshot.size == len(PAGE)
    assert snapshot.sha256 == hashlib.sha256(PAGE).hexdigest()
    with snapshot.copy.open("rb") as stored:
        assert stored.read() == PAGE
    assert snapshot.fetched_at is not None
    assert snapshot.error == ""
    assert page_server.requests == ["/old", "/figures"]

    text = claim_page(client, reviewer, claim_in_review)
    stamp = snapshot.fetched_at.strftime("%-d %b %Y, %H:%M")
    assert f'Archived <time datetime="{snapshot.fetched_at.isoformat()}">{stamp}</time>' in text
    assert f'HTTP 200 · SHA-256 <code class="digest">{snapshot.sha256}</code>' in text
    assert reverse("claims:stored_copy", args=[claim_in_review.pk, item.pk, snapshot.pk]) in text
    assert "Archiving…" not in text


def test_the_job_is_safe_to_run_twice(claim_in_review, reviewer, page_server):
    page_server.routes["/figures"] = (200, HTML, PAGE)
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    snapshot = item.snapshots.get()
    snapshot.take()  # a second run: the snapshot is taken, nothing is fetched again
    assert page_server.requests == ["/figures"]
    again = Snapshot.objects.create(evidence=item, url=item.url)
    again.take()  # the same bytes again are stored once
    assert again.copy.name == snapshot.copy.name
    assert list(snapshot.copy.storage.listdir(snapshot.copy.name.rsplit("/", 1)[0])[1]) == [
        snapshot.copy.name.rsplit("/", 1)[1]
    ]


def test_asking_twice_queues_one_snapshot(client, claim_in_review, reviewer, page_server):
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    assert item.archive(by=reviewer) == item.snapshots.get()
    client.force_login(reviewer)
    response = client.post(reverse("claims:archive_evidence", args=[claim_in_review.pk, item.pk]))
    assert response.status_code == 302
    assert item.snapshots.count() == 1
    assert snapshot_jobs().count() == 1


def test_a_missing_page_is_recorded_with_its_status(client, claim_in_review, reviewer, page_server):
    item = cite(claim_in_review, reviewer, page_server.url("/gone"))
    run_the_worker()
    snapshot = item.snapshots.get()
    assert snapshot.is_archived()
    assert snapshot.http_status == 404
    with snapshot.copy.open("rb") as stored:
        assert stored.read() == b"Not found"
    assert "HTTP 404 · SHA-256" in claim_page(client, reviewer, claim_in_review)


def test_a_private_address_by_name_is_refused(
    client, claim_in_review, reviewer, page_server, settings
):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    item = cite(claim_in_review, reviewer, page_server.url("/figures", host="localhost"))
    run_the_worker()
    snapshot = item.snapshots.get()
    assert snapshot.is_failed()
    assert "localhost resolves to 127.0.0.1, a loopback address" in snapshot.error
    assert page_server.requests == []
    assert not snapshot.copy
    # Refused for good: not retried.
    assert list(snapshot_jobs().values_list("status", flat=True)) == ["SUCCESSFUL"]
    text = claim_page(client, reviewer, claim_in_review)
    assert "Could not archive: localhost resolves to 127.0.0.1, a loopback address" in text


def test_a_server_that_never_answers_is_retried_then_shown_failed(
    client, claim_in_review, reviewer, page_server, settings
):
    settings.FACTCHECK_FETCH_TIMEOUT = 0.5
    settings.FACTCHECK_JOB_ATTEMPTS = 3
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections are taken, never answered
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/figures"
        item = cite(claim_in_review, reviewer, url)
        snapshot = item.snapshots.get()
        run_the_worker()
    statuses = list(snapshot_jobs().order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED"] * 3
    snapshot.refresh_from_db()
    assert snapshot.is_failed()
    assert "127.0.0.1 did not answer" in snapshot.error
    text = claim_page(client, reviewer, claim_in_review)
    assert "Could not archive: 127.0.0.1 did not answer" in text


def test_a_server_that_answers_on_a_retry_is_archived(claim_in_review, reviewer, page_server):
    answers = iter([None, (200, HTML, PAGE)])

    def flaky(handler):
        answer = next(answers)
        if answer is None:
            handler.connection.close()  # hangs up without a word
            raise ConnectionError
        return answer

    page_server.routes["/figures"] = flaky
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    statuses = list(snapshot_jobs().order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]
    assert item.snapshots.get().sha256 == hashlib.sha256(PAGE).hexdigest()


def test_correcting_the_address_archives_the_new_page(claim_in_review, reviewer, page_server):
    page_server.routes["/figures"] = (200, HTML, PAGE)
    page_server.routes["/figures-2026"] = (200, HTML, b"<p>New figures</p>")
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    item.correct(by=reviewer, url=page_server.url("/figures-2026"))
    item.correct(by=reviewer, title="Customs figures, 2026")  # the page is the same
    run_the_worker()
    assert item.snapshots.count() == 2
    latest = item.latest_snapshot()
    assert latest.url == page_server.url("/figures-2026")
    assert latest.sha256 == hashlib.sha256(b"<p>New figures</p>").hexdigest()


def test_offline_evidence_is_not_archived(claim_in_review, reviewer):
    item = cite(
        claim_in_review, reviewer, "", medium="document", description="The ministry's report."
    )
    assert not item.snapshots.exists()
    assert not snapshot_jobs().exists()


@pytest.mark.parametrize("answer", ["redirect", "content-location"])
def test_the_internet_archive_copy_is_kept(
    claim_in_review, reviewer, page_server, settings, answer
):
    settings.FACTCHECK_INTERNET_ARCHIVE = True
    settings.FACTCHECK_INTERNET_ARCHIVE_ENDPOINT = page_server.url("/save/")
    page_server.routes["/figures"] = (200, HTML, PAGE)
    page = page_server.url("/figures")
    copy = f"/web/20261201140200/{page}"
    page_server.routes[f"/save/{page}"] = (
        (302, {"Location": copy}, b"")
        if answer == "redirect"
        else (200, {**HTML, "Content-Location": copy}, b"<p>Saved</p>")
    )
    item = cite(claim_in_review, reviewer, page)
    run_the_worker()
    snapshot = item.snapshots.get()
    assert snapshot.is_archived()
    assert snapshot.archive_url == page_server.url(copy)
    assert snapshot.archive_error == ""
    assert page_server.requests == ["/figures", f"/save/{page}"]  # the copy is not fetched


def test_the_internet_archive_failing_never_fails_the_snapshot(
    client, claim_in_review, reviewer, page_server, settings
):
    settings.FACTCHECK_INTERNET_ARCHIVE = True
    settings.FACTCHECK_INTERNET_ARCHIVE_ENDPOINT = page_server.url("/save/")
    page_server.routes["/figures"] = (200, HTML, PAGE)
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()  # the Save Page Now address answers 404
    snapshot = item.snapshots.get()
    assert snapshot.is_archived()
    assert snapshot.archive_url == ""
    assert "answered HTTP 404" in snapshot.archive_error
    assert "no Internet Archive copy: the Internet Archive answered HTTP 404" in claim_page(
        client, reviewer, claim_in_review
    )


def test_the_internet_archive_is_not_asked_unless_configured(
    claim_in_review, reviewer, page_server
):
    page_server.routes["/figures"] = (200, HTML, PAGE)
    cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    assert page_server.requests == ["/figures"]


@pytest.fixture
def archived(claim_in_review, reviewer, page_server):
    page_server.routes["/figures"] = (200, HTML, PAGE)
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    snapshot = item.snapshots.get()
    return reverse("claims:stored_copy", args=[claim_in_review.pk, item.pk, snapshot.pk])


def test_the_stored_copy_is_downloaded_never_shown_as_a_page(client, editor, archived):
    client.force_login(editor)
    response = client.get(archived)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PAGE
    assert response["Content-Disposition"].startswith('attachment; filename="snapshot-')
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_stored_copy_is_refused_to_who_may_not_see_the_claim(client, archived):
    assert client.get(archived).url.startswith(reverse("login"))
    client.force_login(make_user("nobody"))  # in no role: sees no claim
    assert client.get(archived).status_code == 403


def test_a_retracted_items_copy_is_for_editors_only(
    client, claim_in_review, reviewer, editor, archived
):
    item = claim_in_review.evidence.get()
    item.retract(by=reviewer, reason="Wrong year.")
    client.force_login(reviewer)
    assert client.get(archived).status_code == 404
    client.force_login(editor)
    assert client.get(archived).status_code == 200


def test_only_the_author_or_an_editor_asks_for_a_new_snapshot(
    client, claim_in_review, reviewer, reviewer2, editor, page_server
):
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    url = reverse("claims:archive_evidence", args=[claim_in_review.pk, item.pk])
    client.force_login(reviewer2)
    assert client.post(url).status_code == 403
    assert item.snapshots.count() == 1
    client.force_login(editor)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{claim_in_review.get_absolute_url()}#evidence-{item.pk}"
    assert item.snapshots.count() == 2
    assert item.latest_snapshot().asked_by == editor
    assert "queued to be archived" in client.get(response.url).text


def test_gate_requires_archived_primary_sources_when_set(
    reviewed_claim, editor, page_server, settings
):
    page_server.routes["/stats"] = (200, HTML, PAGE)
    add_primary_evidence(reviewed_claim, editor, url=page_server.url("/stats"))
    reviewed_claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Customs data agree.")
    assert publish_blockers(reviewed_claim) == []  # off by default
    settings.FACTCHECK_PUBLISH_REQUIRE_ARCHIVED = True
    assert [str(b) for b in publish_blockers(reviewed_claim)] == [
        "an archived snapshot of “Trade statistics”"
    ]
    with pytest.raises(WorkflowError, match="an archived snapshot of “Trade statistics”"):
        reviewed_claim.publish(editor=editor)
    run_the_worker()
    assert publish_blockers(reviewed_claim) == []
    reviewed_claim.publish(editor=editor)
    assert reviewed_claim.is_published()


def test_a_snapshot_number_past_any_row_is_not_found(client, editor, archived):
    client.force_login(editor)
    head = archived.rstrip("/").rsplit("/", 1)[0]
    for number in (2**63, 10**30, 0):
        assert client.get(f"{head}/{number}/").status_code == 404


def test_the_public_page_links_the_internet_archive_copy(
    client, reviewed_claim, editor, page_server, settings
):
    settings.FACTCHECK_INTERNET_ARCHIVE = True
    settings.FACTCHECK_INTERNET_ARCHIVE_ENDPOINT = page_server.url("/save/")
    page = page_server.url("/stats")
    page_server.routes["/stats"] = (200, HTML, PAGE)
    page_server.routes[f"/save/{page}"] = (302, {"Location": f"/web/20261201140200/{page}"}, b"")
    item = add_primary_evidence(reviewed_claim, editor, url=page)
    run_the_worker()
    reviewed_claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Customs data agree.")
    reviewed_claim.publish(editor=editor)
    text = client.get(reverse("public:factcheck", args=[reviewed_claim.pk])).text
    copy = page_server.url(f"/web/20261201140200/{page}")
    assert f'<a href="{copy}" rel="noopener noreferrer">Archived copy' in text
    # The desk's own stored copy is not offered to the public.
    stored = item.latest_snapshot()
    view = reverse("claims:stored_copy", args=[reviewed_claim.pk, item.pk, stored.pk])
    assert view not in text


def test_an_offline_source_cannot_be_archived(client, claim_in_review, reviewer):
    item = cite(claim_in_review, reviewer, "", medium="document", description="A report.")
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:archive_evidence", args=[claim_in_review.pk, item.pk]), follow=True
    )
    assert "Only a web page can be archived." in response.text
    assert not item.snapshots.exists()


def test_a_retracted_item_is_not_archived_again(client, claim_in_review, reviewer, page_server):
    item = cite(claim_in_review, reviewer, page_server.url("/figures"))
    run_the_worker()
    item.retract(by=reviewer, reason="Wrong year.")
    with pytest.raises(WorkflowError, match="retracted"):
        item.archive(by=reviewer)
    assert item.snapshots.count() == 1
