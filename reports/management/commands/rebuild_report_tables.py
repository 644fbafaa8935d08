from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from claims.jobs import enqueue_on_commit
from reports.rollups import rebuild
from reports.tasks import rebuild_report_tables


class Command(BaseCommand):
    help = (
        "Recompute the report tables from the claims tables, in one transaction. Needed after "
        "a load that skipped triggers, or after changing TIME_ZONE; PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the rebuild to a worker (manage.py db_worker) instead of waiting for it.",
        )

    def handle(self, *args, database, queue, **options):
        if queue:
            if database != "default":
                raise CommandError("A queued rebuild runs on the default database.")
            enqueue_on_commit(rebuild_report_tables)
            self.stdout.write("Rebuild queued; a worker will run it.")
            return
        if database not in connections.settings:
            raise CommandError(
                f"No database called {database!r}; the configured ones: {', '.join(connections)}."
            )
        seconds = rebuild(using=database)
        if seconds is None:
            self.stdout.write("Nothing to rebuild: on this database the reports count live.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Report tables rebuilt in {seconds:.1f} s"))
