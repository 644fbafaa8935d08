"""Writing generated tables in bulk: COPY through psycopg on PostgreSQL, INSERTs elsewhere.

A batch is one model's rows as columns: {attname: column}, every column the
same length. A column is a NumPy array (integers, floats with NaN for NULL,
datetime64 with NaT for NULL, a masked array for NULL integers), a sequence of
str (None for NULL), or a single value shared by every row. Columns the batch
leaves out take the field's default.

On PostgreSQL the batches are turned into COPY text in a forked child process
while this one streams earlier batches to the server. The tables are split
between connections ("lanes"), each with its own transaction, thread and
server process: while one connection still copies, another can already build
its tables' indexes, which are dropped for the load and built once after it.
"""

import json
import multiprocessing
import queue
import threading
import time
from datetime import UTC, date, datetime
from itertools import repeat

import numpy as np
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, connections, models
from django.db.models import Max
from psycopg import sql

# Given instead of a batch's columns: the model has no more batches to come,
# so its connection can go on to build the indexes once all its tables are done.
FINISHED = None
BATCH = 5000  # rows per INSERT where there is no COPY
AHEAD = 4  # encoded batches the child may run ahead of the COPY
NULL = "\\N"
_SPECIAL = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}  # and their COPY escapes
_ESCAPES = str.maketrans(_SPECIAL)


class Writer:
    """Loads batches into the database and keeps per-table counts and seconds.

    Use it as a context manager around the transaction that calls load(): on
    PostgreSQL, outside any transaction, it writes some tables on a second
    connection, whose transaction it commits right after the main one.
    """

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts = {}
        self.seconds = {}
        self.index_seconds = 0
        self._side = None
        self._parallel = False
        self._lanes_used = []

    def __enter__(self):
        self._parallel = self.postgres and not connection.in_atomic_block
        return self

    def __exit__(self, kind, error, trace):
        if self._side is not None:
            if kind is None:
                # Only a failure between the two commits could leave claims
                # without their reviews; never rows pointing at missing claims.
                with self._side.cursor() as cursor:
                    flush_table_counts(cursor)
                self._side.commit()
            self._side.close()
            self._side = None

    def start(self, groups):
        """Get the tables ready; the first free id of each, read where its rows will be written.

        Models grouped together share a connection.
        """
        models = [m for group in groups for m in group]
        if not self.postgres:
            return {m: (m.objects.aggregate(last=Max("pk"))["last"] or 0) + 1 for m in models}
        self._lanes_used = self._lanes(groups)
        ids = {}
        for lane in self._lanes_used:
            ids.update(lane.first_ids())  # while the primary keys are there to answer
            lane.drop_indexes()
        return ids

    def load(self, batches):
        """Write every (model, columns) batch; on PostgreSQL, rebuild the dropped indexes after."""
        if not self.postgres:
            for model, columns in batches:
                if columns is not FINISHED:
                    self._timed(model, _length(columns), self._bulk_create, model, columns)
            return
        lanes = self._lanes_used
        _run_lanes(lanes, _Child(_encoded(batches)))
        for lane in lanes:
            for model in lane.models:
                self.counts[model] = lane.counts.get(model, 0)
                self.seconds[model] = lane.seconds.get(model, 0)
        # The connections rebuild at the same time: the slowest one is what it costs.
        self.index_seconds = max(lane.index_seconds for lane in lanes)

    def _lanes(self, groups):
        main = _Lane(connection.connection, [m for group in groups for m in group])
        if not main.prepare() or not self._parallel or len(groups) < 2:
            # Without the replica role the second connection's rows would fail
            # their foreign-key checks against the first one's uncommitted rows.
            return [main]
        self._side = connection.get_new_connection(connection.get_connection_params())
        side = _Lane(self._side, [m for group in groups[1:] for m in group])
        side.prepare()
        main.models = list(groups[0])
        return [main, side]

    def _timed(self, model, rows, write, *args):
        started = time.perf_counter()
        write(*args)
        self.seconds[model] = self.seconds.get(model, 0) + time.perf_counter() - started
        self.counts[model] = self.counts.get(model, 0) + rows

    def _bulk_create(self, model, columns):
        values = {name: _python_values(column) for name, column in columns.items()}
        rows = [dict(zip(values, row, strict=True)) for row in _zip_columns(values.values())]
        objs = [model(**row) for row in rows]
        fields = _fields(model)
        size = min(BATCH, connection.ops.bulk_batch_size(fields, objs) or BATCH)
        for start in range(0, len(objs), size):
            # A raw insert, as loaddata makes: bulk_create would overwrite the
            # generated auto_now and auto_now_add stamps with the current time.
            model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)

    def analyze(self, *also):
        """ANALYZE every table this writer loaded, and the models in `also` (PostgreSQL).

        Without it the planner plans on the statistics of the empty tables
        until autovacuum comes round: the claims list filtered by kind and
        verdict took 675 ms at a million claims instead of 40.
        """
        analyze([m._meta.db_table for m in [*self.counts, *also]])

    def reset_sequences(self):
        """Point each table's id sequence past its rows, on the connection that wrote them."""
        lanes = self._lanes_used or [_Lane(None, list(self.counts))]
        for lane in lanes:
            statements = connection.ops.sequence_reset_sql(no_style(), lane.models)
            with lane.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def analyze(tables, using="default"):
    """ANALYZE `tables` on PostgreSQL, so the planner knows what a bulk write left.

    Outside a transaction it is VACUUM (ANALYZE): the vacuum also marks the loaded
    pages all-visible, without which no index-only scan pays off (a reviewer's
    queue at a million claims reads its keys from indexes alone, migration 0033)
    until autovacuum comes round. Inside a transaction, where VACUUM cannot run,
    ANALYZE alone, which counts the rows that transaction wrote too. Nothing
    elsewhere. Returns the seconds it took.
    """
    db = connections[using]
    tables = list(dict.fromkeys(tables))
    if db.vendor != "postgresql" or not tables:
        return 0.0
    started = time.perf_counter()
    command = "ANALYZE " if db.in_atomic_block else "VACUUM (ANALYZE) "
    with db.cursor() as cursor:
        if not db.in_atomic_block:
            # This connection's own writes reach the statistics once it is idle,
            # and at most once a second: counted after the ANALYZE, they would
            # read as rows changed since it (autovacuum would analyze again).
            flush_table_counts(cursor)
        cursor.execute(command + ", ".join(db.ops.quote_name(t) for t in tables))
    return time.perf_counter() - started


