"""A faster rebuild of the report tables: the same rows, summed from fewer rows.

Only reports_rebuild() changes. Each dated rollup was summed from its fact
table eight times (four grains, for all outlets and per outlet), each time
sorting every fact. Now the facts are summed once, into the day rows per
outlet; each grain's rows for all outlets are summed from its rows per outlet,
and a month's, quarter's and year's rows per outlet from the grain below. At a
million claims the rebuild took 115 s before and 82 s after.

The tables keep their rows, so nothing is rebuilt here:
reports/sql/0006_rebuild_from_grain_below.sql installs the new function
(PostgreSQL only), and backwards 0005's file puts the old one back.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations

SQL = Path(__file__).resolve().parent.parent / "sql"


def run_sql_file(name):
    """A step running a file of reports/sql, settings.TIME_ZONE for :'time_zone'.

    A copy of 0005's: a migration keeps to itself what it runs.
    """

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: the reports count live, the tables stay empty
        time_zone = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
        text = (SQL / name).read_text().replace(":'time_zone'", time_zone)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(text)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_faster_rebuild"),
    ]

    operations = [
        migrations.RunPython(
            run_sql_file("0006_rebuild_from_grain_below.sql"),
            run_sql_file("0005_faster_rebuild.sql"),
        ),
    ]
