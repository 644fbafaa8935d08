"""Articles through the API, claims made on them by quote, and evidence corrected or retracted."""

import json

import pytest

from api.models import ApiToken
from claims.models import Claim, Evidence
from factcheck.testing import add_primary_evidence


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def send(client, method, url, auth, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **auth)


def test_articles_list_and_read_with_their_text_and_claims(client, claim, reviewer):
    auth = token_for(reviewer)
    listed = client.get("/api/v1/articles/", **auth).json()["results"]
    assert [(a["id"], a["claims"]) for a in listed] == [(claim.article_id, 1)]
    article = client.get(f"/api/v1/articles/{claim.article_id}/", **auth).json()
    assert article["body"] == claim.article.body
    assert [c["id"] for c in article["claims"]] == [claim.pk]
    assert article["body"][claim.start : claim.end] == claim.quote


def test_a_claim_is_made_from_the_article_s_words(client, article, editor):
    response = send(
        client,
        "post",
        f"/api/v1/articles/{article.pk}/claims/",
        token_for(editor),
        {
            "quote": "kyrgyzstan is home to  four confucius institutes",
            "new_claimant": "The minister",
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["quote"] == "Kyrgyzstan is home to four Confucius Institutes"
    assert article.body[data["start"] : data["end"]] == data["quote"]
    assert data["status"] == "draft"
    assert data["claimant"]["name"] == "The minister"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"quote": "words the article never says", "new_claimant": "X"}, "not in the article"),
        ({"quote": "four Confucius Institutes"}, "Choose who makes the claim"),
        ({"quote": "the", "new_claimant": "X"}, "Choose the place you mean"),
    ],
)
def test_a_quote_that_cannot_be_placed_is_a_400(client, article, editor, body, message):
    response = send(
        client, "post", f"/api/v1/articles/{article.pk}/claims/", token_for(editor), body
    )
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert not Claim.objects.exists()


def test_a_reviewer_may_not_make_claims(client, article, reviewer):
    body = {"quote": "four Confucius Institutes", "new_claimant": "X"}
    response = send(
        client, "post", f"/api/v1/articles/{article.pk}/claims/", token_for(reviewer), body
    )
    assert response.status_code == 403


def test_evidence_is_corrected_by_its_author_and_retracted_with_a_reason(
    client, claim_in_review, reviewer, reviewer2
):
    item = add_primary_evidence(claim_in_review, reviewer, confirmed=False)
    url = f"/api/v1/claims/{claim_in_review.pk}/evidence/{item.pk}/"
    other = send(client, "patch", url, token_for(reviewer2), {"title": "Mine now"})
    assert other.status_code == 403
    auth = token_for(reviewer)
    corrected = send(client, "patch", url, auth, {"title": "Customs yearbook 2023"})
    assert corrected.status_code == 200
    assert corrected.json()["title"] == "Customs yearbook 2023"
    assert corrected.json()["url"] == item.url  # what was not sent stays
    bad = send(client, "patch", url, auth, {"url": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert "http://" in bad.json()["url"][0]
    assert send(client, "post", f"{url}retract/", auth, {}).status_code == 400
    retracted = send(client, "post", f"{url}retract/", auth, {"reason": "Wrong year."})
    assert retracted.json()["retracted"]["reason"] == "Wrong year."
    assert Evidence.objects.get().is_retracted()


def test_words_that_stand_twice_come_back_with_their_places(client, article, editor):
    url, auth = f"/api/v1/articles/{article.pk}/claims/", token_for(editor)
    refused = send(client, "post", url, auth, {"quote": "the", "new_claimant": "X"}).json()
    places = refused["places"]
    assert len(places) == 4
    assert all(article.body[p["start"] : p["end"]].lower() == "the" for p in places)
    chosen = places[2]
    body = {"quote": "the", "start": chosen["start"], "end": chosen["end"], "new_claimant": "X"}
    made = send(client, "post", url, auth, body)
    assert made.status_code == 201
    assert (made.json()["start"], made.json()["end"]) == (chosen["start"], chosen["end"])


# Articles sent in: a job imports them, and the answer says where to see how it went.


def test_an_article_sent_as_text_is_imported_by_a_worker(
    client, editor, django_capture_on_commit_callbacks
):
    auth = token_for(editor)
    body = {
        "text": "Trade up\n\nTrade between the two countries grew by 35% in 2023.",
        "outlet": "Daily",
    }
    with django_capture_on_commit_callbacks() as queued:
        response = send(client, "post", "/api/v1/articles/", auth, body)
    assert response.status_code == 202
    status_url = response["Location"]
    assert response.json()["status"].endswith(status_url)
    assert len(queued) == 1  # the job, queued once the upload committed
    before = client.get(status_url, **auth).json()
    assert (before["done"], before["items"][0]["status"]) == (False, "queued")


@pytest.mark.django_db(transaction=True)
def test_an_article_sent_by_address_is_fetched_and_its_status_polled(client, page_server):
    from django.core.management import call_command

    from factcheck.testing import make_user, restore_role_groups

    restore_role_groups()
    editor = make_user("edna", "Editor")
    page = (
        "<html><head><title>Rail</title></head><body><article><p>"
        + "Exports grew by 12% in 2024 as the rail corridor opened. " * 5
        + "</p></article></body></html>"
    )
    page_server.routes["/story"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        page.encode(),
    )
    auth = token_for(editor)
    response = send(client, "post", "/api/v1/articles/", auth, {"url": page_server.url("/story")})
    assert response.status_code == 202
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    status = client.get(response["Location"], **auth).json()
    assert status["done"] is True
    item = status["items"][0]
    assert item["status"] == "imported"
    article = client.get(f"/api/v1/articles/{item['article']}/", **auth).json()
    assert article["url"] == page_server.url("/story")
    assert "rail corridor" in article["body"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "non_field_errors", "Send one of text, html or url."),
        ({"text": "x", "url": "https://a.example/"}, "non_field_errors", "Send one of"),
        ({"url": "javascript:alert(1)"}, "links", "javascript:alert(1)"),
        ({"text": "a\u0000b"}, "files", "binary"),
        ({"text": "Title\n\nBody.", "published_on": "yesterday"}, "published_on", "valid date"),
    ],
)
def test_a_bad_article_is_a_400_and_saves_nothing(client, editor, body, field, message):
    from intake.models import ImportBatch

    response = send(client, "post", "/api/v1/articles/", token_for(editor), body)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not ImportBatch.objects.exists()


def test_a_reviewer_may_not_import_nor_see_an_import(client, reviewer, editor):
    response = send(client, "post", "/api/v1/articles/", token_for(reviewer), {"text": "A\n\nB."})
    assert response.status_code == 403
    made = send(
        client, "post", "/api/v1/articles/", token_for(editor), {"text": "A title\n\nA body."}
    )
    assert client.get(made["Location"], **token_for(reviewer)).status_code == 403
