"""The desk's revision, and the triggers on every table that move it (claims.models.revision)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from claims.models.revision import install_triggers

    install_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    from claims.models.revision import remove_triggers

    remove_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0034_claim_updated_after_created"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeskRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "desk revision"},
        ),
        migrations.RunPython(install, remove),
    ]
