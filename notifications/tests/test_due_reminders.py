"""Reminders of reviews due soon and overdue: to the assignee alone, once per kind."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims.models import Assignment, Claim, Rating
from claims.models.scheduling import today
from factcheck.testing import restore_role_groups
from notifications.models import Delivery, Event, Notification, Preference
from notifications.reminders import send_due_reminders

from .helpers import events, texts

DAY = datetime.timedelta(days=1)


def _due(claim, day):
    Claim.objects.filter(pk=claim.pk).update(due=day)
    Assignment.objects.filter(claim=claim).update(due=day)


def test_a_review_due_tomorrow_reminds_its_reviewer_alone(
    claim_in_review, editor, reviewer, reviewer2
):
    on = today()
    Assignment.objects.filter(reviewer=reviewer).update(due=on + DAY)
    assert send_due_reminders(on) == {Event.DUE_SOON: 1, Event.OVERDUE: 0}
    assert events(reviewer)[-1] == Event.DUE_SOON
    assert texts(reviewer)[-1].startswith(
        "Your review of “grew by 35% over the last two years” is due tomorrow, "
    )
    assert Event.DUE_SOON not in events(reviewer2)
    assert Event.DUE_SOON not in events(editor)


def test_running_it_again_sends_nothing_new(claim_in_review, reviewer, reviewer2):
    _due(claim_in_review, today())
    assert send_due_reminders() == {Event.DUE_SOON: 2, Event.OVERDUE: 0}
    assert send_due_reminders() == {Event.DUE_SOON: 0, Event.OVERDUE: 0}
    assert Notification.objects.filter(event=Event.DUE_SOON).count() == 2
    assert "is due today" in texts(reviewer)[-1]


def test_an_overdue_review_is_told_once_after_its_due_soon_reminder(claim_in_review, reviewer):
    due = today()
    _due(claim_in_review, due)
    send_due_reminders(due)
    assert send_due_reminders(due + DAY) == {Event.DUE_SOON: 0, Event.OVERDUE: 2}
    assert send_due_reminders(due + 2 * DAY) == {Event.DUE_SOON: 0, Event.OVERDUE: 0}
    assert events(reviewer)[-2:] == [Event.DUE_SOON, Event.OVERDUE]
    assert "was due on" in texts(reviewer)[-1]
    assert "and is not in yet" in texts(reviewer)[-1]


def test_a_review_in_is_not_reminded(claim_in_review, reviewer, reviewer2):
    _due(claim_in_review, today() - DAY)
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Checked."
    )
    assert send_due_reminders() == {Event.DUE_SOON: 0, Event.OVERDUE: 1}
    assert Event.OVERDUE not in events(reviewer)
    assert Event.OVERDUE in events(reviewer2)


def test_work_due_later_or_never_waits(claim_in_review):
    Assignment.objects.filter(claim=claim_in_review).update(due=today() + 2 * DAY)
    assert send_due_reminders() == {Event.DUE_SOON: 0, Event.OVERDUE: 0}
    Assignment.objects.update(due=None)
    assert send_due_reminders() == {Event.DUE_SOON: 0, Event.OVERDUE: 0}
    assert not Assignment.objects.exclude(reminded_due_soon_at=None).exists()


def test_a_new_due_date_is_reminded_again(claim_in_review, editor, reviewer):
    _due(claim_in_review, today())
    send_due_reminders()
    claim_in_review.set_due(today() + DAY, by=editor)
    assert send_due_reminders() == {Event.DUE_SOON: 2, Event.OVERDUE: 0}
    assert "is due tomorrow" in texts(reviewer)[-1]


def test_a_reviewer_who_left_is_stamped_and_not_told(claim_in_review, reviewer):
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    _due(claim_in_review, today())
    assert send_due_reminders() == {Event.DUE_SOON: 1, Event.OVERDUE: 0}
    assert not reviewer.notifications.filter(event=Event.DUE_SOON).exists()
    assert send_due_reminders() == {Event.DUE_SOON: 0, Event.OVERDUE: 0}


def test_the_reminder_follows_the_reviewers_choice_of_mail(claim_in_review, reviewer):
    Preference.objects.create(user=reviewer, event=Event.DUE_SOON, delivery=Delivery.DIGEST)
    _due(claim_in_review, today())
    send_due_reminders()
    assert reviewer.notifications.get(event=Event.DUE_SOON).delivery == Delivery.DIGEST


def test_the_command_says_what_it_sent(claim_in_review):
    _due(claim_in_review, today() - DAY)
    out = io.StringIO()
    call_command("send_due_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders sent: 0 due soon, 2 overdue."


@pytest.fixture
def _role_groups(transactional_db):
    # A transactional test ends by emptying every table, the role groups with them; the
    # personas of the fixtures after this one need them.
    restore_role_groups()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_role_groups")
def test_the_worker_mails_the_reminder_to_the_assignee(mail_server, settings, claim_in_review):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    mailed = len(mail_server.messages)  # the assignments' own mails
    Assignment.objects.filter(reviewer__username="rita").update(due=today())
    call_command("send_due_reminders", "--queue", stdout=io.StringIO())
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    (message,) = mail_server.messages[mailed:]
    assert message["To"] == "rita@example.org"
    assert message["Subject"] == (
        "[factcheck] A review due soon: grew by 35% over the last two years"
    )
    assert "is due today" in message.get_content()
    assert f"https://desk.example.org/claims/{claim_in_review.pk}/" in message.get_content()
    statuses = DBTaskResult.objects.filter(task_path__endswith="send_due_reminders")
    assert list(statuses.values_list("status", flat=True)) == [TaskResultStatus.SUCCESSFUL]
    call_command("send_due_reminders", stdout=io.StringIO())
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    assert len(mail_server.messages) == mailed + 1
