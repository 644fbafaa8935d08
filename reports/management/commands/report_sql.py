from django.core.management.base import BaseCommand

from reports import sqlgen


class Command(BaseCommand):
    help = (
        "Print the report SQL reports/sqlgen.py writes: the text of a new "
        "reports/sql/NNNN_*.sql file for a new migration (see reports/sqlgen.py)."
    )

    def handle(self, *args, **options):
        self.stdout.write(sqlgen.generate(), ending="")
