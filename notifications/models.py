"""Notifications: what happened to a claim that concerns someone, and how each person wants
to hear of it (in the inbox only, or also by mail at once, or in a daily digest)."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.decorators import alters_data


class Event(models.TextChoices):
    """What a person can be told of."""

    ASSIGNED = "assigned", _("A claim is assigned to me to review")
    REVIEWS_IN = "reviews_in", _("Every review is in on a claim I assigned")
    SETTLED = "settled", _("A claim I reviewed is settled")
    PUBLISHED = "published", _("A claim I reviewed is published")
    REOPENED = "reopened", _("A claim I reviewed is reopened")
    WEBHOOK_OFF = "webhook_off", _("A webhook I registered is switched off after failing")
    MENTIONED = "mentioned", _("Someone mentions me in a note")
    DUE_SOON = "due_soon", _("A review of mine is due today or tomorrow")
    OVERDUE = "overdue", _("A review of mine is overdue")
    RECHECK_DUE = (
        "recheck_due",
        _("A verdict I settled, or asked to re-check, is due for its re-check"),
    )


class Delivery(models.TextChoices):
    NOW = "now", _("Mail me at once")
    DIGEST = "digest", _("In a daily digest mail")
    NONE = "none", _("No mail (the inbox only)")


# What a person gets before they choose: work waiting for them by mail at once,
# the outcome of their reviews in the daily digest.
DEFAULT_DELIVERY = {
    Event.ASSIGNED: Delivery.NOW,
    Event.REVIEWS_IN: Delivery.NOW,
    Event.REOPENED: Delivery.NOW,
    # Someone asks for you by name: like work waiting for you.
    Event.MENTIONED: Delivery.NOW,
    Event.DUE_SOON: Delivery.NOW,
    Event.OVERDUE: Delivery.NOW,
    Event.SETTLED: Delivery.DIGEST,
    Event.PUBLISHED: Delivery.DIGEST,
    Event.WEBHOOK_OFF: Delivery.NOW,
    Event.RECHECK_DUE: Delivery.NOW,
}


class PreferenceQuerySet(models.QuerySet):
    def deliveries(self, users, event):
        """{user pk: Delivery} for `event`: each user's choice, else the default; one query."""
        chosen = dict(self.filter(user__in=users, event=event).values_list("user_id", "delivery"))
        return {user.pk: Delivery(chosen.get(user.pk, DEFAULT_DELIVERY[event])) for user in users}

    def choices_for(self, user):
        """{Event: Delivery} for every event: `user`'s choices, the defaults elsewhere."""
        chosen = dict(self.filter(user=user).values_list("event", "delivery"))
        return {event: Delivery(chosen.get(event, DEFAULT_DELIVERY[event])) for event in Event}


class Preference(models.Model):
    """One person's choice of how to hear of one kind of event; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event"),
            models.CheckConstraint(
                condition=Q(event__in=Event.values), name="preference_event_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="preference_delivery_known"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.event} → {self.delivery}"

    @classmethod
    def save_choices(cls, user, choices):
        """Keep `user`'s {Event: Delivery} choices, all or none."""
        with transaction.atomic():
            for event, delivery in choices.items():
                cls.objects.update_or_create(
                    user=user, event=event, defaults={"delivery": delivery}
                )


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_inbox(self, user):
        """`user`'s notifications, newest first, with what a row of the inbox shows."""
        return (
            self.for_user(user)
            .only("text", "created_at", "read_at", "claim_id", "link", "event")
            .order_by("-created_at", "-pk")
        )

    def waiting_for_digest(self):
        """Notifications chosen for the digest and not yet mailed."""
        return self.filter(delivery=Delivery.DIGEST, mailed_at__isnull=True)

    @alters_data
    def mark_read(self):
        """Mark the unread ones among these read; the number marked."""
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """One thing one person is told of: its words, the claim it is about (or, for what is not
    about a claim, such as a webhook switched off, the page it links to), and whether it
    was read and mailed.

    The text is written when the event happens, from what the recipient may see
    (notifications.events), and is what the inbox and the mail both say.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="notifications", null=True
    )
    # The site path of what a notification not about a claim links to.
    link = models.CharField(_("link"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(_("text"), max_length=500)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # How it is mailed, as the recipient had chosen when it was made (none without an address).
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    # The digest run that took it, so two runs at once never mail the same one (digest.py).
    mail_batch = models.UUIDField(null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False) | ~Q(link=""), name="notification_links_somewhere"
            ),
        ]
        indexes = [
            # The inbox, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The header's count of unread ones.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The digest's rows still to mail.
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(delivery="digest", mailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        if self.claim_id is None:
            return self.link
        return reverse("claims:claim", args=[self.claim_id])

    def is_read(self):
        return self.read_at is not None
