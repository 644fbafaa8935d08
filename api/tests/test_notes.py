"""Notes through the API: the claim page's form, the note's own methods and the one rule of
who may read a note (Note.objects.visible_to), so a token reads what its owner's page shows."""

import json

import pytest

from api.models import ApiToken
from claims.models import Note, NoteRevision, Rating
from notifications.models import Event, Notification


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def send(client, method, url, auth, body=None):
    data = json.dumps(body or {})
    return getattr(client, method)(url, data, content_type="application/json", **auth)


@pytest.fixture
def url(claim_in_review):
    return f"/api/v1/claims/{claim_in_review.pk}/notes/"


def test_a_reviewer_s_token_reads_only_what_the_rule_lets_them(
    client, url, claim_in_review, editor, reviewer, reviewer2
):
    Note.post(claim=claim_in_review, author=editor, body="Editor's note.")
    hidden, _ = Note.post(claim=claim_in_review, author=reviewer2, body="Ravi thinks false.")
    response = client.get(url, **token_for(reviewer))
    assert response.status_code == 200
    assert [n["body"] for n in response.json()] == ["Editor's note."]
    one = client.get(f"{url}{hidden.pk}/", **token_for(reviewer))
    assert one.status_code == 404
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Customs data."
    )
    after = client.get(url, **token_for(reviewer)).json()
    assert [n["body"] for n in after] == ["Editor's note.", "Ravi thinks false."]


def test_posting_an_anchored_note_with_a_mention(client, url, claim_in_review, editor, reviewer):
    response = send(
        client,
        "post",
        url,
        token_for(editor),
        {
            "body": "@rita check this @ghost",
            "anchor_on": "quote",
            "anchor_start": 0,
            "anchor_end": 5,
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["anchor"] == {"on": "quote", "start": 0, "end": 5, "text": "grew "}
    assert data["mentions"] == {
        "notified": ["rita"],
        "refused": [{"name": "ghost", "reason": "there is no such user"}],
    }
    assert data["by_editor"] is True
    assert Notification.objects.filter(recipient=reviewer, event=Event.MENTIONED).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"body": ""},
        {"body": "x" * 5001},
        {"body": "Hi", "anchor_on": "quote", "anchor_start": 0, "anchor_end": 10**30},
        {"body": "Hi", "anchor_on": "quote", "anchor_start": -4, "anchor_end": 2},
        {"body": "Hi", "anchor_on": "margin", "anchor_start": 0, "anchor_end": 2},
        {"body": "Hi", "passage": "not in the quote"},
        {"body": ["a", "list"]},
    ],
)
def test_a_bad_note_is_a_400_naming_the_problem(client, url, reviewer, body):
    response = send(client, "post", url, token_for(reviewer), body)
    assert response.status_code == 400
    assert response.json()
    assert not Note.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(client, url, reviewer):
    response = client.post(url, "[1, 2]", content_type="application/json", **token_for(reviewer))
    assert response.status_code == 400


def test_patch_keeps_the_earlier_wording_and_only_the_author_may(
    client, url, claim_in_review, editor, reviewer
):
    note, _ = Note.post(claim=claim_in_review, author=reviewer, body="First.")
    refused = send(client, "patch", f"{url}{note.pk}/", token_for(editor), {"body": "Editor's."})
    assert refused.status_code == 403
    response = send(client, "patch", f"{url}{note.pk}/", token_for(reviewer), {"body": "Second."})
    assert response.status_code == 200
    data = response.json()
    assert data["body"] == "Second."
    assert [r["body"] for r in data["revisions"]] == ["First."]
    assert NoteRevision.objects.count() == 1


def test_resolve_then_reopen_and_twice_is_a_conflict(client, url, claim_in_review, editor):
    note, _ = Note.post(claim=claim_in_review, author=editor, body="Ask the ministry.")
    auth = token_for(editor)
    resolved = send(client, "post", f"{url}{note.pk}/resolve/", auth)
    assert resolved.status_code == 200
    assert resolved.json()["resolved"]["by"]["username"] == "edna"
    again = send(client, "post", f"{url}{note.pk}/resolve/", auth)
    assert again.status_code == 409
    assert again.json() == {"detail": "This note is resolved already."}
    assert send(client, "post", f"{url}{note.pk}/reopen/", auth).json()["resolved"] is None


def test_the_claim_s_own_answer_carries_no_note(client, claim_in_review, editor, reviewer):
    Note.post(claim=claim_in_review, author=editor, body="Internal.")
    data = client.get(f"/api/v1/claims/{claim_in_review.pk}/", **token_for(reviewer)).json()
    assert "Internal." not in json.dumps(data)
