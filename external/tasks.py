"""External fact-checks' jobs, run by a worker."""

from django.tasks import task

from claims.fetching import FetchRefused
from claims.jobs import retried

from .claimreview import Unreadable
from .models import Feed
from .services import read_feed


@task(takes_context=True)
@retried
def read_claimreview_feed(feed_id):
    """Read one feed now; its outcome is kept on the feed. Safe to run twice: a review
    already kept is updated, never doubled."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    try:
        return str(read_feed(feed))
    except (FetchRefused, Unreadable) as error:
        return f"not read: {error}"
