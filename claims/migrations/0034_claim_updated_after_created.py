"""A claim changes no earlier than it is made: updated_at >= created_at, as a constraint.

The reports' oldest-first lists of a period say so outright to let the
(status, updated_at) index begin at the period's start
(reports.scope.Scope.changed_since_start); the constraint makes it a rule no
write path can break. A claim whose stamps say otherwise (none the workbench
writes: both are set on creation, updated_at after created_at) is taken to have
last changed when it was made. On SQLite adding the constraint copies
claims_claim into a new table, which drops its triggers: the full-text search's
are made again (0028's, unchanged).
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def restore_sqlite_triggers(apps, schema_editor):
    from importlib import import_module

    import_module("claims.migrations.0028_priority_and_due_dates").restore_sqlite_triggers(
        apps, schema_editor
    )


def changed_when_made(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claim.objects.filter(updated_at__lt=F("created_at")).update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0033_reviewer_queue_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, removing the constraint copies the table again: this runs last, after it.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.RunPython(changed_when_made, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(updated_at__gte=models.F("created_at")),
                name="claim_updated_after_created",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
