"""Other organisations' fact-checks (ClaimReview), and the desk's word on each match.

An ExternalFactCheck is one published review elsewhere, kept by its address: imported
again, it is updated, never doubled. A Feed is an address fact-checks are read from, once
or on a schedule while it is followed. A MatchDecision is an editor's word that an
external fact-check is about a claim (linked) or is not (dismissed); the suggestions
themselves are computed when the claim is shown (external.matching), so a new claim or
candidate is matched against every fact-check already known, and a new fact-check against
every claim, with nothing to keep up to date.
"""

import hashlib

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.validators import WebURLField, normalise_url


def url_key(url):
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()


class Feed(models.Model):
    url = WebURLField(_("address"))
    url_key = models.CharField(max_length=64, unique=True, editable=False)
    followed = models.BooleanField(
        _("followed"),
        default=False,
        help_text=_("Read again every day (refresh_claimreview_feeds)."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_count = models.PositiveIntegerField(_("fact-checks last read"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-added_at", "-pk"]

    def __str__(self):
        return self.url

    def save(self, **kwargs):
        self.url_key = url_key(self.url)
        super().save(**kwargs)


class ExternalFactCheckQuerySet(models.QuerySet):
    def record(self, found, *, feed=None):
        """Keep each review in `found` (claimreview.Found): new ones made, known ones (by
        address) updated. Returns (made, updated). One transaction: all or none."""
        keys = {url_key(item.url): item for item in found}
        made = updated = 0
        with transaction.atomic():
            known = {fc.url_key: fc for fc in self.select_for_update().filter(url_key__in=keys)}
            for key, item in keys.items():
                fields = {
                    "url": item.url,
                    "claim_reviewed": item.claim_reviewed,
                    "publisher": item.publisher,
                    "publisher_url": item.publisher_url,
                    "rating": item.rating,
                    "rating_value": item.rating_value,
                    "best_rating": item.best_rating,
                    "worst_rating": item.worst_rating,
                    "claimant": item.claimant,
                    "appearance_url": item.appearance_url,
                    "date_published": item.date_published,
                }
                existing = known.get(key)
                if existing is None:
                    self.create(url_key=key, feed=feed, **fields)
                    made += 1
                elif any(getattr(existing, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(existing, name, value)
                    existing.save()
                    updated += 1
        return made, updated


class ExternalFactCheck(models.Model):
    url = WebURLField(_("address"))
    url_key = models.CharField(max_length=64, unique=True, editable=False)
    claim_reviewed = models.TextField(_("claim reviewed"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_url = WebURLField(_("publisher's address"), blank=True)
    rating = models.CharField(_("rating"), max_length=200, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    claimant = models.CharField(_("claimant"), max_length=200, blank=True)
    appearance_url = WebURLField(_("where the claim appeared"), blank=True)
    date_published = models.DateField(_("published on"), null=True, blank=True)
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_seen_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExternalFactCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen_at", "-pk"]
        verbose_name = _("external fact-check")

    def __str__(self):
        return f"{self.publisher or self.url}: {self.claim_reviewed[:80]}"


class MatchDecision(models.Model):
    """An editor's word on one suggested match: the same claim (linked), or not (dismissed)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    external = models.ForeignKey(
        ExternalFactCheck, on_delete=models.CASCADE, related_name="decisions"
    )
    linked = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "external"], name="one_decision_per_match")
        ]

    def __str__(self):
        return f"{'Linked' if self.linked else 'Dismissed'}: claim {self.claim_id}"
