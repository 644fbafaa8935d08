"""Full-text search for the claims list on SQLite (PostgreSQL has its stored vector, 0011).

Two FTS5 indexes over the claims' statement, quote and claimant, both reading
their text from claims_claim (external content, so the text is not stored
twice):

- claims_claim_fts, with the porter stemmer ("trading" and "trade" are one
  word) and accents folded: the search itself;
- claims_claim_words, the same words unstemmed, with no positions kept, and
  claims_claim_words_vocab listing them: the vocabulary a misspelt word is
  corrected from ("did you mean"), so a suggestion is a word people wrote.

Triggers keep both in step with every insert, update and delete, whatever
makes it (the ORM, loaddata, bulk loads, raw SQL). Nothing happens on other
databases.

A migration that rebuilds claims_claim on SQLite (Django copies the table to
alter it) drops its triggers: test_search checks they are there after every
migration has run.
"""

import sqlite3

from django.db import migrations

SQL = """
CREATE VIRTUAL TABLE claims_claim_fts USING fts5(
    statement, quote, claimant, content = 'claims_claim', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE claims_claim_words USING fts5(
    statement, quote, claimant, content = 'claims_claim', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', detail = none
);
CREATE VIRTUAL TABLE claims_claim_words_vocab USING fts5vocab(claims_claim_words, 'row');

CREATE TRIGGER claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN
    INSERT INTO claims_claim_fts (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
    INSERT INTO claims_claim_words (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
END;
CREATE TRIGGER claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN
    INSERT INTO claims_claim_fts (claims_claim_fts, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_words (claims_claim_words, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
END;
CREATE TRIGGER claims_claim_fts_update AFTER UPDATE OF statement, quote, claimant ON claims_claim
BEGIN
    INSERT INTO claims_claim_fts (claims_claim_fts, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_words (claims_claim_words, rowid, statement, quote, claimant)
    VALUES ('delete', old.id, old.statement, old.quote, old.claimant);
    INSERT INTO claims_claim_fts (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
    INSERT INTO claims_claim_words (rowid, statement, quote, claimant)
    VALUES (new.id, new.statement, new.quote, new.claimant);
END;

-- The claims already there.
INSERT INTO claims_claim_fts (claims_claim_fts) VALUES ('rebuild');
INSERT INTO claims_claim_words (claims_claim_words) VALUES ('rebuild');
"""

UNDO = """
DROP TRIGGER claims_claim_fts_insert;
DROP TRIGGER claims_claim_fts_delete;
DROP TRIGGER claims_claim_fts_update;
DROP TABLE claims_claim_words_vocab;
DROP TABLE claims_claim_words;
DROP TABLE claims_claim_fts;
"""


def _statements(script):
    """The script's statements one by one (a trigger's body holds semicolons of its own)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""


def _run(script):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in _statements(script):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_picker_indexes")]

    operations = [migrations.RunPython(_run(SQL), _run(UNDO))]
