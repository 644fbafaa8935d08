from django.core.management.base import BaseCommand

from claims.jobs import enqueue_on_commit
from claims.models import flag_due_rechecks
from claims.tasks import flag_rechecks


class Command(BaseCommand):
    help = (
        "Put in the editors' queue every claim whose re-check date has come, and tell the "
        "editor who set the date and the one who settled the verdict. Run it once a day "
        "(cron); running it again flags nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the run to a worker (manage.py db_worker) instead of doing it now.",
        )

    def handle(self, *args, queue, **options):
        if queue:
            enqueue_on_commit(flag_rechecks)
            self.stdout.write("Re-checks queued; a worker will flag them.")
            return
        flagged = flag_due_rechecks()
        self.stdout.write(self.style.SUCCESS(f"Claims due for a re-check: {flagged}."))
