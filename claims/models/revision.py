"""The desk's revision: a number that grows whenever anything the pages show is written.

A page kept for reuse (claims.pagecache) is filed under the revision it was
made at, so a write anywhere (a review, a verdict, a new user, a bulk load, a
data migration, an admin's edit) files every later request under a new number
and no kept page outlives what it shows. The database counts, not Django:
triggers on every table but the untracked ones below add one to the revision
in the same transaction as the write, so `QuerySet.update`, raw SQL, `COPY`
and `loaddata` move it as surely as `save()` does, and a reader sees the new
number exactly when it sees the new rows.

On PostgreSQL each table has one statement-level trigger, which counts once
per transaction and fires even under session_replication_role = replica (the
bulk load's COPY). A transaction takes the first stripe (row) no other
transaction holds, or adds a stripe when all are held, so concurrent writers
never wait on one another; the revision is the sum of the stripes. On SQLite,
which has no statement-level triggers and one writer at a time, each table has
a row trigger per kind of write on a single stripe.

The triggers are made by migration 0035 and again after every `migrate`
(claims.apps), which picks up tables made later and, on SQLite, tables that a
migration copied into a new one (which drops its triggers).
"""

from django.db import connection as default_connection
from django.db import models, router, transaction

TRIGGER = "factcheck_desk_changed"

# Written by what no page shows, or on every request: counting them would
# make every kept page stale at once.
UNTRACKED_TABLES = frozenset(
    {
        "claims_deskrevision",
        "django_session",
        "django_migrations",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)


class DeskRevision(models.Model):
    """One stripe of the desk's revision; the revision is the sum of the stripes."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "desk revision"

    def __str__(self):
        return f"stripe {self.pk}: {self.number}"

    @classmethod
    def current(cls):
        """The desk's revision as the pages' reads see it, or None inside a transaction.

        Inside a transaction what is read may yet be rolled back, so nothing
        read there may be kept under a revision.
        """
        using = router.db_for_read(cls)
        if transaction.get_connection(using).in_atomic_block:
            return None
        return cls.objects.using(using).aggregate(total=models.Sum("number"))["total"] or 0


def _sqlite_untrackable(connection):
    """Virtual tables (the full-text index) and their shadow tables take no triggers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        virtual = [row[0] for row in cursor.fetchall()]
    return lambda table: (
        table.startswith("sqlite_")
        or any(table == name or table.startswith(name + "_") for name in virtual)
    )


def tracked_tables(connection=default_connection, table_names=None):
    """The tables whose writes move the revision: every table but the untracked ones.

    `table_names`: the database's tables, when the caller has just listed them.
    """
    if table_names is None:
        table_names = connection.introspection.table_names()
    tables = set(table_names) - UNTRACKED_TABLES
    if connection.vendor == "sqlite":
        untrackable = _sqlite_untrackable(connection)
        tables = {table for table in tables if not untrackable(table)}
    return sorted(tables)


def _sqlite_trigger(table, event):
    return f"{TRIGGER}_{table}_{event.lower()}"


def _pg_triggers(cursor):
    """(table, tgenabled) for each desk trigger on a table in the search path."""
    cursor.execute(
        "SELECT c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE t.tgname = %s AND pg_catalog.pg_table_is_visible(c.oid)",
        [TRIGGER],
    )
    return cursor.fetchall()


def _sqlite_triggers(cursor):
    """(table, trigger name) for each desk trigger."""
    cursor.execute(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
        [TRIGGER + "%"],
    )
    return cursor.fetchall()


def tables_with_trigger(connection=default_connection):
    """The tables that have the trigger now (on PostgreSQL, firing always)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # 'A' (ENABLE ALWAYS) only: a trigger disabled, or enabled the ordinary way
            # ('O'), misses the bulk load's writes under session_replication_role = replica.
            return {table for table, enabled in _pg_triggers(cursor) if enabled == "A"}
        # A table is counted only with all three of its triggers.
        found: dict[str, set[str]] = {}
        for table, name in _sqlite_triggers(cursor):
            found.setdefault(table, set()).add(name)
        return {
            table
            for table, names in found.items()
            if names >= {_sqlite_trigger(table, e) for e in ("INSERT", "UPDATE", "DELETE")}
        }


_POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION factcheck_desk_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: the setting lasts until the transaction ends, and a
    -- savepoint rolled back takes it back with the count it guarded.
    IF current_setting('factcheck.desk_changed', true) = 'counted' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('factcheck.desk_changed', 'counted', true);
    UPDATE claims_deskrevision SET number = number + 1
     WHERE id = (SELECT id FROM claims_deskrevision ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED);
    IF NOT FOUND THEN
        INSERT INTO claims_deskrevision (number) VALUES (1);
    END IF;
    RETURN NULL;
END
$$
"""


_SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS %s AFTER %s ON %s BEGIN
    INSERT OR IGNORE INTO claims_deskrevision (id, number) VALUES (1, 0);
    UPDATE claims_deskrevision SET number = number + 1 WHERE id = 1;
END
"""


def install_triggers(connection=default_connection, table_names=None):
    """Give every tracked table that lacks it the trigger; returns how many were given it.

    `table_names`: the database's tables, when the caller has just listed them.
    """
    qn = connection.ops.quote_name
    have = tables_with_trigger(connection)
    missing = [table for table in tracked_tables(connection, table_names) if table not in have]
    if not missing:
        return 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION)
            for table in missing:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER}"
                    f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {qn(table)}"
                    f" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
                # Bulk loads write with session_replication_role = replica (scale.bulkload),
                # which skips ordinary triggers: this one fires all the same.
                cursor.execute(f"ALTER TABLE {qn(table)} ENABLE ALWAYS TRIGGER {TRIGGER}")
        else:
            for table in missing:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = qn(_sqlite_trigger(table, event))
                    cursor.execute(_SQLITE_TRIGGER % (name, event, qn(table)))
    return len(missing)


def remove_triggers(connection=default_connection):
    """Remove every desk trigger, found by name in the database itself, not in any model list.

    Going backwards past migration 0035, a trigger left on any table (one an
    app made after 0035, say) would name a table that no longer exists, and
    SQLite then refuses every later change to the schema.
    """
    qn = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, _enabled in _pg_triggers(cursor):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qn(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
            return
        for _table, name in _sqlite_triggers(cursor):
            cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}")
