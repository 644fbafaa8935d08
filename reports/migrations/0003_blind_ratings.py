"""The reports count blind ratings, and reviews revised after seeing other reviews.

The views behind the fact rows read claims_review.blind_rating (claims
migration 0014) where they read rating: Krippendorff's unit, the spread and a
review's agreement with the verdict. reviewfact.revised and
reviewhours.revised count reviews revised after the reveal. The views,
functions and triggers are installed again from this migration's own file,
reports/sql/0003_blind_ratings.sql (PostgreSQL only, as in 0001).

No fact row changes here: 0014 made every existing review's blind rating its
rating, and none is revised yet.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations, models

SQL = Path(__file__).resolve().parent.parent / "sql"


def run_sql_file(schema_editor, name):
    """Run a file of reports/sql, settings.TIME_ZONE for :'time_zone'."""
    time_zone = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
    text = (SQL / name).read_text().replace(":'time_zone'", time_zone)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(text)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the reports count live, the tables stay empty
    run_sql_file(schema_editor, "0003_blind_ratings.sql")


def install_0002(apps, schema_editor):
    """Backwards: 0002's SQL again, before the revised columns go."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # It loses its last column, which CREATE OR REPLACE VIEW cannot do.
        cursor.execute("DROP VIEW reports_reviewfact_source")
    run_sql_file(schema_editor, "0002_named_counts.sql")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_named_counts"),
        ("claims", "0017_review_blind_rating"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewfact",
            name="revised",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="reviewhours",
            name="revised",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(install, install_0002),
    ]
