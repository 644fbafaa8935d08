"""The two questions of a reported claim: how the article reported it, beside whether it is true.

A review's first answer on how it was reported is its blind one: a trigger refuses to
change it once given, on PostgreSQL and SQLite alike (as 0017's does the blind rating).
On SQLite, adding the reviews' check constraints copies claims_review into a new
table, which drops its triggers: 0017's blind-rating trigger is made again too.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

REFUSAL = "The blind answer of a review on how the claim was reported never changes."
POSTGRESQL_TRIGGER = f"""
CREATE FUNCTION claims_review_keep_blind_reporting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER claims_review_blind_reporting_kept
BEFORE UPDATE OF blind_reporting ON claims_review
FOR EACH ROW WHEN (
    OLD.blind_reporting IS NOT NULL AND OLD.blind_reporting IS DISTINCT FROM NEW.blind_reporting
)
EXECUTE FUNCTION claims_review_keep_blind_reporting();
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS claims_review_blind_reporting_kept
BEFORE UPDATE OF blind_reporting ON claims_review
FOR EACH ROW WHEN
    OLD.blind_reporting IS NOT NULL AND OLD.blind_reporting IS NOT NEW.blind_reporting
BEGIN
    SELECT RAISE(ABORT, '{REFUSAL}');
END;
"""


def keep_blind(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
        rating_scale = import_module("claims.migrations.0024_rating_scale")
        schema_editor.execute(rating_scale.SQLITE_BLIND_TRIGGER)


def stop_keeping_blind(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER claims_review_blind_reporting_kept ON claims_review")
        schema_editor.execute("DROP FUNCTION claims_review_keep_blind_reporting()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS claims_review_blind_reporting_kept")


def restore_blind_rating_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        rating_scale = import_module("claims.migrations.0024_rating_scale")
        schema_editor.execute(rating_scale.SQLITE_BLIND_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0030_rechecks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, removing the constraints copies the table again: this runs last.
        migrations.RunPython(migrations.RunPython.noop, restore_blind_rating_on_sqlite),
        migrations.AddField(
            model_name="historicalreview",
            name="blind_reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                editable=False,
                help_text="The first answer given, before seeing anyone else's. Never changes.",
                null=True,
                verbose_name="blind answer on how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="blind_reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                editable=False,
                help_text="The first answer given, before seeing anyone else's. Never changes.",
                null=True,
                verbose_name="blind answer on how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="reviewdraft",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddField(
            model_name="verdictrevision",
            name="reporting",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (3, "Reported faithfully"),
                    (2, "Partly faithful: wording or context changed"),
                    (1, "Misreported"),
                    (0, "Cannot tell: no record of what was said"),
                ],
                null=True,
                verbose_name="how it was reported",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reporting__isnull", True),
                    models.Q(("reporting__gte", 0), ("reporting__lte", 3)),
                    _connector="OR",
                ),
                name="review_reporting_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revised_at__isnull", False),
                    ("reporting", models.F("blind_reporting")),
                    _connector="OR",
                ),
                name="review_unrevised_reporting_is_blind",
            ),
        ),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reporting__isnull", True),
                    models.Q(("reporting__gte", 0), ("reporting__lte", 3)),
                    _connector="OR",
                ),
                name="verdict_reporting_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="verdictrevision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reporting__isnull", True),
                    models.Q(("reporting__gte", 0), ("reporting__lte", 3)),
                    _connector="OR",
                ),
                name="verdictrevision_reporting_known",
            ),
        ),
        migrations.RunPython(keep_blind, stop_keeping_blind),
    ]
