"""The nearest-statement GiST index built again over claims in statement order (PostgreSQL only).

A GiST trigram index has no sorted build: CREATE INDEX inserts the rows one by
one, in the order they lie in the table. In the order claims are written
(article by article, topics mixed), the first pages of the tree each gather
unlike statements, their signatures fill up with common trigrams, and the
nearest-first walk of the similar-claims page (migration 0010) can rule out
almost none of them: at a million claims it read about half of the index's
43,000 pages for 8 rows. Inserted in statement order, a page holds statements
that begin alike; the same walk reads about a thousand pages.

So the table is rewritten once in statement order (CLUSTER on a B-tree built
for it and dropped after), which also builds every index again, the GiST one
in that order. Claims written later go into the tree where they fit best, so
the order of the table after that does not matter; nothing else relies on it.

CLUSTER holds an exclusive lock on claims_claim while it runs (a few minutes at
a million claims): there is no concurrent way to rewrite a table, which is also
why 0010 built its index without CONCURRENTLY. Reverting keeps the rows where
they are: their order changes no result.
"""

from django.db import migrations

ORDER = "claim_statement_order"


def rewrite_in_statement_order(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {ORDER} ON claims_claim (statement)")
    schema_editor.execute(f"CLUSTER claims_claim USING {ORDER}")
    schema_editor.execute(f"DROP INDEX {ORDER}")
    schema_editor.execute("ANALYZE claims_claim")


class Migration(migrations.Migration):
    dependencies = [("claims", "0031_reported_claims")]

    operations = [migrations.RunPython(rewrite_in_statement_order, migrations.RunPython.noop)]
