"""Priority and due dates through the API: read on every claim, set by editors through the
same form and model methods as the claim page, filtered on in the claims list."""

import datetime
import json

import pytest

from api.models import ApiToken
from claims.models import Assignment, Claim, Priority
from claims.models.scheduling import today
from factcheck.testing import make_user

LATER = today() + datetime.timedelta(days=9)


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def post(client, url, auth, body):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_a_claim_reads_with_its_priority_and_due_date(client, claim, editor, reviewer):
    claim.set_priority(Priority.HIGH, by=editor)
    claim.set_due(LATER, by=editor)
    data = client.get(f"/api/v1/claims/{claim.pk}/", **token_for(reviewer)).json()
    assert (data["priority"], data["due"]) == (2, LATER.isoformat())
    (row,) = client.get("/api/v1/claims/", **token_for(reviewer)).json()["results"]
    assert (row["priority"], row["due"]) == (2, LATER.isoformat())


def test_the_claims_list_filters_by_priority(client, claim, claim_in_review, editor):
    claim.set_priority(Priority.URGENT, by=editor)
    auth = token_for(editor)
    rows = client.get("/api/v1/claims/", {"priority": 1}, **auth).json()["results"]
    assert [r["id"] for r in rows] == [claim.pk]
    assert client.get("/api/v1/claims/", {"priority": 4}, **auth).json()["results"] == []


@pytest.mark.parametrize("forged", ["99", "urgent", "1.5"])
def test_a_forged_priority_filter_is_a_400_naming_it(client, claim, editor, forged):
    response = client.get("/api/v1/claims/", {"priority": forged}, **token_for(editor))
    assert response.status_code == 400
    assert "priority" in response.json()


def test_an_editor_sets_priority_and_due_date(client, claim, editor):
    body = {"priority": 1, "due": LATER.isoformat(), "version": claim.version}
    response = post(client, f"/api/v1/claims/{claim.pk}/plan/", token_for(editor), body)
    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["due"]) == (1, LATER.isoformat())
    claim.refresh_from_db()
    assert (claim.priority, claim.due) == (Priority.URGENT, LATER)


def test_a_field_left_out_stays_and_a_null_due_clears_it(client, claim, editor):
    claim.set_due(LATER, by=editor)
    url, auth = f"/api/v1/claims/{claim.pk}/plan/", token_for(editor)
    assert post(client, url, auth, {"priority": 4}).json()["due"] == LATER.isoformat()
    response = post(client, url, auth, {"due": None})
    assert (response.json()["priority"], response.json()["due"]) == (4, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": 99}, "priority"),
        ({"priority": "urgent"}, "priority"),
        ({"priority": [1]}, "priority"),
        ({"due": "yesterdayish"}, "due"),
        ({"due": "1999-12-31"}, "due"),
        ({"due": 20261231}, "due"),
    ],
)
def test_a_forged_plan_is_a_400_naming_the_field(client, claim, editor, body, field):
    response = post(client, f"/api/v1/claims/{claim.pk}/plan/", token_for(editor), body)
    assert response.status_code == 400
    assert field in response.json()
    claim.refresh_from_db()
    assert (claim.priority, claim.due) == (Priority.NORMAL, None)


def test_a_reviewer_cannot_plan(client, claim, reviewer):
    response = post(client, f"/api/v1/claims/{claim.pk}/plan/", token_for(reviewer), {})
    assert response.status_code == 403


def test_a_published_claims_plan_is_a_409(client, published_claim, editor):
    body = {"priority": 1}
    response = post(client, f"/api/v1/claims/{published_claim.pk}/plan/", token_for(editor), body)
    assert response.status_code == 409
    assert "published claim has no priority or due date" in json.dumps(response.json())


def test_assigning_takes_a_due_date(client, claim, editor):
    body = {"reviewers": ["rita"], "due": LATER.isoformat()}
    make_user("rita", "Reviewer")
    response = post(client, f"/api/v1/claims/{claim.pk}/assign/", token_for(editor), body)
    assert response.status_code == 200
    assert Assignment.objects.get(claim=claim).due == LATER
    assert Claim.objects.get(pk=claim.pk).due is None
