"""The full-text search vector stored on the claim, kept by a trigger (PostgreSQL only).

Searching an expression index means computing the vector again for every row
the plan walks; a stored vector is read, not computed, so a search for a common
word sorted by date stays fast. The trigger fires on every insert and on
updates of the three fields, and ALWAYS, so bulk loads under
session_replication_role = replica (generate_data) fill it too.
"""

import django.contrib.postgres.search
from django.db import migrations

TRIGGER = "claim_search_vector_update"
INDEX = "claim_search_vector"
OLD_INDEX = "claim_search_fulltext"


def store_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in [
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF statement, quote, claimant "
        "ON claims_claim FOR EACH ROW EXECUTE FUNCTION "
        "tsvector_update_trigger(search_vector, 'pg_catalog.english', statement, quote, claimant)",
        f"ALTER TABLE claims_claim ENABLE ALWAYS TRIGGER {TRIGGER}",
        "UPDATE claims_claim SET statement = statement",  # the trigger fills the vector
        f"DROP INDEX IF EXISTS {OLD_INDEX}",
        f"CREATE INDEX {INDEX} ON claims_claim USING gin (search_vector)",
    ]:
        schema_editor.execute(sql)


def compute_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    # 0005's expression, frozen here: live code may rename the fields.
    search_vector = SearchVector("statement", "quote", "claimant", config="english")
    schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute(f"DROP TRIGGER {TRIGGER} ON claims_claim")
    schema_editor.add_index(
        apps.get_model("claims", "Claim"), GinIndex(search_vector, name=OLD_INDEX)
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_statement_nearest_index")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(store_vector, compute_vector),
    ]
