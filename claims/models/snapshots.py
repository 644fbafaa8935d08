"""Snapshots: a cited web page archived when it is cited, so the evidence outlives the page.

Adding a web item of evidence, or correcting its address, asks for a snapshot
(Snapshot.ask): a queued row, and a job (claims.tasks.take_snapshot) that fetches
the page through claims.fetching, the one way factcheck fetches, and keeps what came
back: the bytes through Django's storage API, their SHA-256, the HTTP status (a 404
is worth recording too), the final URL after redirects, the content type and the time.
A page that may not be fetched (a private address, too big) fails at once with its
reason; one that did not answer is retried by the job queue, and marked failed with
its error when the last attempt fails. When FACTCHECK_INTERNET_ARCHIVE is on, the
Wayback Machine is asked for a copy too (claims.archiving); its failure never fails
the local copy.
"""

import hashlib
import mimetypes

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..decorators import alters_data
from ..jobs import enqueue_on_commit


class SnapshotQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-asked_at", "-pk")

    def queued(self):
        return self.filter(status=Snapshot.Status.QUEUED)


def _copy_name(digest, content_type):
    """Where the bytes are stored: named by their SHA-256, so the same bytes are stored once
    and a job run twice writes nothing new."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    extension = (mimetypes.guess_extension(media_type) or ".bin") if media_type else ".bin"
    return f"snapshots/{digest[:2]}/{digest}{extension}"


class Snapshot(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        ARCHIVED = "archived", _("Archived")
        FAILED = "failed", _("Failed")

    evidence = models.ForeignKey(
        "claims.Evidence", on_delete=models.CASCADE, related_name="snapshots"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.QUEUED, db_index=True
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked for"), default=timezone.now)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    url = models.TextField(_("URL fetched"))
    final_url = models.TextField(_("final URL"), blank=True, help_text=_("After redirects."))
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    copy = models.FileField(_("stored copy"), max_length=300, blank=True)
    error = models.TextField(_("why it could not be archived"), blank=True)
    archive_url = models.TextField(_("Internet Archive copy"), blank=True)
    archive_error = models.TextField(_("why the Internet Archive has no copy"), blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["evidence", "-asked_at"], name="snapshot_latest")]

    def __str__(self):
        return f"{self.url} ({self.get_status_display()})"

    # Predicates the claim page and the publish gate ask.

    def is_queued(self):
        return self.status == self.Status.QUEUED

    def is_archived(self):
        return self.status == self.Status.ARCHIVED

    def is_failed(self):
        return self.status == self.Status.FAILED

    # Moves.

    @classmethod
    def ask(cls, evidence, *, by=None):
        """Queue a snapshot of `evidence`'s page; the one already queued for it, if any.

        Called inside the transaction that adds or corrects the item: the job is queued
        once it commits, and never for a change rolled back.
        """
        from ..tasks import take_snapshot  # the tasks module imports the models

        queued = cls.objects.queued().filter(evidence=evidence, url=evidence.url).first()
        if queued is not None:
            return queued
        snapshot = cls.objects.create(evidence=evidence, url=evidence.url, asked_by=by)
        enqueue_on_commit(take_snapshot, snapshot.pk)
        return snapshot

    @alters_data
    def take(self):
        """Fetch the page and keep what came back; the job's work. Safe to run twice: a
        snapshot no longer queued is left alone, and the same bytes are stored once.
        FetchFailed (worth another try) is raised for the job queue to retry."""
        from ..fetching import FetchRefused, fetch

        if not self.is_queued():
            return self
        try:
            fetched = fetch(self.url)
        except FetchRefused as refusal:
            return self.fail(str(refusal))
        digest = hashlib.sha256(fetched.body).hexdigest()
        name = _copy_name(digest, fetched.content_type)
        storage = self.copy.storage
        if not storage.exists(name):
            name = storage.save(name, ContentFile(fetched.body))
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if not locked.is_queued():  # another run got there first
                self.refresh_from_db()
                return self
            locked.status = self.Status.ARCHIVED
            locked.fetched_at = fetched.fetched_at
            locked.final_url = fetched.final_url
            locked.http_status = fetched.status
            locked.content_type = fetched.content_type[:200]
            locked.size = len(fetched.body)
            locked.sha256 = digest
            locked.copy.name = name
            locked.error = ""
            locked.save()
        self.refresh_from_db()
        return self

    @alters_data
    def fail(self, error):
        """Mark a queued snapshot failed, with the reason in words a person can act on."""
        updated = (
            type(self)
            .objects.queued()
            .filter(pk=self.pk)
            .update(status=self.Status.FAILED, error=str(error), fetched_at=timezone.now())
        )
        if updated:
            self.refresh_from_db()
        return self

    @alters_data
    def copy_to_internet_archive(self):
        """Ask the Wayback Machine for a copy and keep its address, or why there is none.
        Done at most once per snapshot; never raises for the archive's sake."""
        from ..archiving import ArchiveFailed, save_page_now

        if not self.is_archived() or self.archive_url or self.archive_error:
            return self
        try:
            self.archive_url = save_page_now(self.url)
        except ArchiveFailed as error:
            self.archive_error = str(error)
        self.save(update_fields=["archive_url", "archive_error"])
        return self

    def copy_filename(self):
        """The stored copy's name for a download: which snapshot, of which site."""
        from urllib.parse import urlsplit

        host = urlsplit(self.final_url or self.url).hostname or "page"
        name = self.copy.name or ""
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        return f"snapshot-{self.pk}-{host}.{extension}"
