"""Indexes for the claims list's search on PostgreSQL; nothing on other databases.

The indexes are built from the same expressions the search used (claims.search),
so PostgreSQL can use them. They live outside the model state because they only
exist on PostgreSQL.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FULL_TEXT = "claim_search_fulltext"
TRIGRAM = "claim_statement_trigram"


def _indexes():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    # The search's expression as it stood, frozen here: live code may rename the fields.
    vector = SearchVector("statement", "quote", "claimant", config="english")
    return [
        GinIndex(vector, name=FULL_TEXT),
        GinIndex(fields=["statement"], name=TRIGRAM, opclasses=["gin_trgm_ops"]),
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Claim = apps.get_model("claims", "Claim")
    for index in _indexes():
        schema_editor.add_index(Claim, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Claim = apps.get_model("claims", "Claim")
    for index in _indexes():
        schema_editor.remove_index(Claim, index)


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_verdict_revisions")]

    operations = [
        # CreateExtension does nothing on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