def flush_table_counts(cursor):
    """Have this connection report its rows written by the time it is next idle (PostgreSQL 15+).

    Run it outside a transaction (or just before a commit): the backend reports
    before it tells the client it is ready, so the next statement sees the counts.
    """
    if cursor.connection.info.server_version >= 150000:
        cursor.execute("SELECT pg_stat_force_next_flush()")


class _Lane:
    """One connection's share of a PostgreSQL load: its tables, their COPYs and indexes."""

    def __init__(self, pg, models):
        self.pg = pg
        self.models = models
        self.counts = {}
        self.seconds = {}
        self.dropped = []
        self.index_seconds = 0
        self.batches = queue.Queue(maxsize=AHEAD * len(models))

    def cursor(self):
        return connection.cursor() if self.pg is None else self.pg.cursor()

    def prepare(self):
        """Set up the transaction for the load; whether the replica role could be taken."""
        with self.pg.cursor() as cursor:
            # Every key is chosen by the generator and the test checks the
            # result, so the per-row foreign-key triggers are skipped for the
            # load (this needs a superuser; without one they simply run).
            cursor.execute("SAVEPOINT replica_role")
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")
                replica = True
            except Exception:
                cursor.execute("ROLLBACK TO SAVEPOINT replica_role")
                replica = False
            # Index builds collect their keys in this memory, for this transaction
            # only; at a million claims the GIN builds were ~12% faster with 2 GB
            # than with 512 MB.
            cursor.execute("SET LOCAL maintenance_work_mem = '2GB'")
        return replica

    def drop_indexes(self):
        """Drop the tables' indexes for the load, keeping what it takes to build them again.

        Building an index once after the load is far cheaper than updating it
        row by row (the GIN search indexes above all). That includes the
        indexes behind primary keys and unique constraints, except where a
        foreign key depends on them: those constraints stay.
        """
        tables = [model._meta.db_table for model in self.models]
        with self.pg.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) "
                "AND c.contype IN ('p', 'u') AND NOT EXISTS (SELECT 1 FROM pg_constraint f "
                "WHERE f.contype = 'f' AND f.conindid = c.conindid)",
                [tables],
            )
            for table, name, definition in cursor.fetchall():
                table, name = sql.SQL(table), sql.Identifier(name)
                cursor.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(table, name))
                self.dropped.append(
                    sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                        table, name, sql.SQL(definition)
                    )
                )
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
            # The slow GIN builds first, while the other connection still
            # copies; the B-trees last, when parallel workers have cores to use.
            found = sorted(cursor.fetchall(), key=lambda row: " USING gin " not in row[1])
            for name, definition in found:
                cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))
                self.dropped.append(sql.SQL(definition))

    def first_ids(self):
        ids = {}
        with self.cursor() as cursor:
            for model in self.models:
                query = sql.SQL("SELECT COALESCE(MAX({}), 0) + 1 FROM {}").format(
                    sql.Identifier(model._meta.pk.column), sql.Identifier(model._meta.db_table)
                )
                cursor.execute(query)
                ids[model] = cursor.fetchone()[0]
        return ids

    def copy(self, model, rows, data):
        started = time.perf_counter()
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table),
            sql.SQL(", ").join(sql.Identifier(f.column) for f in _fields(model)),
        )
        with self.pg.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(data)
        self.seconds[model] = self.seconds.get(model, 0) + time.perf_counter() - started
        self.counts[model] = self.counts.get(model, 0) + rows

    def restore_indexes(self):
        started = time.perf_counter()
        with self.pg.cursor() as cursor:
            if self.dropped:
                # Run any deferred foreign-key checks now: an index cannot be
                # built on a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in self.dropped:
                cursor.execute(definition)
        self.dropped = []
        self.index_seconds = time.perf_counter() - started

    def run(self, stop):
        """Copy the batches queued for this lane until the end mark, then rebuild its indexes."""
        while (item := _get(self.batches, stop)) is not _END:
            self.copy(*item)
        self.restore_indexes()


