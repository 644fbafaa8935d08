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
    assert operations == 18  # every operation the schema names was tried
    assert not failures, "\n\n".join(failures)
