"""A faster rebuild of the report tables, and no day rows in the review rollups.

Each dated rollup was rebuilt from its fact table eight times (four grains, for
all outlets and per outlet), each time sorting every fact. Now the facts are
summed once, into the rows per outlet of the first grain; each grain's rows for
all outlets are summed from its rows per outlet, and a month's, quarter's and
year's rows per outlet from the grain below.

The rebuild comes in two parts, reports_rebuild_claimfact() and
reports_rebuild_reviewfact(), each writing only its own tables, so that
rollups.rebuild can run them at once on two connections; reports_rebuild()
runs both in turn.

reports_reviewtimes and reports_reviewhours lose their day rows: at a million
claims those were 5.8 million rows for 2.06 million reviews, about a row per
review. The reports count a scope's days from reports_reviewfact instead,
found by its new index on (day, outlet).

Installed by reports/sql/0006_rebuild_from_grain_below.sql (PostgreSQL only).
Backwards, 0005's file puts the old functions back and its rebuild the day rows.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations, models

SQL = Path(__file__).resolve().parent.parent / "sql"


def sql_file(name):
    """A file of reports/sql, settings.TIME_ZONE for :'time_zone' (a copy of 0005's)."""
    time_zone = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
    return (SQL / name).read_text().replace(":'time_zone'", time_zone)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the reports count live, the tables stay empty
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql_file("0006_rebuild_from_grain_below.sql"))
        cursor.execute("DELETE FROM reports_reviewtimes WHERE grain = 'd'")
        cursor.execute("DELETE FROM reports_reviewhours WHERE grain = 'd'")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "DROP FUNCTION IF EXISTS reports_rebuild_claimfact(), reports_rebuild_reviewfact()"
        )
        cursor.execute(sql_file("0005_faster_rebuild.sql"))
        cursor.execute("SELECT reports_rebuild()")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_faster_rebuild"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reviewfact",
            index=models.Index(fields=["day", "outlet"], name="reviewfact_day"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
