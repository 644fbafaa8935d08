"""Writing generated tables in bulk: COPY through psycopg on PostgreSQL, bulk_create elsewhere.

A batch is one model's rows as columns: {attname: column}, every column the
same length. A column is a NumPy array (integers, floats with NaN for NULL,
datetime64 with NaT for NULL, a masked array for NULL integers), a sequence of
str (None for NULL), or a single value shared by every row. Columns the batch
leaves out take the field's default.

On PostgreSQL the batches are turned into COPY text in a forked child process
while this one streams the previous batch to the server, so Python and the
database each keep one core busy.
"""

import multiprocessing
import queue
import re
import time
from datetime import UTC, date, datetime
from itertools import repeat

import numpy as np
from django.conf import settings
from django.db import connection

BATCH = 5000  # rows per INSERT where there is no COPY
AHEAD = 4  # encoded batches the child may run ahead of the COPY
NULL = "\\N"
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Writer:
    """Loads batches into the database and keeps per-table counts and seconds."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts = {}
        self.seconds = {}
        self.dropped = []
        self.index_seconds = 0

    def load(self, models, batches):
        """Write every (model, columns) batch; on PostgreSQL with indexes dropped meanwhile."""
        if not self.postgres:
            for model, columns in batches:
                self._timed(model, _length(columns), self._bulk_create, model, columns)
            return
        self._prepare_session()
        for model in models:
            self._drop_indexes(model)
        for model, rows, data in _in_child(_encoded(batches)):
            self._timed(model, rows, self._copy, model, data)
        self.restore_indexes()

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

    def _copy(self, model, data):
        names = ", ".join(connection.ops.quote_name(f.column) for f in _fields(model))
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.write(data)

    def _prepare_session(self):
        with connection.cursor() as cursor:
            # Every key is chosen by the generator and the test checks the
            # result, so the per-row foreign-key triggers are skipped for the
            # load (this needs a superuser; without one they simply run).
            cursor.execute("SAVEPOINT replica_role")
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:
                cursor.execute("ROLLBACK TO SAVEPOINT replica_role")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")

    def _drop_indexes(self, model):
        # Building an index once after the load is far cheaper than updating it
        # row by row (the GIN search indexes above all). Indexes that back a
        # constraint stay.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [model._meta.db_table],
            )
            found = cursor.fetchall()
            for name, _definition in found:
                cursor.execute(f"DROP INDEX {name}")
        self.dropped += [(model, definition) for _name, definition in found]

    def restore_indexes(self):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if self.dropped:
                # Run any deferred foreign-key checks now: an index cannot be
                # built on a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _model, definition in self.dropped:
                cursor.execute(definition)
        self.dropped = []
        self.index_seconds = time.perf_counter() - started


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
        yield model, _length(columns), copy_text(model, columns)


def copy_text(model, columns):
    """The batch as COPY text (tab-separated, \\N for NULL), UTF-8 encoded."""
    texts = []
    for field in _fields(model):
        value = columns[field.attname] if field.attname in columns else field.get_default()
        texts.append(_texts(value) if _is_column(value) else _text(value))
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
        return _escaped([NULL if v is None else v for v in column])
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
    else:
        table = np.array([NULL if v != v else repr(v) for v in values.tolist()], dtype=object)
    return table[inverse.reshape(-1)].tolist()


def _escaped(strings):
    if _SPECIAL.search("".join(strings)):
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


def _in_child(items):
    """Iterate items computed in a forked child process, a few ahead of the consumer."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from items
        return
    context = multiprocessing.get_context("fork")
    results = context.Queue(maxsize=AHEAD)
    child = context.Process(target=_produce, args=(items, results), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, item = results.get(timeout=1)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError("the data generator stopped without a result") from None
                continue
            if kind == "error":
                raise RuntimeError(f"the data generator failed:\n{item}")
            if kind == "done":
                break
            yield item
        child.join(timeout=10)
    finally:
        if child.is_alive():
            child.kill()
            child.join()


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
