"""Notes on a claim: who may read them (the independent-review rule), posting, anchoring,
editing with history, resolving, mentions, and the pages' answers to forged requests."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims.models import Note, NoteRevision, Rating, WorkflowError
from claims.models.notes import mentioned_names
from factcheck.testing import make_user


@pytest.fixture
def outsider(db):
    """A signed-in user with no role: may not see claims at all."""
    return make_user("nobody")


@pytest.fixture
def thread(claim_in_review, editor, reviewer, reviewer2):
    """One note by each of the editor and the two assigned reviewers."""
    notes = {}
    for name, author in (("editor", editor), ("rita", reviewer), ("ravi", reviewer2)):
        notes[name], _ = Note.post(claim=claim_in_review, author=author, body=f"By {name}.")
    return notes


def readable(user, claim):
    return set(Note.objects.visible_to(user, claim).values_list("body", flat=True))


def test_reviewer_before_submitting_reads_editors_notes_and_their_own_only(
    thread, claim_in_review, reviewer
):
    assert readable(reviewer, claim_in_review) == {"By editor.", "By rita."}


def test_reviewer_reads_every_note_once_their_review_is_in(thread, claim_in_review, reviewer):
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data."
    )
    assert readable(reviewer, claim_in_review) == {"By editor.", "By rita.", "By ravi."}


def test_another_reviewers_submission_shows_nothing_more_to_the_one_still_rating(
    thread, claim_in_review, reviewer, reviewer2
):
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data."
    )
    assert readable(reviewer2, claim_in_review) == {"By editor.", "By ravi."}


def test_editors_and_admins_read_every_note(thread, claim_in_review, editor, admin_user):
    every = {"By editor.", "By rita.", "By ravi."}
    assert readable(editor, claim_in_review) == readable(admin_user, claim_in_review) == every


def test_an_unassigned_reviewer_reads_only_editors_notes(thread, claim_in_review):
    other = make_user("otto", "Reviewer")
    assert readable(other, claim_in_review) == {"By editor."}


def test_a_user_without_a_role_and_the_anonymous_read_none(thread, claim_in_review, outsider):
    from django.contrib.auth.models import AnonymousUser

    assert readable(outsider, claim_in_review) == set()
    assert readable(AnonymousUser(), claim_in_review) == set()


def test_a_reviewers_note_stays_theirs_when_they_become_an_editor(
    thread, claim_in_review, reviewer, reviewer2
):
    from django.contrib.auth.models import Group

    reviewer2.groups.add(Group.objects.get(name="Editor"))
    assert "By ravi." not in readable(reviewer, claim_in_review)


def test_claim_page_shows_the_rule_and_the_public_page_shows_no_note(
    client, published_claim, editor, reviewer, reviewer2
):
    Note.post(claim=published_claim, author=editor, body="Editor's internal remark.")
    client.force_login(reviewer)
    page = client.get(published_claim.get_absolute_url()).content.decode()
    assert "Editor&#x27;s internal remark." in page
    client.logout()
    public = client.get(reverse("public:factcheck", args=[published_claim.pk])).content.decode()
    assert "internal remark" not in public
    feed = client.get(reverse("public:claimreview_feed")).content.decode()
    assert "internal remark" not in feed


def test_claim_page_hides_another_reviewers_note_until_own_review_is_in(
    client, claim_in_review, reviewer, reviewer2
):
    Note.post(claim=claim_in_review, author=reviewer2, body="I think it is false.")
    client.force_login(reviewer)
    assert b"I think it is false." not in client.get(claim_in_review.get_absolute_url()).content
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data."
    )
    assert b"I think it is false." in client.get(claim_in_review.get_absolute_url()).content


def test_a_hidden_note_is_a_404_for_edit_resolve_and_reopen(
    client, thread, claim_in_review, reviewer
):
    hidden = thread["ravi"]
    client.force_login(reviewer)
    for name in ("edit_note", "resolve_note", "reopen_note"):
        url = reverse(f"claims:{name}", args=[claim_in_review.pk, hidden.pk])
        assert client.post(url).status_code == 404, name
    hidden.refresh_from_db()
    assert not hidden.is_resolved()


def test_posting_keeps_the_note_and_goes_back_to_it(client, claim_in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:post_note", args=[claim_in_review.pk]),
        {"body": "  I called the ministry; waiting for a reply.  ", "anchor_on": "quote"},
    )
    note = Note.objects.get()
    assert response.status_code == 303
    assert response.url == f"{claim_in_review.get_absolute_url()}#note-{note.pk}"
    assert (note.author, note.by_editor, note.is_anchored()) == (reviewer, False, False)
    assert note.body == "I called the ministry; waiting for a reply."


def test_a_note_anchored_by_passage_finds_it_in_the_quote(client, claim_in_review, reviewer):
    client.force_login(reviewer)
    client.post(
        reverse("claims:post_note", args=[claim_in_review.pk]),
        {"body": "Which years?", "anchor_on": "quote", "passage": "the last two years"},
    )
    note = Note.objects.get()
    start = claim_in_review.quote.index("the last two years")
    assert (note.anchor_on, note.anchor_start, note.anchor_end) == ("quote", start, start + 18)
    assert note.anchor_text == "the last two years"


def test_a_note_anchored_in_the_article_takes_the_place_nearest_the_claim(
    claim_in_review, reviewer
):
    from claims.forms import NoteForm

    body = claim_in_review.article.body
    word = "the"
    form = NoteForm(
        {"body": "Here.", "anchor_on": "article", "passage": word}, claim=claim_in_review
    )
    assert form.is_valid(), form.errors
    note, _ = form.post(reviewer)
    places = [i for i in range(len(body)) if body.startswith(word, i)]
    assert note.anchor_start == min(places, key=lambda at: abs(at - claim_in_review.start))
    assert body[note.anchor_start : note.anchor_end] == word


def test_a_passage_not_in_the_quote_is_refused_by_name(client, claim_in_review, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:post_note", args=[claim_in_review.pk])
    response = client.post(
        url, {"body": "Hm.", "anchor_on": "quote", "passage": "forty percent"}, follow=True
    )
    assert response.redirect_chain[0] == (f"{claim_in_review.get_absolute_url()}?failed=note", 303)
    assert "“forty percent” is not in the quote." in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (5, 5), (9, 4), (0, 10_000), (2**63, 2**63 + 4)],
)
def test_offsets_outside_the_quote_are_refused(claim_in_review, reviewer, start, end):
    with pytest.raises(ValidationError):
        Note.post(
            claim=claim_in_review,
            author=reviewer,
            body="Out of range.",
            anchor_on="quote",
            anchor_start=start,
            anchor_end=end,
        )
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 5001},
        {"body": "Hi.", "anchor_on": "footnote", "passage": "grew"},
        {"body": "Hi.", "anchor_start": "0", "anchor_end": "4", "anchor_on": ""},
        {"body": "Hi.", "anchor_on": "quote", "anchor_start": "0", "anchor_end": "999999"},
        {"body": "Hi.", "anchor_on": "quote", "anchor_start": "abc", "anchor_end": "4"},
    ],
)
def test_forged_note_posts_are_refused_and_write_nothing(client, claim_in_review, reviewer, data):
    client.force_login(reviewer)
    response = client.post(reverse("claims:post_note", args=[claim_in_review.pk]), data)
    assert response.status_code == 303
    assert response.url.endswith("?failed=note")
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"error" in page.content
    assert not Note.objects.exists()


def test_a_note_on_an_impossible_claim_is_a_404(client, reviewer):
    client.force_login(reviewer)
    for pk in (999_999, 2**63):
        response = client.post(reverse("claims:post_note", args=[pk]), {"body": "Hi."})
        assert response.status_code == 404


def test_users_without_a_role_may_not_post(client, claim_in_review, outsider):
    client.force_login(outsider)
    response = client.post(reverse("claims:post_note", args=[claim_in_review.pk]), {"body": "Hi"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        Note.post(claim=claim_in_review, author=outsider, body="Hi")
    assert not Note.objects.exists()


def test_editing_keeps_every_earlier_wording(client, claim_in_review, reviewer):
    note, _ = Note.post(claim=claim_in_review, author=reviewer, body="First wording.")
    client.force_login(reviewer)
    url = reverse("claims:edit_note", args=[claim_in_review.pk, note.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "Second wording."}).status_code == 303
    assert client.post(url, {"body": "Third wording."}).status_code == 303
    note.refresh_from_db()
    assert note.body == "Third wording."
    assert note.is_edited()
    earlier = list(note.revisions.values_list("body", flat=True))
    assert earlier == ["First wording.", "Second wording."]
    page = client.get(claim_in_review.get_absolute_url()).content.decode()
    assert "edited" in page
    assert "First wording." in page
    assert "Second wording." in page


def test_the_same_wording_again_is_no_revision(claim_in_review, reviewer):
    note, _ = Note.post(claim=claim_in_review, author=reviewer, body="Same.")
    note.edit(by=reviewer, body="Same.")
    assert not NoteRevision.objects.exists()
    assert not note.is_edited()


def test_only_the_author_may_edit(client, claim_in_review, editor, reviewer):
    note, _ = Note.post(claim=claim_in_review, author=reviewer, body="Mine.")
    client.force_login(editor)
    url = reverse("claims:edit_note", args=[claim_in_review.pk, note.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Changed by the editor."}).status_code == 403
    with pytest.raises(PermissionDenied):
        note.edit(by=editor, body="Changed by the editor.")
    note.refresh_from_db()
    assert note.body == "Mine."
    assert not NoteRevision.objects.exists()


def test_an_empty_edit_is_refused_and_changes_nothing(client, claim_in_review, reviewer):
    note, _ = Note.post(claim=claim_in_review, author=reviewer, body="Mine.")
    client.force_login(reviewer)
    url = reverse("claims:edit_note", args=[claim_in_review.pk, note.pk])
    response = client.post(url, {"body": "  "})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    note.refresh_from_db()
    assert note.body == "Mine."


def test_resolve_and_reopen(client, claim_in_review, editor, reviewer):
    note, _ = Note.post(claim=claim_in_review, author=editor, body="Ask the ministry.")
    client.force_login(reviewer)  # anyone who may read it may resolve it
    resolve = reverse("claims:resolve_note", args=[claim_in_review.pk, note.pk])
    reopen = reverse("claims:reopen_note", args=[claim_in_review.pk, note.pk])
    assert client.post(resolve).status_code == 303
    note.refresh_from_db()
    assert note.is_resolved()
    assert note.resolved_by == reviewer
    page = client.get(claim_in_review.get_absolute_url()).content.decode()
    assert "resolved by Rita" in page
    client.post(reopen)
    note.refresh_from_db()
    assert not note.is_resolved()
    assert note.resolved_by is None


def test_resolving_twice_says_so(claim_in_review, editor):
    note, _ = Note.post(claim=claim_in_review, author=editor, body="Ask the ministry.")
    note.resolve(by=editor)
    with pytest.raises(WorkflowError, match="resolved already"):
        note.resolve(by=editor)
    note.reopen(by=editor)
    with pytest.raises(WorkflowError, match="open already"):
        note.reopen(by=editor)


def test_a_get_on_a_note_action_goes_back_to_the_claim(client, claim_in_review, editor):
    note, _ = Note.post(claim=claim_in_review, author=editor, body="Ask the ministry.")
    client.force_login(editor)
    url = reverse("claims:resolve_note", args=[claim_in_review.pk, note.pk])
    assert client.get(url).status_code == 302
    assert not Note.objects.get().is_resolved()


def test_a_note_of_another_claim_is_a_404(client, claim_in_review, article, editor):
    from factcheck.testing import make_claim

    other = make_claim(article, "The shared border spans over a thousand kilometers")
    note, _ = Note.post(claim=other, author=editor, body="Elsewhere.")
    client.force_login(editor)
    url = reverse("claims:resolve_note", args=[claim_in_review.pk, note.pk])
    assert client.post(url).status_code == 404
    assert not Note.objects.get().is_resolved()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@ravi can you check the 2019 list?", ["ravi"]),
        ("Thanks @ravi. And @edna, @ravi!", ["ravi", "edna"]),
        ("mail rita@example.org", []),
        ("@first.last.", ["first.last"]),
        ("no one", []),
    ],
)
def test_mentions_are_read_from_the_text(text, names):
    assert mentioned_names(text) == names
