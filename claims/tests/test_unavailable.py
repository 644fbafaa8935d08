"""While the database cannot be reached, visitors get a plain 503 page with Retry-After.

The failure is real: the views below open a connection to a server that is not
there (nothing listens on port 1; for SQLite, a file in a missing directory),
so the driver itself raises. Recovery after a real PostgreSQL restart is a
manual check (README, "When the database restarts"): these tests must not
restart a server others use.
"""

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.urls import path

from factcheck.middleware import server_error
from factcheck.testing import PASSWORD


def unreachable_connection():
    settings_dict = {**connections["default"].settings_dict}
    if settings_dict["ENGINE"].endswith("postgresql"):
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        settings_dict["NAME"] = "/nonexistent-directory/factcheck.sqlite3"
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="unreachable")


def query_unreachable_database(request):
    with unreachable_connection().cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("reached")


class UnreachableOnTheWayOut:
    """Stands for middleware (a session being saved, say) that meets the outage after the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path == "/after-view/":
            query_unreachable_database(request)
        return response


def statement_the_database_refuses(request):
    """A real OperationalError that is no outage: a limit of the server, or a missing table."""
    with connections["default"].cursor() as cursor:
        if connections["default"].vendor == "postgresql":
            cursor.execute("SELECT array_fill(0, ARRAY[1000000000])")  # SQLSTATE 54000
        else:
            cursor.execute("SELECT * FROM no_such_table")
    return HttpResponse("not reached")


urlpatterns = [
    path("refused/", statement_the_database_refuses),
    path("down/", query_unreachable_database),
    path("after-view/", lambda request: HttpResponse("view ran")),
    path("broken/", lambda request: 1 / 0),
]
handler500 = server_error


@pytest.fixture
def outage(settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [f"{__name__}.UnreachableOnTheWayOut", *settings.MIDDLEWARE]
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_view_that_cannot_reach_the_database_gives_the_503_page(client, outage):
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.text
    assert "Try again in a moment" in response.text


@pytest.mark.django_db
def test_an_outage_met_by_middleware_also_gives_the_503_page(client, outage):
    client.raise_request_exception = False
    response = client.get("/after-view/")
    assert response.status_code == 503
    assert "briefly unavailable" in response.text


@pytest.mark.django_db
def test_other_errors_stay_server_errors(client, outage):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text


@pytest.mark.django_db
def test_the_503_page_needs_no_database_and_shows_no_user(
    client, outage, editor, django_assert_num_queries
):
    client.force_login(editor)
    with django_assert_num_queries(0):
        response = client.get("/down/")
    assert response.status_code == 503
    assert "Log out" not in response.text
    assert editor.username not in response.text
    assert "<script" not in response.text
    assert "style=" not in response.text


@pytest.mark.django_db
def test_the_site_answers_normally_once_the_database_is_back(client, outage, editor, settings):
    assert client.get("/down/").status_code == 503
    settings.ROOT_URLCONF = "factcheck.urls"
    response = client.post("/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/claims/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_database_refuses_is_a_server_error_not_an_outage(client, outage):
    # Shown as an outage, a bug (a value too long for an index, say) would look like a
    # database restart and send people away to wait for nothing.
    client.raise_request_exception = False
    response = client.get("/refused/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "briefly unavailable" not in response.text
