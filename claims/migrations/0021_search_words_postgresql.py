"""The words the claims use, for the search's "did you mean" on PostgreSQL (SQLite has 0019).

A list of every distinct word of the claims' statements, quotes and claimants
(letters only, 3 to 40 of them), with a trigram index: a misspelt word finds
its nearest words in milliseconds. Computing them from the claims instead
(ts_stat, or the statements nearest a word by the GiST index of 0010) reads
far too much on a million claims: about a second a word at 200,000.

Statement-level triggers add the words of inserted and updated claims, a
statement at a time (a COPY of thousands of claims is one INSERT here). The
list only grows: a word whose last claim was deleted may still be suggested,
and then finds nothing, as any search may. Bulk loads that skip triggers
(generate_data under session_replication_role = replica) call
claims.search.refresh_search_words() at the end. Nothing happens on other
databases.
"""

from django.db import migrations

WORDS = """
SELECT DISTINCT lexeme FROM {table},
    unnest(to_tsvector('simple', statement || ' ' || quote || ' ' || claimant))
WHERE lexeme ~ '^[[:alpha:]]{{3,40}}$'
ORDER BY 1
"""

SQL = [
    "CREATE TABLE claims_search_word (word text PRIMARY KEY)",
    "CREATE INDEX claims_search_word_trigram ON claims_search_word USING gin (word gin_trgm_ops)",
    """
    CREATE FUNCTION claims_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- In word order, so concurrent writers take the words' locks in one order.
        INSERT INTO claims_search_word (word)
        """
    + WORDS.format(table="new_claims")
    + """
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER claims_search_words_insert AFTER INSERT ON claims_claim "
    "REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT "
    "EXECUTE FUNCTION claims_search_words_add()",
    "CREATE TRIGGER claims_search_words_update AFTER UPDATE ON claims_claim "
    "REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT "
    "EXECUTE FUNCTION claims_search_words_add()",
    "INSERT INTO claims_search_word (word) "
    + WORDS.format(table="claims_claim")
    + " ON CONFLICT DO NOTHING",
]

UNDO = [
    "DROP TRIGGER claims_search_words_update ON claims_claim",
    "DROP TRIGGER claims_search_words_insert ON claims_claim",
    "DROP FUNCTION claims_search_words_add()",
    "DROP TABLE claims_search_word",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0020_claim_fulltext_sqlite")]

    operations = [migrations.RunPython(_run(SQL), _run(UNDO))]
