"""Evidence on a claim: added, corrected and retracted, never deleted; primary sources confirmed.

An item of evidence is a web page, or an offline source (a document, an
interview, a dataset) described instead of linked. Its author or any editor can
correct it, or retract it with a reason, until the claim's verdict is published;
a retracted item stays on the record (its history, and struck through for
editors) but never counts for the publish gate nor shows publicly. The author's
"primary source" mark is a proposal until an editor confirms it: the gate counts
confirmed primary sources only.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import roles
from ..decorators import alters_data
from ..validators import WebURLField, url_key
from .errors import WorkflowError
from .snapshots import Snapshot

# The fields a correction may change.
CORRECTABLE_FIELDS = (
    "medium",
    "url",
    "description",
    "title",
    "publisher",
    "stance",
    "source_type",
    "excerpt",
    "accessed_on",
)


class EvidenceQuerySet(models.QuerySet):
    def live(self):
        """Evidence that stands: not retracted."""
        return self.filter(retracted_at__isnull=True)

    def with_latest_snapshot(self):
        """Each item's newest snapshot (Evidence.latest_snapshot), for all items in one query."""
        return self.prefetch_related(
            models.Prefetch(
                "snapshots",
                queryset=Snapshot.objects.newest_first()[:1],
                to_attr="latest_snapshots",
            )
        )


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    class SourceType(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    class Medium(models.TextChoices):
        WEB = "web", _("Web page")
        DOCUMENT = "document", _("Document")
        INTERVIEW = "interview", _("Interview")
        DATASET = "dataset", _("Dataset")

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="evidence")
    medium = models.CharField(
        _("kind of source"), max_length=20, choices=Medium, default=Medium.WEB, blank=True
    )
    url = WebURLField(_("URL"), blank=True)
    # The URL as normalise_url() reads it, hashed: two links to one page share it.
    url_key = models.CharField(max_length=64, blank=True, editable=False)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("For an offline source: what it is, and where a reader could find it."),
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    stance = models.CharField(_("stance"), max_length=20, choices=Stance)
    source_type = models.CharField(_("source type"), max_length=20, choices=SourceType)
    excerpt = models.TextField(_("excerpt"), blank=True)
    accessed_on = models.DateField(
        _("accessed on"), null=True, blank=True, help_text=_("When the source was read.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    primary_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    primary_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_reason = models.TextField(_("why it was retracted"), blank=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "url_key"],
                condition=Q(retracted_at__isnull=True) & ~Q(url_key=""),
                name="one_live_item_per_link",
                violation_error_message=_("This claim already has evidence from that page."),
            ),
            models.CheckConstraint(
                condition=~Q(medium="web") | ~Q(url=""),
                name="web_evidence_has_a_link",
                violation_error_message=_("A web page needs its address."),
            ),
        ]
        permissions = [("confirm_evidence", "Can confirm an item as a primary source")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # A link is the usual source; an item that does not say is a web page.
        self.medium = self.medium or self.Medium.WEB
        if self.medium == self.Medium.WEB and not self.url:
            raise ValidationError({"url": _("A web page needs its address.")})
        if self.medium != self.Medium.WEB and not self.description.strip():
            raise ValidationError(
                {"description": _("Say what the source is and where a reader could find it.")}
            )
        self.url_key = url_key(self.url) if self.url else ""

    @alters_data  # it sets url_key
    def validate(self):
        """full_clean(), its refusal said as a refused move."""
        try:
            self.full_clean()
        except ValidationError as error:
            raise WorkflowError(" ".join(error.messages)) from None

    # Predicates the pages, the gate and the admin ask.

    def is_retracted(self):
        return self.retracted_at is not None

    def is_confirmed_primary(self):
        return (
            not self.is_retracted()
            and self.source_type == self.SourceType.PRIMARY
            and self.primary_confirmed_at is not None
        )

    def awaits_confirmation(self):
        return (
            not self.is_retracted()
            and self.source_type == self.SourceType.PRIMARY
            and self.primary_confirmed_at is None
        )

    def is_correctable(self):
        """Its author or an editor may still correct or retract it (see can_be_changed_by)."""
        return not self.is_retracted() and self.claim.can_add_evidence()

    def is_web(self):
        return self.medium == self.Medium.WEB and bool(self.url)

    def latest_snapshot(self):
        """The newest snapshot of the item's page, or None; the claim page prefetches it
        (ClaimQuerySet.for_page) as `latest_snapshots`."""
        if hasattr(self, "latest_snapshots"):
            return next(iter(self.latest_snapshots), None)
        return self.snapshots.newest_first().first()

    def is_archived(self):
        """Its page, at its current address, was archived: what the publish gate may ask."""
        snapshot = self.latest_snapshot()
        return snapshot is not None and snapshot.is_archived() and snapshot.url == self.url

    def is_being_archived(self):
        snapshot = self.latest_snapshot()
        return snapshot is not None and snapshot.is_queued()

    def can_be_archived_by(self, user):
        """Its author and any editor may ask for a new snapshot of a web item that stands."""
        return self.is_web() and not self.is_retracted() and self.can_be_changed_by(user)

    def is_shown_to(self, user):
        """A retracted item stays on the claim page for editors, struck through; for no one else."""
        return not self.is_retracted() or roles.is_editor(user)

    def can_be_changed_by(self, user):
        """Its author and any editor may correct or retract it."""
        return user.pk is not None and (user.pk == self.added_by_id or roles.is_editor(user))

    # Moves. Each locks the claim and checks it still takes evidence.

    def _lock_claim(self):
        from .claim import EVIDENCE_CLOSED  # the claim module imports this one

        self.claim._lock(self.claim.TAKES_EVIDENCE, EVIDENCE_CLOSED)
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.is_retracted():
            raise WorkflowError(_("This evidence was retracted; add it again if it stands."))

    @alters_data
    def correct(self, *, by, **changes):
        """Change what the item says; a primary mark on a changed source is confirmed again."""
        if not self.can_be_changed_by(by):
            raise PermissionDenied(_("Only the person who added it, or an editor, can change it."))
        unknown = set(changes) - set(CORRECTABLE_FIELDS)
        if unknown:
            raise ValueError(f"Not a correctable field: {', '.join(sorted(unknown))}")
        with transaction.atomic():
            self._lock_claim()
            changed = [f for f, value in changes.items() if getattr(self, f) != value]
            for field, value in changes.items():
                setattr(self, field, value)
            if {"url", "medium", "source_type", "description"} & set(changed):
                # What an editor confirmed is no longer what the item says.
                self.primary_confirmed_at = self.primary_confirmed_by = None
            self.claim.refuse_duplicate_link(self)
            self.validate()
            self.save()
            if self.is_web() and {"url", "medium"} & set(changed):
                Snapshot.ask(self, by=by)
        return self

    @alters_data
    def archive(self, *, by):
        """Ask for a new snapshot of the item's page; the one queued already, if any."""
        if not self.can_be_changed_by(by):
            raise PermissionDenied(_("Only the person who added it, or an editor, can archive it."))
        if not self.is_web():
            raise WorkflowError(_("Only a web page can be archived."))
        with transaction.atomic():
            # Locked, so two asks at once queue one snapshot between them.
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.is_retracted():
                raise WorkflowError(_("This evidence was retracted; it is not archived again."))
            return Snapshot.ask(locked, by=by)

    @alters_data
    def retract(self, *, by, reason):
        """Withdraw the item, with a reason; it stays on the record."""
        if not self.can_be_changed_by(by):
            raise PermissionDenied(_("Only the person who added it, or an editor, can retract it."))
        reason = reason.strip()
        if not reason:
            raise WorkflowError(_("Say why the evidence is retracted."))
        with transaction.atomic():
            self._lock_claim()
            self.retracted_at, self.retracted_by, self.retraction_reason = (
                timezone.now(),
                by,
                reason,
            )
            self.save(update_fields=["retracted_at", "retracted_by", "retraction_reason"])
        return self

    @alters_data
    def confirm_primary(self, *, by):
        """An editor confirms that the item is a primary source."""
        if not by.has_perm("claims.confirm_evidence"):
            raise PermissionDenied(_("Only an editor can confirm a primary source."))
        if self.source_type != self.SourceType.PRIMARY:
            raise WorkflowError(_("Only an item marked as a primary source can be confirmed."))
        with transaction.atomic():
            self._lock_claim()
            self.primary_confirmed_at, self.primary_confirmed_by = timezone.now(), by
            self.save(update_fields=["primary_confirmed_at", "primary_confirmed_by"])
        return self
