"""The API against its own OpenAPI schema: schemathesis makes requests from the schema
(a bounded number of examples per operation, good data and bad), through the real
application and database, and checks that no answer is a server error and that every
documented answer fits the schema. Each operation's failure is reported by name."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from api.models import ApiToken
from factcheck.wsgi import application

EXAMPLES = 12


@pytest.fixture
def _connection_kept():
    """The application is called as a WSGI server calls it, which closes an old database
    connection at the end of each request; the test's transaction lives on that connection,
    so, as Django's own test client does, the closing is held off for the test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check(operation, key):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(
            headers={"Authorization": f"Bearer {key}"},
            checks=[
                schemathesis.checks.not_a_server_error,
                schemathesis.specs.openapi.checks.response_schema_conformance,
            ],
        )

    run()


@pytest.mark.django_db
@pytest.mark.usefixtures("_connection_kept")
def test_the_api_keeps_to_its_schema(published_claim, claim_in_review, editor):
    key = ApiToken.objects.issue(user=editor, name="schemathesis")[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            check(operation, key)
        except Exception as error:
            failures.append(f"{operation.label}: {error}")
    assert operations == 29  # every operation the schema names was tried
    assert not failures, "\n\n".join(failures)
