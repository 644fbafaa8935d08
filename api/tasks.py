"""The API's jobs: webhook deliveries, run by a worker."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.fetching import FetchFailed, FetchRefused, post
from claims.jobs import retried
from notifications.events import notify
from notifications.models import Event, Notification

from .models import Delivery, DeliveryAttempt, Webhook
from .webhooks import SIGNATURE_HEADER, sign

# Answers worth sending again: the receiver is busy or broken for now.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


def _failed_for_good(delivery_id, reason):
    """The delivery failed and will not be tried again: count it against its webhook, and
    switch the webhook off after FACTCHECK_WEBHOOK_MAX_FAILURES such deliveries in a row."""
    delivery = Delivery.objects.select_related("webhook__owner").filter(pk=delivery_id).first()
    if delivery is None:
        return
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    hook = delivery.webhook
    hook.failures_in_a_row += 1
    Webhook.objects.filter(pk=hook.pk).update(failures_in_a_row=hook.failures_in_a_row)
    if hook.active and hook.failures_in_a_row >= settings.FACTCHECK_WEBHOOK_MAX_FAILURES:
        because = _("%(count)d deliveries in a row failed; the last: %(reason)s") % {
            "count": hook.failures_in_a_row,
            "reason": reason,
        }
        hook.switch(on=False, because=because)
        _tell_owner(hook, because)


def _tell_owner(hook, because):
    """In the owner's inbox, and by mail as they chose (at once unless they said otherwise)."""
    text = _(
        "The webhook to %(url)s was switched off: %(because)s. Switch it on again on its page "
        "once the address answers."
    ) % {"url": hook.url, "because": because}
    notify(
        Event.WEBHOOK_OFF,
        None,
        [hook.owner],
        actor=None,
        text=Truncator(text).chars(Notification._meta.get_field("text").max_length),
        link=reverse("api:webhook", args=[hook.pk]),
    )


def _gave_up(error, delivery_id):
    _failed_for_good(delivery_id, str(error))


@task(takes_context=True)
@retried(gave_up=_gave_up)
def deliver(delivery_id):
    """Send one delivery, signed; each attempt is kept. Safe to run twice: a delivery that
    got through is not sent again."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return None
    hook = delivery.webhook
    if not hook.active:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
        DeliveryAttempt.objects.create(delivery=delivery, error=_("The webhook is switched off."))
        return "switched off"
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(hook.secret, body),
    }
    try:
        posted = post(hook.url, body, headers=headers)
    except FetchRefused as error:
        DeliveryAttempt.objects.create(delivery=delivery, error=str(error))
        _failed_for_good(delivery.pk, str(error))
        return f"refused: {error}"
    except FetchFailed as error:
        DeliveryAttempt.objects.create(delivery=delivery, error=str(error))
        raise
    DeliveryAttempt.objects.create(
        delivery=delivery, status_code=posted.status, milliseconds=posted.milliseconds
    )
    if 200 <= posted.status < 300:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.DELIVERED)
        Webhook.objects.filter(pk=hook.pk).update(failures_in_a_row=0)
        return posted.status
    reason = _("the address answered HTTP %(status)d") % {"status": posted.status}
    if posted.status in RETRY_STATUSES:
        raise FetchFailed(reason)
    _failed_for_good(delivery.pk, reason)
    return reason
