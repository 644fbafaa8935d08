from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from reports.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the report tables from the claims tables, in one transaction. Needed after "
        "a load that skipped triggers, or after changing TIME_ZONE; PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, database, **options):
        if database not in connections.settings:
            raise CommandError(
                f"No database called {database!r}; the configured ones: {', '.join(connections)}."
            )
        seconds = rebuild(using=database)
        if seconds is None:
            self.stdout.write("Nothing to rebuild: on this database the reports count live.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Report tables rebuilt in {seconds:.1f} s"))
