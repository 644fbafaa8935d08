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

    def revoke(self):
        """Stop the token working, for good; revoking it again changes nothing."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    revoke.alters_data = True

    def note_use(self):
        """Record that the token was used now, at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
