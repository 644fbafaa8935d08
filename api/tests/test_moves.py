"""The workflow's moves through the API: the same forms, model methods and rules as the
claim page, so a reviewer's token can do what a reviewer can and nothing an editor does."""

import json

import pytest

from api.models import ApiToken
from claims.models import Claim, Rating, StatusChange


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def post(client, url, auth, body):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


EVIDENCE = {
    "url": "https://stat.example.org/trade-2023",
    "title": "Customs statistics 2023",
    "stance": "supports",
    "source_type": "primary",
}


@pytest.mark.parametrize(
    ("move", "body"),
    [
        ("assign", {"reviewers": ["ravi"]}),
        ("settle", {"rating": 4, "summary": "x"}),
        ("publish", {}),
        ("reopen", {"reason": "x"}),
        ("recheck", {"recheck_on": "2099-01-01"}),
        ("recheck/confirm", {"note": "x"}),
    ],
)
def test_a_reviewer_s_token_cannot_make_an_editor_s_move(
    client, claim_in_review, reviewer, move, body
):
    before = StatusChange.objects.count()
    response = post(
        client, f"/api/v1/claims/{claim_in_review.pk}/{move}/", token_for(reviewer), body
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert StatusChange.objects.count() == before


def test_the_whole_workflow_through_the_api(client, claim, editor, reviewer, reviewer2):
    url = f"/api/v1/claims/{claim.pk}"
    edna, rita, ravi = token_for(editor), token_for(reviewer), token_for(reviewer2)
    assigned = post(client, f"{url}/assign/", edna, {"reviewers": ["rita", "ravi"], "version": 0})
    assert assigned.status_code == 200
    assert assigned.json()["status"] == "in_review"
    added = post(client, f"{url}/evidence/", rita, EVIDENCE)
    assert added.status_code == 201
    item = added.json()["evidence"][0]
    assert item["title"] == "Customs statistics 2023"
    review = {"rating": Rating.MOSTLY_TRUE, "confidence": 4, "rationale": "Customs agree."}
    assert (
        post(client, f"{url}/review/", rita, {**review, "evidence": [item["id"]]}).status_code
        == 200
    )
    done = post(client, f"{url}/review/", ravi, {**review, "rating": Rating.HALF_TRUE})
    assert done.json()["status"] == "reviewed"
    client.post(f"/claims/{claim.pk}/evidence/{item['id']}/confirm/")  # not signed in: nothing
    Claim.objects.get(pk=claim.pk).evidence.get().confirm_primary(by=editor)
    version = client.get(f"{url}/", **edna).json()["version"]
    settled = post(
        client, f"{url}/settle/", edna, {"rating": 4, "summary": "Borne out.", "version": version}
    )
    assert settled.json()["verdict"]["rating"]["label"] == "Mostly true"
    published = post(client, f"{url}/publish/", edna, {})
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["verdict"]["published_at"] is not None
    # The same records the page's moves leave.
    assert list(StatusChange.objects.filter(claim=claim).values_list("to_status", flat=True)) == [
        "in_review",
        "reviewed",
        "settled",
        "published",
    ]


def test_a_refused_move_is_a_409_that_says_why(client, claim_in_review, editor):
    response = post(
        client,
        f"/api/v1/claims/{claim_in_review.pk}/settle/",
        token_for(editor),
        {"rating": 4, "summary": "x"},
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a reviewed claim can be settled; this one is in review."
    }


def test_a_stale_version_is_a_409(client, reviewed_claim, editor):
    response = post(
        client,
        f"/api/v1/claims/{reviewed_claim.pk}/settle/",
        token_for(editor),
        {"rating": 4, "summary": "x", "version": 0},
    )
    assert response.status_code == 409
    assert "changed" in response.json()["detail"] or "version" in response.json()["detail"]


def test_publishing_short_of_the_gate_is_a_409_naming_what_is_missing(
    client, reviewed_claim, editor
):
    reviewed_claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Fine.")
    response = post(client, f"/api/v1/claims/{reviewed_claim.pk}/publish/", token_for(editor), {})
    assert response.status_code == 409
    assert "confirmed primary source" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"rating": 9, "confidence": 4, "rationale": "x"}, {"rating"}),
        ({"rating": 4, "confidence": 0, "rationale": "x"}, {"confidence"}),
        ({"rating": 4, "confidence": 4, "rationale": "x", "evidence": [10**20]}, {"evidence"}),
        ({}, {"rating", "confidence", "rationale"}),
    ],
)
def test_a_bad_review_is_a_400_naming_each_field(client, claim_in_review, reviewer, body, errors):
    response = post(
        client, f"/api/v1/claims/{claim_in_review.pk}/review/", token_for(reviewer), body
    )
    assert response.status_code == 400
    assert set(response.json()) == errors
    assert not claim_in_review.reviews.exists()


