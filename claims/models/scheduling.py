"""Priority and due dates: how urgent a claim is, and when its reviews are due.

The one rule of time here: a due date is a day in the site's time zone
(settings.TIME_ZONE). Work due on a day is on time if it is done on that day or
before, as the site's clock reads it (a review submitted at 23:59 on the due day is
on time, at 00:00 the day after is late), and overdue from the next day on.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Priority(models.IntegerChoices):
    """How urgent a claim is. Smaller sorts first, so a queue in ascending order starts
    with the urgent ones."""

    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


def today():
    """Today in the site's time zone: the day due dates are compared with."""
    return timezone.localdate()


def due_refusal(due):
    """Why `due` cannot be a new due date (a message), or None when it can: a due date is
    a date (not a moment), today or later. The model's methods and the forms ask this."""
    if due is None:
        return None
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        return _("%(value)s is not a date; give a day as YYYY-MM-DD.") % {"value": repr(due)}
    if due < today():
        return _("%(date)s has passed; choose today or a later day.") % {"date": due.isoformat()}
    return None


def is_overdue(due, done=False, *, on=None):
    """Whether work due on `due` (a date or None) and not `done` is overdue on the day `on`."""
    return due is not None and not done and (on or today()) > due


def is_due_soon(due, done=False, *, on=None):
    """Whether work due on `due` and not `done` is due today or tomorrow (not yet overdue)."""
    on = on or today()
    return due is not None and not done and on <= due <= on + datetime.timedelta(days=1)


def as_of_refusal(day):
    """Why `day` cannot be the day a verdict holds as of (a message), or None when it can:
    a date, today or before."""
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        return _("%(value)s is not a date; give a day as YYYY-MM-DD.") % {"value": repr(day)}
    if day > today():
        return _("%(date)s is still to come; a verdict holds as of today or an earlier day.") % {
            "date": day.isoformat()
        }
    return None
