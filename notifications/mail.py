"""Notifications by mail: one at once, or a person's waiting ones in one digest.

Each mail is plain text, with a link to each claim on the site (FACTCHECK_SITE_URL)
and a footer saying where to change the choice. Both senders first mark the rows
they take as mailed, in the transaction that sends the mail: a run that meets an
SMTP error rolls the mark back and the job is tried again (claims.jobs.retried),
while a second run, or one at the same time, finds nothing left to take.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, Event, Notification

SUBJECTS = {
    Event.ASSIGNED: _("A claim to review"),
    Event.REVIEWS_IN: _("Every review is in"),
    Event.SETTLED: _("A claim you reviewed is settled"),
    Event.PUBLISHED: _("A claim you reviewed is published"),
    Event.REOPENED: _("A claim you reviewed is reopened"),
    Event.WEBHOOK_OFF: _("A webhook is switched off"),
    Event.MENTIONED: _("You are mentioned in a note"),
    Event.DUE_SOON: _("A review due soon"),
    Event.OVERDUE: _("A review overdue"),
    Event.RECHECK_DUE: _("A verdict due for a re-check"),
}


def site_url(path):
    """The full address of `path` on the site, for links that leave it (mail)."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


def _context(notifications):
    return {
        "items": [
            {"text": n.text, "url": site_url(n.get_absolute_url()), "about_claim": n.claim_id}
            for n in notifications
        ],
        "settings_url": site_url(reverse("notifications:settings")),
        "inbox_url": site_url(reverse("notifications:inbox")),
    }


def _message(recipient, subject, body):
    return EmailMessage(
        subject=f"[factcheck] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )


def message_for(notification):
    """The mail that tells of one notification at once."""
    context = {
        **_context([notification]),
        "event": notification.get_event_display(),
    }
    about = notification.claim if notification.claim_id else notification.text
    subject = f"{SUBJECTS[notification.event]}: {Truncator(str(about)).chars(60)}"
    body = render_to_string("notifications/mail/one.txt", context)
    return _message(notification.recipient, subject, body)


def digest_for(recipient, notifications):
    """The mail that tells of a person's waiting notifications, oldest first."""
    count = len(notifications)
    subject = ngettext(
        "Your daily digest: %(count)s notification",
        "Your daily digest: %(count)s notifications",
        count,
    ) % {"count": count}
    body = render_to_string("notifications/mail/digest.txt", _context(notifications))
    return _message(recipient, subject, body)


def send_now(pk):
    """Mail notification `pk` if it is to be mailed at once and was not yet; whether it was."""
    with transaction.atomic():
        taken = (
            Notification.objects.filter(pk=pk, delivery=Delivery.NOW, mailed_at__isnull=True)
            .exclude(recipient__email="")
            .update(mailed_at=timezone.now())
        )
        if not taken:
            return False
        notification = Notification.objects.select_related("recipient", "claim").get(pk=pk)
        message_for(notification).send()
    return True


def send_digest(recipient, *, until):
    """Mail `recipient` one message with their digest notifications made up to `until`,
    if any are waiting; whether one was sent."""
    batch = uuid.uuid4()
    with transaction.atomic():
        waiting = Notification.objects.waiting_for_digest().filter(
            recipient=recipient, created_at__lte=until
        )
        if connections[waiting.db].features.has_select_for_update_skip_locked:
            # PostgreSQL: rows another run holds are left to it, without waiting for it.
            locked = waiting.select_for_update(skip_locked=True).values_list("pk", flat=True)
            waiting = Notification.objects.filter(pk__in=list(locked))
        # The rows this run takes, marked with its batch: on SQLite the update takes the
        # database's write lock, so a run at the same time waits and then finds them taken.
        taken = waiting.filter(mailed_at__isnull=True).update(
            mailed_at=timezone.now(), mail_batch=batch
        )
        if not taken:
            return False
        rows = list(
            Notification.objects.filter(mail_batch=batch)
            .select_related("claim")
            .order_by("created_at", "pk")
        )
        digest_for(recipient, rows).send()
    return True


def send_digests():
    """Mail each person with waiting digest notifications one message; the number sent."""
    until = timezone.now()
    recipients = (
        get_user_model()
        .objects.filter(
            pk__in=Notification.objects.waiting_for_digest()
            .filter(created_at__lte=until)
            .values("recipient")
        )
        .exclude(email="")
        .order_by("pk")
    )
    return sum(send_digest(recipient, until=until) for recipient in recipients)
