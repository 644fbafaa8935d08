from django.core.management.base import BaseCommand

from claims.jobs import enqueue_on_commit
from external.models import Feed
from external.tasks import read_claimreview_feed


class Command(BaseCommand):
    help = (
        "Queues a reading of every followed ClaimReview feed, for a worker to do. Run it once "
        "a day (cron, a systemd timer)."
    )

    def handle(self, *args, **options):
        feeds = list(Feed.objects.filter(followed=True).values_list("pk", flat=True))
        for pk in feeds:
            enqueue_on_commit(read_claimreview_feed, pk)
        self.stdout.write(f"{len(feeds)} followed feed{'s' if len(feeds) != 1 else ''} queued.")
