"""A claim's priority and due date, an assignment's due date and its reminders.

On SQLite, Django adds the NOT NULL priority column and the check constraint by
copying claims_claim into a new table, which drops the table's triggers: the
full-text search's of migration 0020 are made again here, as 0020 wrote them (the
FTS5 indexes themselves read the rows by id, which the copy keeps).
PostgreSQL alters the table in place and keeps its triggers.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_FTS_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN
    INSERT INTO claims_claim_fts (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
    INSERT INTO claims_claim_words (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN
    INSERT INTO claims_claim_fts (claims_claim_fts, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_words (claims_claim_words, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update
AFTER UPDATE OF statement, quote, claimant ON claims_claim
BEGIN
    INSERT INTO claims_claim_fts (claims_claim_fts, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_words (claims_claim_words, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_fts (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
    INSERT INTO claims_claim_words (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
END""",
]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_FTS_TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0027_saved_views"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, the fields' removal copies the table again: this runs last, after it.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.AddField(
            model_name="assignment",
            name="due",
            field=models.DateField(blank=True, null=True, verbose_name="due date"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="reminded_due_soon_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="assignment",
            name="reminded_overdue_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="due",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When the verdict is wanted; new assignments are due then too.",
                null=True,
                verbose_name="due date",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="priority",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "Urgent"), (2, "High"), (3, "Normal"), (4, "Low")],
                default=3,
                editable=False,
                verbose_name="priority",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="due",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When the verdict is wanted; new assignments are due then too.",
                null=True,
                verbose_name="due date",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="priority",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "Urgent"), (2, "High"), (3, "Normal"), (4, "Low")],
                default=3,
                editable=False,
                verbose_name="priority",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                condition=models.Q(("due__isnull", False)), fields=["due"], name="assignment_due"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["status", "priority", "due", "-updated_at", "-id"],
                name="claim_status_urgency",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["priority", "updated_at", "id"], name="claim_priority_updated"
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("priority__gte", 1), ("priority__lte", 4)),
                name="claim_priority_known",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
