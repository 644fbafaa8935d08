"""Webhooks: partners told of events as they happen, each delivery signed.

An event (api.models.WebhookEvent) is announced inside the transaction that makes it:
a Delivery is written for every switched-on webhook that wants it, with its body fixed
there and then, and a job sends each once the transaction commits (api.tasks.deliver).
The body is JSON; its signature is the HMAC-SHA256 of those exact bytes with the
webhook's secret, sent as `X-Factcheck-Signature: sha256=<hex>`. A receiver checks it
with `verify` (or the README's few lines) before it trusts the body.
"""

import hashlib
import hmac
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from claims.jobs import enqueue_on_commit

from .models import Delivery, Webhook

SIGNATURE_HEADER = "X-Factcheck-Signature"


def sign(secret, body):
    """`sha256=<hex>`: the HMAC-SHA256 of `body` (bytes) with `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret, body, signature):
    """Whether `signature` (the header's value) is `body`'s with `secret`; in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def body_for(event, data):
    """The JSON a delivery carries: the event, an id to tell repeats apart, when, and the data."""
    return json.dumps(
        {
            "event": event,
            "id": str(uuid.uuid4()),
            "sent_at": timezone.now(),
            "data": data,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    )


def announce(event, data):
    """Write a delivery of `event` for each webhook that wants it, and queue each to be sent
    after the commit. Returns the deliveries."""
    from .tasks import deliver

    deliveries = [
        Delivery.objects.create(webhook=hook, event=event, body=body_for(event, data))
        for hook in Webhook.objects.for_event(event)
    ]
    for delivery in deliveries:
        enqueue_on_commit(deliver, delivery.pk)
    return deliveries


def announce_ping(hook):
    """A test delivery to `hook` alone, whatever events it wants."""
    from .tasks import deliver

    delivery = Delivery.objects.create(
        webhook=hook, event="ping", body=body_for("ping", {"webhook": hook.pk})
    )
    enqueue_on_commit(deliver, delivery.pk)
    return delivery
