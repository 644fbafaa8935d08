"""Re-checks: a verdict that holds "as of" a day, and comes back to the desk on a date.

A verdict records the day it holds (Verdict.as_of: "as of 26 May 2023"). Some
claims go stale: a count of institutes, a ranking, a total for the year so far.
An editor gives such a claim a re-check date (Claim.schedule_recheck). Each day a
job (flag_due_rechecks, run by `manage.py flag_due_rechecks` or the worker) puts
the claims whose date has come in the editors' queue and tells the editor who set
the date and the one who settled the verdict (claims.signals.recheck_due).

The editor then either confirms the verdict (Claim.confirm_recheck: it holds as
of a later day, and the public page says when it was last checked), or reopens
the claim (Claim.reopen): the re-check is recorded as the reason, and the verdict
published after it is a correction that says it followed a re-check.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..signals import recheck_due
from .scheduling import today


class RecheckQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(outcome=Recheck.Outcome.CONFIRMED)

    def reopened(self):
        return self.filter(outcome=Recheck.Outcome.REOPENED)


class Recheck(models.Model):
    """One re-check of a claim's verdict, and what came of it."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("The verdict still holds")
        REOPENED = "reopened", _("Reopened to change the verdict")

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="rechecks")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    due_on = models.DateField(
        _("re-check date"), null=True, blank=True, help_text=_("The date it was due, if set.")
    )
    as_of = models.DateField(
        _("holds as of"),
        null=True,
        blank=True,
        help_text=_("Confirmed: the day the verdict holds from now on."),
    )
    note = models.TextField(_("what was checked"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    objects = RecheckQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "pk"]
        get_latest_by = "done_at"
        indexes = [models.Index(fields=["claim", "done_at"], name="recheck_claim_done")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="confirmed") | models.Q(as_of__isnull=False),
                name="recheck_confirmed_has_date",
            ),
        ]

    def __str__(self):
        return f"Claim {self.claim_id}: {self.get_outcome_display()} ({self.done_at:%Y-%m-%d})"

    def is_confirmed(self):
        return self.outcome == self.Outcome.CONFIRMED


def flag_due_rechecks(on=None):
    """Put in the editors' queue every claim whose re-check date has come by the day `on`
    (today), and tell the editors concerned (claims.signals.recheck_due); the number
    flagged. Safe to run twice, or two at once: a claim is flagged once per date, and the
    rows another run holds are skipped."""
    from .claim import Claim  # the claim module imports this one

    on = on or today()
    flagged = 0
    with transaction.atomic():
        due = (
            Claim.objects.rechecks_due(on)
            .select_related("verdict__editor", "recheck_by")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("recheck_on", "pk")
        )
        for claim in due:
            claim.recheck_due_since = on
            claim.save(update_fields=["recheck_due_since"])
            recheck_due.send(sender=Claim, claim=claim, on=on)
            flagged += 1
    return flagged
