"""A re-check come due reaches its editors through the job queue and the mail."""

import io

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims.models import Claim
from claims.models.scheduling import today
from factcheck.testing import make_user, restore_role_groups
from notifications.models import Event


@pytest.fixture
def _role_groups(transactional_db):
    # A transactional test ends by emptying every table, the role groups with them.
    restore_role_groups()


def _worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_role_groups")
def test_the_worker_flags_the_re_check_and_mails_the_editor(mail_server, settings, published_claim):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    _worker()
    mailed = len(mail_server.messages)
    Claim.objects.filter(pk=published_claim.pk).update(recheck_on=today())
    call_command("flag_due_rechecks", "--queue", stdout=io.StringIO())
    _worker()
    assert Claim.objects.get(pk=published_claim.pk).recheck_due_since == today()
    (message,) = mail_server.messages[mailed:]
    assert message["To"] == "edna@example.org"
    assert message["Subject"].strip() == (
        "[factcheck] A verdict due for a re-check: grew by 35% over the last two years"
    )
    assert "confirm it still holds, or reopen the claim" in message.get_content()
    assert f"https://desk.example.org/claims/{published_claim.pk}/" in message.get_content()
    runs = DBTaskResult.objects.filter(task_path__endswith="flag_rechecks")
    assert list(runs.values_list("status", flat=True)) == [TaskResultStatus.SUCCESSFUL]
    call_command("flag_due_rechecks", stdout=io.StringIO())
    _worker()
    assert len(mail_server.messages) == mailed + 1


def test_reviewers_are_never_told_of_re_checks(published_claim, editor, reviewer):
    Claim.objects.filter(pk=published_claim.pk).update(recheck_on=today(), recheck_by=reviewer)
    call_command("flag_due_rechecks", stdout=io.StringIO())
    assert not reviewer.notifications.filter(event=Event.RECHECK_DUE).exists()
    assert editor.notifications.filter(event=Event.RECHECK_DUE).count() == 1


def test_with_its_editors_gone_every_editor_is_told(published_claim, editor):
    other = make_user("eric", "Editor", first_name="Eric")
    editor.is_active = False
    editor.save()
    Claim.objects.filter(pk=published_claim.pk).update(recheck_on=today())
    call_command("flag_due_rechecks", stdout=io.StringIO())
    assert other.notifications.filter(event=Event.RECHECK_DUE).count() == 1