_END = object()


def _run_lanes(lanes, items):
    """Copy items to their lanes, each lane in its own thread but the first in this one."""
    stop = threading.Event()
    errors = []
    lane_of = {model: lane for lane in lanes for model in lane.models}

    def guarded(work, *args):
        try:
            work(*args)
        except BaseException as error:
            errors.append(error)
            if not stop.is_set():
                stop.set()
                for lane in lanes:
                    lane.pg.cancel_safe()  # rather than wait for another lane's index build

    def dispatch():
        open_models = {lane: set(lane.models) for lane in lanes}
        try:
            for model, rows, data in items:
                lane = lane_of[model]
                if data is not FINISHED:
                    if not _put(lane.batches, (model, rows, data), stop):
                        return
                    continue
                open_models[lane].discard(model)
                if not open_models[lane] and not _put(lane.batches, _END, stop):
                    return
            for lane in lanes:
                if open_models[lane]:
                    _put(lane.batches, _END, stop)
        finally:
            items.close()  # stops the child process if the load stopped early

    threads = [threading.Thread(target=guarded, args=(dispatch,), daemon=True)]
    threads += [
        threading.Thread(target=guarded, args=(lane.run, stop), daemon=True) for lane in lanes[1:]
    ]
    for thread in threads:
        thread.start()
    guarded(lanes[0].run, stop)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _put(target, item, stop):
    while not stop.is_set():
        try:
            target.put(item, timeout=0.5)
            return True
        except queue.Full:
            continue
    return False


def _get(source, stop):
    while not stop.is_set():
        try:
            return source.get(timeout=0.5)
        except queue.Empty:
            continue
    raise RuntimeError("the load stopped: another part of it failed")


def _fields(model):
    return list(model._meta.concrete_fields)


def _length(columns):
    return max((len(c) for c in columns.values() if _is_column(c)), default=0)


def _is_column(value):
    return isinstance(value, np.ndarray | list | tuple)


def _zip_columns(columns):
    columns = list(columns)
    rows = _length(dict(enumerate(columns)))
    return zip(*(c if _is_column(c) else repeat(c, rows) for c in columns), strict=False)


def _encoded(batches):
    for model, columns in batches:
        if columns is FINISHED:
            yield model, 0, FINISHED
        else:
            yield model, _length(columns), copy_text(model, columns)


