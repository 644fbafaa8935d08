from django.core.management.base import BaseCommand

from reports.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the report tables from the claims tables, in one transaction. Needed after "
        "a load that skipped triggers, or after changing TIME_ZONE; PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, database, **options):
        seconds = rebuild(using=database)
        if seconds is None:
            self.stdout.write("Nothing to rebuild: on this database the reports count live.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Report tables rebuilt in {seconds:.1f} s"))
