"""Re-checks: a verdict's "as of" day, a claim's re-check date, and the re-checks done.

Verdicts settled before this hold as of the day they were settled, and their
publications as of the day they were published, in the site's time zone. On
SQLite, adding the claim's columns may copy claims_claim into a new table, which
drops its triggers: the full-text search's are made again (0028's, unchanged).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import claims.models.scheduling


def restore_sqlite_triggers(apps, schema_editor):
    from importlib import import_module

    import_module("claims.migrations.0028_priority_and_due_dates").restore_sqlite_triggers(
        apps, schema_editor
    )


def date_the_verdicts(apps, schema_editor):
    Verdict = apps.get_model("claims", "Verdict")
    VerdictRevision = apps.get_model("claims", "VerdictRevision")
    for verdict in Verdict.objects.only("pk", "settled_at").iterator():
        Verdict.objects.filter(pk=verdict.pk).update(as_of=timezone.localdate(verdict.settled_at))
    for revision in VerdictRevision.objects.only("pk", "published_at").iterator():
        VerdictRevision.objects.filter(pk=revision.pk).update(
            as_of=timezone.localdate(revision.published_at)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0029_numbers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, removing the fields copies the table again: this runs last, after it.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.CreateModel(
            name="Recheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("confirmed", "The verdict still holds"),
                            ("reopened", "Reopened to change the verdict"),
                        ],
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "due_on",
                    models.DateField(
                        blank=True,
                        help_text="The date it was due, if set.",
                        null=True,
                        verbose_name="re-check date",
                    ),
                ),
                (
                    "as_of",
                    models.DateField(
                        blank=True,
                        help_text="Confirmed: the day the verdict holds from now on.",
                        null=True,
                        verbose_name="holds as of",
                    ),
                ),
                ("note", models.TextField(verbose_name="what was checked")),
                ("done_at", models.DateTimeField(auto_now_add=True, verbose_name="done at")),
            ],
            options={
                "ordering": ["done_at", "pk"],
                "get_latest_by": "done_at",
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="recheck_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="re-check set by",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="recheck_due_since",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="due for a re-check since"
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="recheck_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When the verdict is to be checked again, for a fact that can go stale.",
                null=True,
                verbose_name="re-check date",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="recheck_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="re-check set by",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="recheck_due_since",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="due for a re-check since"
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="recheck_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="When the verdict is to be checked again, for a fact that can go stale.",
                null=True,
                verbose_name="re-check date",
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="as_of",
            field=models.DateField(
                default=claims.models.scheduling.today,
                help_text="The day the verdict holds: when the facts were checked, or the date of the figures it rests on. A re-check that confirms the verdict moves it on.",
                verbose_name="holds as of",
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="as_of",
            field=models.DateField(
                default=claims.models.scheduling.today,
                help_text="The day the verdict holds: when the facts were checked, or the date of the figures it rests on. A re-check that confirms the verdict moves it on.",
                verbose_name="holds as of",
            ),
        ),
        migrations.AddField(
            model_name="verdictrevision",
            name="as_of",
            field=models.DateField(blank=True, null=True, verbose_name="holds as of"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("recheck_on__isnull", False)),
                fields=["recheck_on"],
                name="claim_recheck_on",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("recheck_due_since__isnull", False)),
                fields=["recheck_due_since"],
                name="claim_recheck_due",
            ),
        ),
        migrations.AddField(
            model_name="recheck",
            name="by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="recheck",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rechecks",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="verdictrevision",
            name="recheck",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="claims.recheck",
                verbose_name="after the re-check",
            ),
        ),
        migrations.AddIndex(
            model_name="recheck",
            index=models.Index(fields=["claim", "done_at"], name="recheck_claim_done"),
        ),
        migrations.AddConstraint(
            model_name="recheck",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "confirmed"), _negated=True),
                    ("as_of__isnull", False),
                    _connector="OR",
                ),
                name="recheck_confirmed_has_date",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(date_the_verdicts, migrations.RunPython.noop),
    ]
