"""API tokens: how a program acts as a user through the API (`Authorization: Bearer <token>`).

A token is shown once, when it is made, and only its SHA-256 is kept, so a copy of the
database gives no one a working token. A token carries no permissions of its own: it acts
as its user, with that user's role. A service account is an ordinary user, made by an
admin and given a role, whose token `manage.py create_api_token USERNAME` prints.

The secret is 256 random bits, so one round of SHA-256 is enough to keep it (a slow
password hash guards guessable secrets; this one cannot be guessed).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.decorators import alters_data
from claims.validators import WebURLField

PREFIX = "fc_"
# How often the last-used time is written: once a minute at most, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def working(self):
        """Tokens that open the API now: not revoked, not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def issue(self, *, user, name, expires_in_days=None, created_by=None):
        """Make a token for `user`: (the ApiToken, the key to give once and never again)."""
        key = PREFIX + secrets.token_urlsafe(32)
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        token = self.create(
            user=user,
            name=name.strip(),
            prefix=key[: len(PREFIX) + 6],
            key_hash=digest(key),
            expires_at=expires_at,
            created_by=created_by or user,
        )
        return token, key

    def for_key(self, key):
        """The working token with this key, its user loaded; None if there is none."""
        if not key.startswith(PREFIX) or len(key) > 100:
            return None
        return self.working().select_related("user").filter(key_hash=digest(key)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “CMS sync”.")
    )
    # The key's first characters, shown so that a person can tell their tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_working(self):
        return self.revoked_at is None and not self.is_expired

    @alters_data
    def revoke(self):
        """Stop the token working, for good; revoking it again changes nothing."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def note_use(self):
        """Record that the token was used now, at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class WebhookEvent(models.TextChoices):
    PING = "ping", _("A test, sent from the webhook's page")
    CLAIM_PUBLISHED = "claim.published", _("A fact-check is published")
    CORRECTION_PUBLISHED = "correction.published", _("A corrected fact-check is published")
    CLAIM_REOPENED = "claim.reopened", _("A settled or published claim is reopened")
    ARTICLE_IMPORTED = "article.imported", _("An article is imported")


class WebhookQuerySet(models.QuerySet):
    def for_event(self, event):
        """The switched-on subscriptions that want `event`."""
        return [hook for hook in self.filter(active=True) if event in hook.events]

    def visible_to(self, user):
        """An admin sees every subscription; an editor their own."""
        return self if user.is_superuser else self.filter(owner=user)


class Webhook(models.Model):
    """A partner's address told of events as they happen (api.webhooks), signed with its secret."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = WebURLField(_("address"))
    # The receiver checks each delivery's signature with this; it must be kept to sign with.
    secret = models.CharField(_("secret"), max_length=200)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("switched on"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    failures_in_a_row = models.PositiveIntegerField(default=0, editable=False)
    switched_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    switched_off_because = models.TextField(blank=True, editable=False)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.url

    @alters_data
    def switch(self, *, on, because=""):
        """Switch the webhook on (its run of failures forgotten) or off, saying why."""
        self.active = on
        self.failures_in_a_row = 0 if on else self.failures_in_a_row
        self.switched_off_at = None if on else timezone.now()
        self.switched_off_because = "" if on else because
        self.save(
            update_fields=["active", "failures_in_a_row", "switched_off_at", "switched_off_because"]
        )

    def event_labels(self):
        return [str(WebhookEvent(e).label) for e in self.events if e in WebhookEvent.values]


class Delivery(models.Model):
    """One event sent to one webhook: its body, exactly as signed, and each attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.event} to {self.webhook.url}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    milliseconds = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.status_code or self.error} at {self.at}"
