"""Count columns named for what they count, and the SQL that fills them under those names.

r0..r5 (claims per verdict rating) become verdicts_unverifiable..verdicts_true,
v1..v5 (a claim's rated reviews per value) reviews_false..reviews_true. The
rows keep their counts: only the names change, and the views, functions and
triggers are installed again from this migration's own file,
reports/sql/0002_named_counts.sql (PostgreSQL only, as in 0001).

ArticleCount.false_share is computed from the counts, and Django cannot alter
a generated field in place: it is dropped and added again around the renames
(PostgreSQL recomputes it; its index goes with it and the SQL makes it again).
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Cast, NullIf

SQL = Path(__file__).resolve().parent.parent / "sql"

VERDICTS = [
    ("r0", "verdicts_unverifiable"),
    ("r1", "verdicts_false"),
    ("r2", "verdicts_mostly_false"),
    ("r3", "verdicts_half_true"),
    ("r4", "verdicts_mostly_true"),
    ("r5", "verdicts_true"),
]
REVIEWS = [
    ("v1", "reviews_false"),
    ("v2", "reviews_mostly_false"),
    ("v3", "reviews_half_true"),
    ("v4", "reviews_mostly_true"),
    ("v5", "reviews_true"),
]


def run_sql_file(schema_editor, name):
    """Run a file of reports/sql, settings.TIME_ZONE for :'time_zone'."""
    time_zone = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
    text = (SQL / name).read_text().replace(":'time_zone'", time_zone)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(text)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the reports count live, the tables stay empty
    with schema_editor.connection.cursor() as cursor:
        # Its columns change names, which CREATE OR REPLACE VIEW cannot do.
        cursor.execute("DROP VIEW reports_claimfact_source")
    run_sql_file(schema_editor, "0002_named_counts.sql")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP FUNCTION reports_rebuild()")
        cursor.execute("DROP VIEW reports_claimfact_source")


def install_0001(apps, schema_editor):
    """Backwards, once the columns have their old names: 0001's SQL again."""
    if schema_editor.connection.vendor != "postgresql":
        return
    run_sql_file(schema_editor, "0001_report_tables.sql")


def false_share(false, every):
    total = F(every[0])
    for name in every[1:]:
        total = total + F(name)
    return Cast(F(false[0]) + F(false[1]), models.FloatField()) / NullIf(
        Cast(total, models.FloatField()), 0.0
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_tables"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, install_0001),
        migrations.RemoveField(model_name="articlecount", name="false_share"),
        *(
            migrations.RenameField(model_name=model, old_name=old, new_name=new)
            for model in ("claimcount", "claimantcount", "articlecount", "articledaycount")
            for old, new in VERDICTS
        ),
        *(
            migrations.RenameField(model_name=model, old_name=old, new_name=new)
            for model in ("claimfact", "alphaunits")
            for old, new in REVIEWS
        ),
        migrations.AddField(
            model_name="articlecount",
            name="false_share",
            field=models.GeneratedField(
                db_persist=True,
                expression=false_share(
                    ("verdicts_false", "verdicts_mostly_false"), [new for _old, new in VERDICTS]
                ),
                output_field=models.FloatField(),
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
