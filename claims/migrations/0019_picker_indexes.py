"""Trigram indexes for the pickers' lookups by part of a name (PostgreSQL only).

The pickers (claims.lookups) match the typed words anywhere in an article's title
and a claimant's name or aliases with `icontains`, which PostgreSQL runs as
`UPPER(column::text) LIKE UPPER('%words%')`. A GIN trigram index on that same
expression serves it: at 125,000 articles a lookup takes a few milliseconds, not
the 80 to 170 of reading every title. Outlets and reviewers are few; they need none.
"""

from django.db import migrations

INDEXES = {
    "article_title_trigram": ("claims_article", "title"),
    "claimant_name_trigram": ("claims_claimant", "name"),
    "claimant_aliases_trigram": ("claims_claimant", "aliases"),
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    # 0005_search_indexes created the pg_trgm extension.
    dependencies = [("claims", "0018_claimants")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
