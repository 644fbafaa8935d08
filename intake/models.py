"""Imports waiting for, or done by, a worker: a batch per upload, an item per file or link.

An upload is saved whole (the batch, its items and the files' bytes) in one transaction,
and one job per item is queued once it commits (intake.tasks). The item's state moves
only through its methods: `start()`, then `finish()` or, after a passing failure,
`retry_later()` or `fail()`.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.decorators import alters_data
from claims.models import Article
from claims.validators import WebURLField


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The batches `user` may open: their own; an admin's, everyone's."""
        if user.is_superuser:
            return self
        return self.filter(created_by=user)

    def with_counts(self):
        """Each batch with its number of items, and of those not finished yet."""
        return self.annotate(
            item_count=Count("items"),
            waiting_count=Count("items", filter=~Q(items__status__in=ImportItem.FINISHED)),
        )


class ImportBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What the form said for every article of the batch.
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    url = WebURLField(_("original address"), blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"Import {self.pk}"

    def get_absolute_url(self):
        return reverse("intake:batch", args=[self.pk])


class ImportItemQuerySet(models.QuerySet):
    def for_page(self):
        """What the batch page and its status URL show, without the uploaded bytes."""
        return self.select_related("article").defer("data").order_by("pk")


class ImportItem(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("importing")
        IMPORTED = "imported", _("imported")
        PRESENT = "present", _("already present")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    FINISHED = (Status.IMPORTED, Status.PRESENT, Status.REFUSED, Status.FAILED)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("name"), max_length=500)  # the file's name, or the link
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    url = WebURLField(_("link"), blank=True)
    # The uploaded file, kept in the row until it is imported: saved with the item in one
    # transaction, so no file storage is needed and no file outlives its item.
    data = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    candidate_count = models.PositiveIntegerField(default=0)
    notes = models.TextField(_("left out"), blank=True)
    reason = models.TextField(_("reason"), blank=True)  # why it was refused, or failed
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportItemQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def is_finished(self):
        return self.status in self.FINISHED

    def _locked(self):
        return type(self).objects.select_for_update().get(pk=self.pk)

    @alters_data
    def start(self):
        """Mark the item running and count the attempt; False (and nothing changed) if it
        is already finished, so a job run twice leaves a finished item alone."""
        with transaction.atomic():
            item = self._locked()
            if item.is_finished():
                return False
            self.status, self.started_at = self.Status.RUNNING, timezone.now()
            self.attempts = item.attempts + 1
            self.save(update_fields=["status", "started_at", "attempts"])
        return True

    @alters_data
    def finish(self, status, *, article=None, candidate_count=0, notes="", reason=""):
        """Record the outcome; the uploaded bytes are no longer needed."""
        self.status, self.article, self.candidate_count = status, article, candidate_count
        self.notes, self.reason, self.data = notes, reason, None
        self.finished_at = timezone.now()
        self.save(
            update_fields=[
                "status",
                "article",
                "candidate_count",
                "notes",
                "reason",
                "data",
                "finished_at",
            ]
        )

    def is_last_attempt(self):
        return self.attempts >= settings.FACTCHECK_JOB_ATTEMPTS

    @alters_data
    def retry_later(self, error):
        """A passing failure with attempts left: queued again, the error kept for people to see."""
        self.status = self.Status.QUEUED
        self.reason = _("Attempt %(attempt)d of %(attempts)d failed (%(error)s); trying again.") % {
            "attempt": self.attempts,
            "attempts": settings.FACTCHECK_JOB_ATTEMPTS,
            "error": error,
        }
        self.save(update_fields=["status", "reason"])

    @alters_data
    def fail(self, error):
        """The last attempt failed: the item is failed for good, with its error."""
        self.finish(
            self.Status.FAILED,
            reason=ngettext(
                "%(error)s (tried %(count)d time)",
                "%(error)s (tried %(count)d times)",
                self.attempts,
            )
            % {"error": error, "count": self.attempts},
        )


def batch_summary(items):
    """The batch page's summary line, from its items."""
    counts = dict.fromkeys(ImportItem.Status, 0)
    for item in items:
        counts[item.status] += 1
    waiting = counts[ImportItem.Status.QUEUED] + counts[ImportItem.Status.RUNNING]
    text = _(
        "%(imported)d imported, %(present)d already present, %(refused)d refused, %(failed)d failed"
    ) % {
        "imported": counts[ImportItem.Status.IMPORTED],
        "present": counts[ImportItem.Status.PRESENT],
        "refused": counts[ImportItem.Status.REFUSED],
        "failed": counts[ImportItem.Status.FAILED],
    }
    if waiting:
        text += ngettext(", %(count)d still to do.", ", %(count)d still to do.", waiting) % {
            "count": waiting
        }
    else:
        text += "."
    return text, waiting == 0
