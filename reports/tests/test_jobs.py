"""Jobs queued in the database and run by the real worker (`manage.py db_worker`)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus, task
from django.urls import reverse

from reports.tasks import rebuild_report_tables

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows


@task
def a_job_that_fails():
    raise ValueError("The page answered 410 Gone.")


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
