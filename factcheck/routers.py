"""Reads that may go to a read replica, and the middleware that decides per request.

With DATABASE_REPLICA_URL set, report pages and exports (GET requests that only
read, and may lag a replica by a moment) read from the "replica" database.
Everything else reads from the primary, and so does every request of a
session for FACTCHECK_READ_YOUR_WRITES_SECONDS after it wrote anything (any
POST): what a user just did is always read back from where it was written.
Writes always go to the primary.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
WROTE_AT = "factcheck_wrote_at"
REPLICA_PATHS = ("/reports/",)
EXPORT_PARAMS = ("_export", "format")

_reading_from_replica = ContextVar("reading_from_replica", default=False)


def replica_configured():
    return REPLICA in connections.settings


def may_read_from_replica(request):
    """Whether this request's reads may go to the replica."""
    if request.method not in ("GET", "HEAD"):
        return False
    is_report = request.path.startswith(REPLICA_PATHS)
    is_export = request.path == "/claims/" and any(p in request.GET for p in EXPORT_PARAMS)
    if not (is_report or is_export):
        return False
    wrote_at = request.session.get(WROTE_AT) if hasattr(request, "session") else None
    window = getattr(settings, "FACTCHECK_READ_YOUR_WRITES_SECONDS", 10)
    return wrote_at is None or time.time() - wrote_at > window


class ReplicaMiddleware:
    """Chooses the database for the request's reads; after the session.

    A POST marks the session, so the next few requests read from the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica = replica_configured() and may_read_from_replica(request)
        token = _reading_from_replica.set(replica)
        try:
            response = self.get_response(request)
        finally:
            _reading_from_replica.reset(token)
        if request.method == "POST" and hasattr(request, "session"):
            request.session[WROTE_AT] = time.time()
        if replica and getattr(response, "streaming", False) and not response.is_async:
            # A streamed export reads its rows while the server sends them, after
            # this returns: each chunk is made with the replica chosen again.
            response.streaming_content = _from_replica(response.streaming_content)
        return response


_DONE = object()


def _from_replica(chunks):
    """The chunks, each one read from the replica; the choice ends between chunks."""
    chunks = iter(chunks)
    while True:
        token = _reading_from_replica.set(True)
        try:
            chunk = next(chunks, _DONE)
        finally:
            _reading_from_replica.reset(token)
        if chunk is _DONE:
            return
        yield chunk


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_from_replica.get() and replica_configured() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
