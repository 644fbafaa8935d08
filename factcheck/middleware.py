"""A friendly 503 while the database is unreachable.

When PostgreSQL restarts, requests fail with OperationalError (or
InterfaceError on a connection that died under them). The visitor gets a
short "try again in a moment" page with Retry-After instead of a server
error; with CONN_HEALTH_CHECKS on, the next request after the database is
back opens a fresh connection, so the site recovers without a restart.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger("factcheck.unavailable")

RETRY_AFTER_SECONDS = 30


# SQLSTATE classes of a database that cannot serve: connection exceptions (08),
# the server shutting down or starting (57P), out of connections or resources (53).
OUTAGE_SQLSTATES = ("08", "57P", "53")


def is_outage(error):
    """Whether `error` means the database cannot be reached, not that a statement failed.

    A statement the server refuses (a value too large for an index, say) is an
    OperationalError too, but a bug to fix, not a moment to wait: it gets the
    ordinary 500, and the outage page is kept for outages.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(OUTAGE_SQLSTATES)
    if type(cause).__module__ == "sqlite3":
        message = str(cause).lower()
        return "locked" in message or "unable to open" in message or "disk i/o" in message
    # No answer from a server at all: refused, closed, timed out.
    return True


def database_unavailable_response():
    # Rendered without a request: no context processors, so no user, no
    # messages and no query can run while the database is down.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


def server_error(request):
    """handler500: a database outage met outside a view (a session saved by
    middleware, say) still gets the 503 page; anything else is the plain 500."""
    if is_outage(sys.exc_info()[1]):
        return database_unavailable_response()
    return default_server_error(request)
