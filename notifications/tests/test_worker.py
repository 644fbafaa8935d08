"""Notifications mailed by the real worker (`manage.py db_worker`) through a real SMTP server
on 127.0.0.1 (aiosmtpd), on SQLite and PostgreSQL."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.testing import MailServer, restore_role_groups, smtp_mailers, unused_port
from notifications import mail
from notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    # A transactional test ends by emptying every table, the role groups with them.
    restore_role_groups()


def run_the_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def jobs(name):
    return list(
        DBTaskResult.objects.filter(task_path__endswith=name)
        .order_by("enqueued_at")
        .values_list("status", flat=True)
    )


def test_an_assignment_reaches_the_inbox_and_the_mailbox(
    mail_server, settings, client, claim, editor, reviewer
):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    claim.assign([reviewer], by=editor)
    client.force_login(reviewer)
    inbox = client.get("/inbox/").text
    assert "Edna assigned you to review “grew by 35% over the last two years”." in inbox
    assert mail_server.messages == []  # the worker sends it
    run_the_worker()
    (message,) = mail_server.messages
    assert message["To"] == "rita@example.org"
    assert message["Subject"] == (
        "[factcheck] A claim to review: grew by 35% over the last two years"
    )
    body = message.get_content()
    assert "Edna assigned you to review" in body
    assert f"https://desk.example.org/claims/{claim.pk}/" in body
    assert "https://desk.example.org/inbox/settings/" in body
    assert jobs("send_notification") == [TaskResultStatus.SUCCESSFUL]
    assert Notification.objects.get().mailed_at is not None
    run_the_worker()
    assert len(mail_server.messages) == 1


def test_a_digest_gathers_the_days_notifications_and_a_second_run_sends_nothing(
    mail_server, published_claim
):
    run_the_worker()  # the assignments and "every review is in", mailed at once
    at_once = len(mail_server.messages)
    assert at_once == 3
    call_command("send_digests", "--queue")
    run_the_worker()
    digests = mail_server.messages[at_once:]
    assert sorted(m["To"] for m in digests) == ["ravi@example.org", "rita@example.org"]
    for message in digests:
        assert message["Subject"] == "[factcheck] Your daily digest: 2 notifications"
        body = message.get_content()
        assert body.index("settled the verdict") < body.index("published the verdict")
    call_command("send_digests", "--queue")
    run_the_worker()
    assert len(mail_server.messages) == at_once + 2
    assert jobs("send_digests") == [TaskResultStatus.SUCCESSFUL] * 2


def test_a_refusing_mail_server_makes_the_job_retry_then_fail_for_all_to_see(
    settings, claim, editor, reviewer, admin_client
):
    settings.MAILERS = smtp_mailers(unused_port())  # nobody listens: connection refused
    settings.FACTCHECK_JOB_RETRY_SECONDS = 0
    settings.FACTCHECK_JOB_ATTEMPTS = 3
    claim.assign([reviewer], by=editor)
    run_the_worker()
    assert jobs("send_notification") == [TaskResultStatus.FAILED] * 3
    failed = DBTaskResult.objects.filter(status="FAILED").first().task_result
    assert failed.errors[0].exception_class_path == "builtins.ConnectionRefusedError"
    notification = Notification.objects.get()
    assert notification.mailed_at is None  # not marked as mailed
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/")
    assert "send_notification" in page.text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two runs at once need two connections with row locks; SQLite serialises writers.",
)
def test_two_digest_runs_at_once_mail_each_notification_once(settings, published_claim):
    Notification.objects.filter(delivery=Delivery.NOW).update(delivery=Delivery.NONE)
    with MailServer(delay=0.5) as slow:  # slow to accept, so the runs overlap
        settings.MAILERS = slow.mailers()
        barrier = threading.Barrier(2)
        sent = [None, None]

        def run(i):
            try:
                barrier.wait(timeout=10)
                sent[i] = mail.send_digests()
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sum(sent) == 2
        assert sorted(m["To"] for m in slow.messages) == ["ravi@example.org", "rita@example.org"]
    assert not Notification.objects.waiting_for_digest().exists()
