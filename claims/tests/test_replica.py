"""The router sends report and export reads to the replica, and nothing a user just wrote."""

import time

import pytest
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from factcheck import routers
from factcheck.routers import ReplicaMiddleware, ReplicaRouter, may_read_from_replica


@pytest.fixture
def replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)


def request_for(method, url, wrote_at=None):
    request = getattr(RequestFactory(), method)(url)
    request.session = SessionStore()
    if wrote_at is not None:
        request.session[routers.WROTE_AT] = wrote_at
    return request


def database_during(request):
    seen = {}

    def view(request):
        seen["db"] = ReplicaRouter().db_for_read(None)
        return "response"

    ReplicaMiddleware(view)(request)
    return seen["db"]


@pytest.mark.parametrize("url", ["/reports/", "/reports/by/outlet/", "/claims/?_export=csv"])
def test_it_reads_reports_and_exports_from_the_replica(replica, url):
    assert database_during(request_for("get", url)) == "replica"


@pytest.mark.parametrize("url", ["/", "/claims/", "/claims/1/", "/articles/1/"])
def test_it_reads_workbench_pages_from_the_primary(replica, url):
    assert database_during(request_for("get", url)) == "default"


def test_it_reads_from_the_primary_right_after_a_write(replica, settings):
    settings.FACTCHECK_READ_YOUR_WRITES_SECONDS = 10
    assert database_during(request_for("get", "/reports/", wrote_at=time.time())) == "default"
    assert database_during(request_for("get", "/reports/", wrote_at=time.time() - 60)) == "replica"


def test_a_post_marks_the_session_and_reads_from_the_primary(replica):
    request = request_for("post", "/reports/")
    assert database_during(request) == "default"
    assert not may_read_from_replica(
        request_for("get", "/reports/", request.session[routers.WROTE_AT])
    )


def test_writes_and_migrations_stay_on_the_primary(replica):
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "claims")
    assert not router.allow_migrate("replica", "claims")


def test_without_a_replica_everything_reads_from_the_primary():
    assert database_during(request_for("get", "/reports/")) == "default"
