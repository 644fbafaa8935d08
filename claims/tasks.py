"""The claims app's jobs, run by a worker (`manage.py db_worker`) rather than in a request."""

from django.tasks import task

from .archiving import is_enabled as internet_archive_enabled
from .jobs import retried
from .models import Snapshot, flag_due_rechecks


def _snapshot_gave_up(error, snapshot_pk):
    # The last attempt met a page that did not answer: say so on the claim page.
    snapshot = Snapshot.objects.filter(pk=snapshot_pk).first()
    if snapshot is not None:
        snapshot.fail(str(error))


@task(takes_context=True)
@retried(gave_up=_snapshot_gave_up)
def take_snapshot(snapshot_pk):
    """Archive a cited page (Snapshot.take), then ask the Internet Archive for a copy when
    configured. Safe to run again: a snapshot already taken is not fetched twice."""
    snapshot = Snapshot.objects.filter(pk=snapshot_pk).first()
    if snapshot is None:
        return None
    snapshot = snapshot.take()
    if internet_archive_enabled():
        snapshot.copy_to_internet_archive()
    return snapshot.status


@task(takes_context=True)
@retried
def flag_rechecks():
    """Put the claims whose re-check date has come in the editors' queue and tell their
    editors (claims.models.rechecks.flag_due_rechecks); the number flagged. Safe to run
    twice, or two at once: a claim is flagged once per date."""
    return flag_due_rechecks()
