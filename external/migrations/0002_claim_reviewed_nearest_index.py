"""A GiST trigram index on the claim reviewed: the nearest fact-checks first (PostgreSQL only)."""

from django.db import migrations

NAME = "external_claim_reviewed_nearest"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME} ON external_externalfactcheck "
            "USING gist (claim_reviewed gist_trgm_ops(siglen=256))"
        )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    # claims' migration 0005 created the pg_trgm extension.
    dependencies = [
        ("external", "0001_external_factchecks"),
        ("claims", "0010_statement_nearest_index"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
