"""The report tables by rating level: a row per rollup key and level, not a column per level.

The verdict rollups (claimcount, claimantcount, articlecount, articledaycount)
gain a `rating` key column (a RatingLevel's id, null: no verdict) and lose
their verdicts_* columns; a claim's fact row and the alpha units keep
Krippendorff's unit as text by level id (`unit`, see reports.models.unit_text)
instead of reviews_* columns and the spread in steps. A level the desk adds
needs no DDL, and the steps are the scale's, read when a figure is.

On PostgreSQL the old views and keys go first and the tables are emptied;
reports/sql/0004_rating_levels.sql installs the new ones, and the tables are
rebuilt from the claims tables, so existing data keeps its counts. Backwards,
0003's SQL goes back in and its rebuild refills the columns.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations, models

SQL = Path(__file__).resolve().parent.parent / "sql"

TABLES = [
    "reports_claimfact",
    "reports_reviewfact",
    "reports_claimcount",
    "reports_claimantcount",
    "reports_verdicthours",
    "reports_alphaunits",
    "reports_articlecount",
    "reports_articledaycount",
    "reports_reviewtimes",
    "reports_reviewhours",
]
# The keys the triggers' upserts find their rows by, made by the SQL files
# (CREATE ... IF NOT EXISTS, so a changed key must go before its file runs).
KEYS = [
    "reports_claimcount_key",
    "reports_claimantcount_key",
    "reports_alphaunits_key",
    "reports_articlecount_key",
    "reports_articledaycount_key",
    "articlecount_least_reliable",
]


def run_sql_file(schema_editor, name):
    """Run a file of reports/sql, settings.TIME_ZONE for :'time_zone'."""
    time_zone = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
    text = (SQL / name).read_text().replace(":'time_zone'", time_zone)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(text)


def clear(apps, schema_editor):
    """The claim fact view, the changed keys and the rows go before the columns change."""
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the reports count live, the tables stay empty
    with schema_editor.connection.cursor() as cursor:
        # Its columns change, which CREATE OR REPLACE VIEW cannot do.
        cursor.execute("DROP VIEW IF EXISTS reports_claimfact_source")
        for key in KEYS:
            cursor.execute(f"DROP INDEX IF EXISTS {key}")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")


def install_and_rebuild(name):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        run_sql_file(schema_editor, name)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT reports_rebuild()")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_blind_ratings"),
    ]

    operations = [
        migrations.RunPython(clear, install_and_rebuild("0003_blind_ratings.sql")),
        migrations.RemoveIndex(
            model_name="claimfact",
            name="claimfact_disagreement",
        ),
        migrations.RemoveField(
            model_name="alphaunits",
            name="reviews_false",
        ),
        migrations.RemoveField(
            model_name="alphaunits",
            name="reviews_half_true",
        ),
        migrations.RemoveField(
            model_name="alphaunits",
            name="reviews_mostly_false",
        ),
        migrations.RemoveField(
            model_name="alphaunits",
            name="reviews_mostly_true",
        ),
        migrations.RemoveField(
            model_name="alphaunits",
            name="reviews_true",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="false_share",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_false",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_half_true",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_mostly_false",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_mostly_true",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_true",
        ),
        migrations.RemoveField(
            model_name="articledaycount",
            name="verdicts_unverifiable",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_false",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_half_true",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_mostly_false",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_mostly_true",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_true",
        ),
        migrations.RemoveField(
            model_name="claimantcount",
            name="verdicts_unverifiable",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_false",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_half_true",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_mostly_false",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_mostly_true",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_true",
        ),
        migrations.RemoveField(
            model_name="claimcount",
            name="verdicts_unverifiable",
        ),
        migrations.AddField(
            model_name="alphaunits",
            name="unit",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="articlecount",
            name="rating",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="articledaycount",
            name="rating",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="claimantcount",
            name="rating",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="claimcount",
            name="rating",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="claimfact",
            name="unit",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="claimfact",
            name="unit_size",
            field=models.IntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="claimfact",
            index=models.Index(fields=["unit", "claim_id"], name="claimfact_unit"),
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="reviews_false",
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="reviews_half_true",
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="reviews_mostly_false",
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="reviews_mostly_true",
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="reviews_true",
        ),
        migrations.RemoveField(
            model_name="claimfact",
            name="spread",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_false",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_half_true",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_mostly_false",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_mostly_true",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_true",
        ),
        migrations.RemoveField(
            model_name="articlecount",
            name="verdicts_unverifiable",
        ),
        migrations.RunPython(install_and_rebuild("0004_rating_levels.sql"), clear),
    ]
