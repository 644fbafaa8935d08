"""Bringing other organisations' fact-checks in: from bytes (an uploaded file) or from an
address (fetched through claims.fetching, with its guard, timeouts and size cap)."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from claims.fetching import FetchRefused, fetch

from .claimreview import Unreadable, read
from .models import ExternalFactCheck, Feed


@dataclass
class Outcome:
    made: int = 0
    updated: int = 0
    refused: list = field(default_factory=list)  # a reason for each review left out

    def __str__(self):
        text = _("%(made)d new, %(updated)d updated") % {"made": self.made, "updated": self.updated}
        if self.refused:
            text += _(", %(count)d left out (%(first)s)") % {
                "count": len(self.refused),
                "first": self.refused[0],
            }
        return text


def import_data(data, *, media_type="", feed=None):
    """Read and keep the fact-checks in `data`; raises claimreview.Unreadable."""
    found, refused = read(data, media_type=media_type)
    made, updated = ExternalFactCheck.objects.record(found, feed=feed)
    return Outcome(made, updated, refused)


def read_feed(feed):
    """Fetch `feed` and keep what it holds, recording the outcome on the feed.

    A page that cannot be had or read is recorded as the feed's error (FetchRefused,
    Unreadable, an answer that is not 2xx); a transient failure (FetchFailed) is raised
    for the job queue to try again.
    """
    try:
        fetched = fetch(feed.url)
        if not fetched.ok:
            raise Unreadable(_("the address answered HTTP %(status)d") % {"status": fetched.status})
        outcome = import_data(fetched.body, media_type=fetched.media_type, feed=feed)
    except (FetchRefused, Unreadable) as error:
        Feed.objects.filter(pk=feed.pk).update(read_at=timezone.now(), last_error=str(error))
        raise
    Feed.objects.filter(pk=feed.pk).update(
        read_at=timezone.now(), last_error="", last_count=outcome.made + outcome.updated
    )
    return outcome