def copy_text(model, columns):
    """The batch as COPY text (tab-separated, \\N for NULL), UTF-8 encoded."""
    texts, done = [], {}  # a column given for two fields (quote, statement) is formatted once
    for field in _fields(model):
        value = columns[field.attname] if field.attname in columns else field.get_default()
        if isinstance(field, models.JSONField):
            # JSON as its text; a default's [] or {} is one value for every row, not a column.
            value = (
                [json.dumps(v) for v in value] if field.attname in columns else json.dumps(value)
            )
        if id(value) not in done:
            # The value is kept with its text, so its id cannot pass to a later value.
            done[id(value)] = (value, _texts(value) if _is_column(value) else _text(value))
        texts.append(done[id(value)][1])
    if not any(_is_column(c) for c in texts):
        return b""
    lines = "\n".join(map("\t".join, _zip_columns(texts)))
    return (lines + "\n").encode()


def _text(value):
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _escaped([str(value)])[0]


def _texts(column):
    """One column as a list of COPY fields, formatting each distinct value once."""
    if not isinstance(column, np.ndarray) or column.dtype == object:
        values = column.tolist() if isinstance(column, np.ndarray) else list(column)
        if None in values:
            values = [NULL if v is None else v for v in values]
        return _escaped(values)
    if isinstance(column, np.ma.MaskedArray):
        texts = np.array(_texts(column.filled(0)), dtype=object)
        texts[np.ma.getmaskarray(column)] = NULL
        return texts.tolist()
    if column.dtype.kind in "iu":
        low, high = (int(column.min()), int(column.max())) if len(column) else (0, -1)
        if high - low < len(column):
            table = np.array([str(v) for v in range(low, high + 1)], dtype=object)
            return table[column - low].tolist()
        return list(map(str, column.tolist()))
    values, inverse = np.unique(column, return_inverse=True)
    if column.dtype.kind == "M":
        unit = np.datetime_data(column.dtype)[0]
        if unit in ("Y", "M", "W", "D"):
            table = np.datetime_as_string(values, unit="D").astype(object)
        else:
            shown = "s" if unit in ("h", "m", "s") else "auto"
            table = np.datetime_as_string(values, unit=shown, timezone="UTC").astype(object)
        table[np.isnat(values)] = NULL
    elif column.dtype.kind in "US":  # text: as it is, escaped
        table = np.array(_escaped([str(v) for v in values.tolist()]), dtype=object)
    else:  # floats: repr() gives the shortest text that reads back the same
        table = np.array([NULL if v != v else repr(v) for v in values.tolist()], dtype=object)
    return table[inverse.reshape(-1)].tolist()


def _escaped(strings):
    text = "".join(strings)  # one scan per special character, not one per string
    if any(special in text for special in _SPECIAL):
        return [s if s == NULL else s.translate(_ESCAPES) for s in strings]
    return strings


def _python_values(column):
    """A column as Python values for model instances (the bulk_create path)."""
    if not _is_column(column):
        return column
    if not isinstance(column, np.ndarray) or column.dtype == object:
        return list(column)
    if column.dtype.kind == "M":
        unit = np.datetime_data(column.dtype)[0]
        if unit in ("Y", "M", "W", "D"):
            return column.astype("datetime64[D]").tolist()
        values = column.astype("datetime64[us]").tolist()
        zone = UTC if settings.USE_TZ else None
        return [None if v is None else v.replace(tzinfo=zone) for v in values]
    if column.dtype.kind == "f":
        return [None if v != v else v for v in column.tolist()]
    return column.tolist()  # masked entries come back as None


class _Child:
    """Iterate items computed in a forked child process, a few ahead of the consumer.

    The child starts at once: fork before any thread does.
    """

    def __init__(self, items):
        self.process = None
        self.items = items
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.results = context.Queue(maxsize=AHEAD)
            self.process = context.Process(target=_produce, args=(items, self.results))
            self.process.daemon = True
            self.process.start()

    def __iter__(self):
        if self.process is None:
            yield from self.items
            return
        try:
            while (item := self._next()) is not _END:
                yield item
            self.process.join(timeout=10)
        finally:
            self.close()

    def _next(self):
        while True:
            try:
                kind, item = self.results.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError("the data generator stopped without a result") from None
                continue
            if kind == "error":
                raise RuntimeError(f"the data generator failed:\n{item}")
            return _END if kind == "done" else item

    def close(self):
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()


def _produce(items, results):
    import traceback

    try:
        for item in items:
            results.put(("item", item))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    else:
        results.put(("done", None))
    results.close()
    results.join_thread()
