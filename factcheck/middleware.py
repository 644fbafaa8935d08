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
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


def server_error(request):
    """handler500: a database outage met outside a view (a session saved by
    middleware, say) still gets the 503 page; anything else is the plain 500."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable_response()
    return default_server_error(request)
