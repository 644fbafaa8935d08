"""Jobs queued in the database and run by the real worker (`manage.py db_worker`)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.jobs import enqueue_on_commit, retried
from reports.tasks import rebuild_report_tables

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows


@task
def a_job_that_fails():
    raise ValueError("The page answered 410 Gone.")


RUNS = []  # what the retried jobs below met, run by run, in this process


@task(takes_context=True)
@retried
def a_job_the_network_fails_twice(source):
    RUNS.append(source)
    if len(RUNS) <= 2:
        raise TimeoutError(f"{source} did not answer in time.")
    return f"fetched {source}"


@task(takes_context=True)
@retried
def a_job_the_network_always_fails():
    RUNS.append("again")
    raise ConnectionRefusedError("Connection refused.")


@task(takes_context=True)
@retried
def a_job_with_a_bug():
    RUNS.append("bug")
    raise ValueError("No retry mends a bug.")


@pytest.fixture(autouse=True)
def _fresh_runs():
    RUNS.clear()


def results():
    return list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "args_kwargs"))


def run_the_worker():
    """What a worker does, in this process: take every queued job, run it, then stop."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def test_a_queued_rebuild_is_run_by_the_worker():
    result = rebuild_report_tables.enqueue()
    assert result.status == TaskResultStatus.READY
    run_the_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    if connection.vendor == "postgresql":
        assert result.return_value >= 0  # the seconds the rebuild took
    else:
        assert result.return_value is None  # SQLite's reports count live


def test_a_job_that_fails_keeps_its_error_for_people_to_see(admin_client):
    result = a_job_that_fails.enqueue()
    run_the_worker()
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.ValueError"
    assert "The page answered 410 Gone." in result.errors[0].traceback
    page = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert page.status_code == 200
    assert "a_job_that_fails" in page.text


def test_the_command_can_leave_the_rebuild_to_a_worker(capsys):
    call_command("rebuild_report_tables", "--queue")
    assert "a worker will run it" in capsys.readouterr().out
    run_the_worker()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_transient_error_is_retried_and_every_attempt_is_kept(settings):
    settings.FACTCHECK_JOB_RETRY_SECONDS = 0
    a_job_the_network_fails_twice.enqueue("https://example.org/report")
    run_the_worker()
    assert RUNS == ["https://example.org/report"] * 3
    statuses = [status for status, _args in results()]
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]
    last = DBTaskResult.objects.get(status="SUCCESSFUL").task_result
    assert last.return_value == "fetched https://example.org/report"
    failed = DBTaskResult.objects.filter(status="FAILED").first().task_result
    assert "did not answer in time" in failed.errors[0].traceback


def test_a_job_that_keeps_failing_stops_after_its_attempts(settings):
    settings.FACTCHECK_JOB_RETRY_SECONDS = 0
    settings.FACTCHECK_JOB_ATTEMPTS = 3
    a_job_the_network_always_fails.enqueue()
    run_the_worker()
    assert RUNS == ["again"] * 3
    assert [status for status, _args in results()] == ["FAILED"] * 3


def test_a_bug_is_not_retried():
    a_job_with_a_bug.enqueue()
    run_the_worker()
    assert RUNS == ["bug"]
    assert [status for status, _args in results()] == ["FAILED"]


def test_each_retry_waits_twice_as_long(settings):
    settings.FACTCHECK_JOB_RETRY_SECONDS = 30
    a_job_the_network_always_fails.enqueue()
    run_the_worker()  # the first run fails; its retry waits, so the batch ends
    began = timezone.now()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"_retry": 1}
    wait = retry.run_after - began
    assert datetime.timedelta(seconds=25) < wait <= datetime.timedelta(seconds=30)


def test_a_job_is_queued_only_once_its_transaction_commits():
    with transaction.atomic():
        enqueue_on_commit(rebuild_report_tables)
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.count() == 1
    with transaction.atomic():
        enqueue_on_commit(rebuild_report_tables)
        transaction.set_rollback(True)  # the change is rolled back
    assert DBTaskResult.objects.count() == 1  # nothing queued for a change that never was