def test_a_revision_needs_a_reason_as_on_the_page(client, claim_in_review, reviewer):
    url, auth = f"/api/v1/claims/{claim_in_review.pk}/review/", token_for(reviewer)
    post(client, url, auth, {"rating": 4, "confidence": 4, "rationale": "x"})
    response = post(client, url, auth, {"rating": 2, "confidence": 4, "rationale": "x"})
    assert response.status_code == 400
    assert "reason" in response.json()
    revised = post(
        client, url, auth, {"rating": 2, "confidence": 4, "rationale": "x", "reason": "New data."}
    )
    assert revised.status_code == 200


def test_an_unknown_reviewer_is_named(client, claim, editor):
    response = post(
        client, f"/api/v1/claims/{claim.pk}/assign/", token_for(editor), {"reviewers": ["nobody"]}
    )
    assert response.status_code == 400
    assert response.json() == {"reviewers": ["nobody is not a reviewer."]}


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("[1, 2]", "application/json", "Send a JSON object"),
        ("{not json", "application/json", "JSON parse error"),
        ("\x00\x01", "application/octet-stream", "Unsupported media type"),
    ],
)
def test_a_malformed_body_is_a_clear_400(client, claim, editor, body, content_type, message):
    response = client.post(
        f"/api/v1/claims/{claim.pk}/assign/", body, content_type=content_type, **token_for(editor)
    )
    assert response.status_code in (400, 415)
    assert message in response.json()["detail"]


def test_a_re_check_through_the_api(client, published_claim, editor):
    url = f"/api/v1/claims/{published_claim.pk}"
    edna = token_for(editor)
    refused = post(client, f"{url}/recheck/", edna, {"recheck_on": "2001-01-01"})
    assert refused.status_code == 400
    assert "has passed; choose today or a later day" in json.dumps(refused.json())
    assert post(client, f"{url}/recheck/", edna, {"recheck_on": "2099-01-01"}).status_code == 200
    assert str(Claim.objects.get(pk=published_claim.pk).recheck_on) == "2099-01-01"
    confirmed = post(client, f"{url}/recheck/confirm/", edna, {"note": "Still four."})
    assert confirmed.status_code == 200
    verdict = confirmed.json()["verdict"]
    assert verdict["as_of"] == str(Claim.objects.get(pk=published_claim.pk).verdict.as_of)
    assert Claim.objects.get(pk=published_claim.pk).recheck_on is None


def test_a_reported_claim_s_review_needs_both_answers_through_the_api(
    client, article, editor, reviewer
):
    from factcheck.testing import make_claim

    claim = make_claim(article, "Kyrgyzstan is home to four", claimant="The minister")
    claim.assign([reviewer], by=editor)
    url = f"/api/v1/claims/{claim.pk}/review/"
    rita = token_for(reviewer)
    review = {"rating": Rating.TRUE, "confidence": 4, "rationale": "Four."}
    missing = post(client, url, rita, review)
    assert missing.status_code == 400
    assert "reporting" in missing.json()
    done = post(client, url, rita, {**review, "reporting": 2})
    assert done.status_code == 200
    (mine,) = done.json()["reviews"]
    assert mine["reporting"] == 2
