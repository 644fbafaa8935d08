"""Blind ratings: the rating and rationale a reviewer first submits, kept for good.

Existing reviews take their current rating and rationale as the blind one
(what they were first submitted with is not known for certain), then a
trigger refuses any change to either, on PostgreSQL and SQLite alike, so no
write path (the ORM, .update(), raw SQL) can undo a blind rating. Drafts of
reviews get their own table, which nothing counts.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The same rule in each database's dialect: a blind rating, once written, stays.
REFUSAL = "The blind rating and rationale of a review never change."
POSTGRESQL_TRIGGER = f"""
CREATE FUNCTION claims_review_keep_blind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER claims_review_blind_kept
BEFORE UPDATE OF blind_rating, blind_rationale ON claims_review
FOR EACH ROW WHEN (
    (OLD.blind_rating, OLD.blind_rationale) IS DISTINCT FROM (NEW.blind_rating, NEW.blind_rationale)
)
EXECUTE FUNCTION claims_review_keep_blind();
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER claims_review_blind_kept
BEFORE UPDATE OF blind_rating, blind_rationale ON claims_review
FOR EACH ROW WHEN
    OLD.blind_rating IS NOT NEW.blind_rating OR OLD.blind_rationale IS NOT NEW.blind_rationale
BEGIN
    SELECT RAISE(ABORT, '{REFUSAL}');
END;
"""


def keep_blind(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": POSTGRESQL_TRIGGER, "sqlite": SQLITE_TRIGGER}.get(vendor)
    if sql is None:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


def stop_keeping_blind(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("DROP TRIGGER claims_review_blind_kept ON claims_review")
            cursor.execute("DROP FUNCTION claims_review_keep_blind()")
        elif vendor == "sqlite":
            cursor.execute("DROP TRIGGER claims_review_blind_kept")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0016_statement_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rating",
                    models.IntegerField(
                        blank=True,
                        choices=[
                            (5, "True"),
                            (4, "Mostly true"),
                            (3, "Half true"),
                            (2, "Mostly false"),
                            (1, "False"),
                            (0, "Unverifiable"),
                        ],
                        null=True,
                        verbose_name="rating",
                    ),
                ),
                (
                    "confidence",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="confidence",
                    ),
                ),
                ("rationale", models.TextField(blank=True, verbose_name="rationale")),
                ("saved_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="blind_rating",
            field=models.IntegerField(
                choices=[
                    (5, "True"),
                    (4, "Mostly true"),
                    (3, "Half true"),
                    (2, "Mostly false"),
                    (1, "False"),
                    (0, "Unverifiable"),
                ],
                editable=False,
                help_text="The rating first submitted, before seeing anyone else's. Never changes.",
                null=True,
                verbose_name="blind rating",
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="blind_rationale",
            field=models.TextField(default="", editable=False, verbose_name="blind rationale"),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="revised_after_reveal",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="revised after seeing other reviews"
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="revised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="revised at"
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="revision_reason",
            field=models.TextField(blank=True, verbose_name="reason for the revision"),
        ),
        migrations.AddField(
            model_name="review",
            name="blind_rating",
            field=models.IntegerField(
                choices=[
                    (5, "True"),
                    (4, "Mostly true"),
                    (3, "Half true"),
                    (2, "Mostly false"),
                    (1, "False"),
                    (0, "Unverifiable"),
                ],
                editable=False,
                help_text="The rating first submitted, before seeing anyone else's. Never changes.",
                null=True,
                verbose_name="blind rating",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="blind_rationale",
            field=models.TextField(default="", editable=False, verbose_name="blind rationale"),
        ),
        migrations.AddField(
            model_name="review",
            name="revised_after_reveal",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="revised after seeing other reviews"
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="revised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="revised at"
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="revision_reason",
            field=models.TextField(blank=True, verbose_name="reason for the revision"),
        ),
        migrations.RunSQL(
            [
                "UPDATE claims_review SET blind_rating = rating, blind_rationale = rationale",
                "UPDATE claims_historicalreview SET blind_rating = rating, blind_rationale = rationale",
            ],
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="historicalreview",
            name="blind_rating",
            field=models.IntegerField(
                choices=[
                    (5, "True"),
                    (4, "Mostly true"),
                    (3, "Half true"),
                    (2, "Mostly false"),
                    (1, "False"),
                    (0, "Unverifiable"),
                ],
                editable=False,
                help_text="The rating first submitted, before seeing anyone else's. Never changes.",
                verbose_name="blind rating",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreview",
            name="blind_rationale",
            field=models.TextField(editable=False, verbose_name="blind rationale"),
        ),
        migrations.AlterField(
            model_name="review",
            name="blind_rating",
            field=models.IntegerField(
                choices=[
                    (5, "True"),
                    (4, "Mostly true"),
                    (3, "Half true"),
                    (2, "Mostly false"),
                    (1, "False"),
                    (0, "Unverifiable"),
                ],
                editable=False,
                help_text="The rating first submitted, before seeing anyone else's. Never changes.",
                verbose_name="blind rating",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="blind_rationale",
            field=models.TextField(editable=False, verbose_name="blind rationale"),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(("blind_rating__gte", 0), ("blind_rating__lte", 5)),
                name="review_blind_rating_on_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revised_at__isnull", False),
                    models.Q(
                        ("rating", models.F("blind_rating")),
                        ("rationale", models.F("blind_rationale")),
                    ),
                    _connector="OR",
                ),
                name="review_unrevised_is_blind",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("revised_at__isnull", True),
                    models.Q(("revision_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="review_revision_has_reason",
            ),
        ),
        migrations.AddField(
            model_name="reviewdraft",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_drafts",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="reviewdraft",
            name="evidence",
            field=models.ManyToManyField(blank=True, related_name="+", to="claims.evidence"),
        ),
        migrations.AddField(
            model_name="reviewdraft",
            name="reviewer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewdraft",
            constraint=models.UniqueConstraint(
                fields=("claim", "reviewer"), name="one_draft_per_reviewer"
            ),
        ),
        migrations.RunPython(keep_blind, stop_keeping_blind),
    ]
