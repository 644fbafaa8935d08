"""The notifications' jobs, run by a worker (`manage.py db_worker`)."""

from django.tasks import task

from claims.jobs import retried

from . import mail, reminders


@task(takes_context=True)
@retried
def send_notification(notification_id):
    """Mail one notification at once. Safe to run twice: a mailed one is not mailed again;
    an SMTP or network error leaves it unmailed, for the retry."""
    return mail.send_now(notification_id)


@task(takes_context=True)
@retried
def send_digests():
    """Mail each person their daily digest (notifications.mail.send_digests); the number
    sent. Safe to run twice, or two at once: no notification is mailed twice."""
    return mail.send_digests()


@task(takes_context=True)
@retried
def send_due_reminders():
    """Remind assignees of reviews due soon and overdue (notifications.reminders); safe to
    run twice, or two at once: no assignment is reminded twice of the same thing."""
    return {str(event): n for event, n in reminders.send_due_reminders().items()}
