"""A GiST trigram index on the statement, for the nearest statements first (PostgreSQL only).

The similar-claims page orders claims by trigram distance (`<->`) and takes
the first few; a GiST index walks to them without comparing every statement.
The signature is 256 bytes, not the default 12: statements are long, and a
longer signature tells them apart with far fewer rechecks.
"""

from django.db import migrations

NAME = "claim_statement_nearest"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME} ON claims_claim USING gist (statement gist_trgm_ops(siglen=256))"
        )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_scale_indexes")]

    operations = [migrations.RunPython(add_index, remove_index)]
