"""Claims in different articles that state the same fact."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .claim import Claim
from .errors import WorkflowError


class ClaimLink(models.Model):
    """Two claims from different articles that an editor found to state the same fact.

    Stored once per pair, lower id first; a verdict on one is suggested on the other.
    """

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_first")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_second")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_link_per_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="link_ordered_pair"),
        ]

    def __str__(self):
        return f"{self.first_id} = {self.second_id}"

    @classmethod
    def link(cls, claim, other, *, by):
        """Record that `claim` and `other` state the same fact."""
        if not by.has_perm("claims.change_claim"):
            raise PermissionDenied(_("You are not allowed to do that."))
        if claim.pk == other.pk or claim.article_id == other.article_id:
            raise WorkflowError(_("Only claims from different articles can be linked."))
        first, second = sorted((claim, other), key=lambda c: c.pk)
        link, created = cls.objects.get_or_create(
            first=first, second=second, defaults={"linked_by": by}
        )
        if not created:
            raise WorkflowError(_("These claims are already linked."))
        return link
