"""Reminders of reviews due soon and overdue, to the reviewer assigned.

Sent by a daily run (`manage.py send_due_reminders`, or the job of the same name).
Each assignment is reminded at most once of each kind: the run stamps
Assignment.reminded_due_soon_at or reminded_overdue_at in the transaction that
writes the notification, and takes only rows not stamped yet, locked and
skipping any another run holds, so a second run, or one at the same time, finds
nothing left. A new due date clears the stamps (Claim.set_due). What is due soon
and what is overdue is claims.models.scheduling's rule, a day in the site's time
zone.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from claims.models import Assignment
from claims.models.scheduling import today

from .events import claim_words, notify
from .models import Event

# Each kind: the assignments it takes, the stamp it leaves.
KINDS = {
    Event.DUE_SOON: ("due_soon", "reminded_due_soon_at"),
    Event.OVERDUE: ("overdue", "reminded_overdue_at"),
}


def _text(event, assignment, on):
    about = {
        "claim": claim_words(assignment.claim),
        "day": formats.date_format(assignment.due, "j F Y"),
    }
    if event == Event.OVERDUE:
        return _("Your review of “%(claim)s” was due on %(day)s and is not in yet.") % about
    if assignment.due == on:
        return _("Your review of “%(claim)s” is due today, %(day)s.") % about
    return _("Your review of “%(claim)s” is due tomorrow, %(day)s.") % about


def send_due_reminders(on=None):
    """Remind each assignee of their reviews due soon and overdue on the day `on` (today);
    the number of reminders written, {Event: n}."""
    on = on or today()
    sent = {}
    for event, (rows, stamp) in KINDS.items():
        with transaction.atomic():
            waiting = (
                getattr(Assignment.objects, rows)(on)
                .filter(**{f"{stamp}__isnull": True})
                .select_related("claim", "reviewer")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("due", "pk")
            )
            now = timezone.now()
            count = 0
            for assignment in waiting:
                setattr(assignment, stamp, now)
                assignment.save(update_fields=[stamp])
                count += len(
                    notify(
                        event,
                        assignment.claim,
                        [assignment.reviewer],
                        actor=None,
                        text=_text(event, assignment, on),
                    )
                )
            sent[event] = count
    return sent
