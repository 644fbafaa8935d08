"""The API's claims: the claims list's filters and search, cursor pages, and the claim with
what the caller may see of it (the independent-review rule holds as on the page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken
from claims.models import Claim, Rating
from factcheck.testing import make_claim


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def test_a_reviewer_sees_no_other_rating_before_their_own_review(
    client, claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.FALSE, confidence=4, rationale="Customs say no."
    )
    auth = token_for(reviewer)
    data = client.get(f"/api/v1/claims/{claim_in_review.pk}/", **auth).json()
    assert data["reviews"] == []
    assert data["verdict"] is None
    assert [r["submitted"] for r in data["reviewers"]] == [False, True]
    body = client.get(f"/api/v1/claims/{claim_in_review.pk}/", **auth).content.decode()
    assert "Customs say no." not in body
    # Filtering by rating reveals nothing either.
    listed = client.get("/api/v1/claims/", {"rating": Rating.FALSE}, **auth).json()
    assert listed["results"] == []
    # Once their own review is in, they see both.
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.HALF_TRUE, confidence=3, rationale="Partly."
    )
    data = client.get(f"/api/v1/claims/{claim_in_review.pk}/", **auth).json()
    assert sorted(r["rating"]["label"] for r in data["reviews"]) == ["False", "Half true"]


def test_an_editor_sees_every_review_and_the_verdict(client, settled_claim, editor):
    data = client.get(f"/api/v1/claims/{settled_claim.pk}/", **token_for(editor)).json()
    assert len(data["reviews"]) == 2
    assert data["verdict"]["rating"] == {"value": 4, "label": "Mostly true"}
    assert data["verdict"]["published_at"] is None
    assert data["quote"] == settled_claim.quote
    assert (data["start"], data["end"]) == (settled_claim.start, settled_claim.end)
    assert data["evidence"][0]["primary_confirmed"] is True


def test_the_list_filters_and_searches_as_the_claims_list_does(client, article, editor):
    border = make_claim(article, "The shared border spans over a thousand kilometers.")
    make_claim(article, "Kyrgyzstan is home to four Confucius Institutes")
    auth = token_for(editor)
    found = client.get("/api/v1/claims/", {"q": "border"}, **auth).json()["results"]
    assert [c["id"] for c in found] == [border.pk]
    drafts = client.get("/api/v1/claims/", {"status": "draft"}, **auth).json()["results"]
    assert len(drafts) == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "nonsense"}, "status"), ({"rating": "99"}, "rating"), ({"q": "x" * 201}, "q")],
)
def test_a_bad_filter_is_a_400_that_names_it(client, editor, params, field):
    response = client.get("/api/v1/claims/", params, **token_for(editor))
    assert response.status_code == 400
    assert field in response.json()


def test_cursor_pages_walk_every_claim_once(client, article, editor):
    made = set()
    for word in (
        "Trade",
        "Kyrgyzstan",
        "The shared border",
        "grew",
        "four",
        "thousand",
        "minister",
    ):
        made.add(make_claim(article, word).pk)
    auth = token_for(editor)
    seen, url = [], "/api/v1/claims/?page_size=3&status=draft"
    while url:
        page = client.get(url, **auth).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("pk", [0, 2**63, 99999])
def test_a_claim_that_is_not_there_is_a_json_404(client, editor, pk):
    response = client.get(f"/api/v1/claims/{pk}/", **token_for(editor))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_huge_page_size_is_capped(client, article, editor):
    make_claim(article, "grew")
    response = client.get("/api/v1/claims/", {"page_size": 10**12}, **token_for(editor))
    assert response.status_code == 200


def test_a_forged_cursor_is_a_json_404(client, editor):
    response = client.get("/api/v1/claims/", {"cursor": "not-a-cursor"}, **token_for(editor))
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def _queries(client, url, auth):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **auth).status_code == 200
    return len(queries)


def test_the_list_and_the_claim_read_a_fixed_number_of_queries(
    client, reviewed_claim, article, editor
):
    auth = token_for(editor)
    client.get("/api/v1/me/", **auth)  # the token's first use writes its last-used time
    claim_url = f"/api/v1/claims/{reviewed_claim.pk}/"
    list_before = _queries(client, "/api/v1/claims/", auth)
    claim_before = _queries(client, claim_url, auth)
    for word in ("Kyrgyzstan", "border", "four"):
        make_claim(article, word)
    assert Claim.objects.count() == 4
    # The token (1), the user's groups for the permission check (1), the rows (1).
    assert _queries(client, "/api/v1/claims/", auth) == list_before == 3
    # The token (1), permissions (1), the claim (1), its evidence, reviews and their
    # evidence, assignments, drafts and status changes (6).
    assert _queries(client, claim_url, auth) == claim_before == 9
