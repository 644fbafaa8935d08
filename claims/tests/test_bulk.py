"""Bulk actions from the claims list (claims.bulk): each claim goes through its own model
method, in its own transaction; the outcome names the claims changed and those refused,
with why; a forged choice is refused before anything changes."""

import pytest
from django.urls import reverse

from claims import bulk
from claims.models import Article, Claim, Rating
from factcheck.testing import add_primary_evidence, make_claimant, make_user

URL = reverse("claims:bulk")


def new_claim(outlet, text):
    # Its author's own claim: one question, whether it is true (claims.models.reporting).
    article = Article.objects.create(title=text[:40], body=text, outlet=outlet, author="Someone")
    return Claim.objects.create(
        article=article, quote=text, start=0, end=len(text), claimant=make_claimant("Someone")
    )


@pytest.fixture
def make(outlet, editor, reviewer, reviewer2):
    """make(status) -> a fresh claim in that status (draft, in_review, reviewed, settled)."""
    made = []

    def make(status, primary=True):
        claim = new_claim(outlet, f"Claim {len(made)} says exports rose {len(made)}%.")
        made.append(claim)
        if status == "draft":
            return claim
        claim.assign([reviewer, reviewer2], by=editor)
        if status == "in_review":
            return claim
        for person in (reviewer, reviewer2):  # publishing a rated verdict needs two reviews
            claim.submit_review(reviewer=person, rating=Rating.TRUE, confidence=3, rationale="r")
        if status == "reviewed":
            return claim
        if primary:
            add_primary_evidence(claim, editor)
        claim.settle(editor=editor, rating=Rating.TRUE, summary="It is so.")
        claim.refresh_from_db()
        return claim

    return make


def ticked(*claims, stale=()):
    return [f"{c.pk}:{c.version - 1 if c in stale else c.version}" for c in claims]


def said(response):
    return [str(m) for m in response.context["messages"]]


def status_of(*claims):
    return [Claim.objects.get(pk=c.pk).status for c in claims]


SETTLE = {"action": "settle", "scope": "selected", "rating": Rating.FALSE, "summary": "Not so."}


def test_bulk_settle_changes_the_claims_that_allow_it_and_names_the_refused_with_why(
    client, editor, make
):
    first, second = make("reviewed"), make("reviewed")
    waiting, settled = make("in_review"), make("settled")
    client.force_login(editor)

    data = {**SETTLE, "claims": ticked(first, second, waiting, settled), "filter": "kind=other"}
    response = client.post(URL, data, follow=True)

    assert response.redirect_chain == [(reverse("claims:claim_list") + "?kind=other", 303)]
    assert status_of(first, second, waiting, settled) == [
        "settled",
        "settled",
        "in_review",
        "settled",
    ]
    assert Claim.objects.get(pk=first.pk).verdict.rating == Rating.FALSE
    assert Claim.objects.get(pk=settled.pk).verdict.rating == Rating.TRUE  # left as it was
    assert said(response) == [
        f"Verdict settled on 2 claims: #{first.pk}, #{second.pk}.",
        f"Refused 2 claims: #{waiting.pk} (Only a reviewed claim can be settled; this one "
        f"is in review); #{settled.pk} (Only a reviewed claim can be settled; this one is "
        "settled).",
    ]


def test_bulk_tags_tag_each_claim_and_refuse_one_that_has_them_already(client, editor, make):
    fresh, tagged, settled = make("draft"), make("in_review"), make("settled")
    tagged.add_tags(["Trade", "economy"], by=editor)
    client.force_login(editor)

    data = {"action": "add_tags", "scope": "selected", "tags": "trade, Economy"}
    response = client.post(URL, {**data, "claims": ticked(fresh, tagged, settled)}, follow=True)

    for claim in (fresh, tagged, settled):
        assert sorted(t.name for t in claim.tags.all()) == ["Trade", "economy"]
    assert said(response) == [
        f"Tags added on 2 claims: #{fresh.pk}, #{settled.pk}.",
        f"Refused 1 claim: #{tagged.pk} (The claim has those tags already).",
    ]

    data = {"action": "remove_tags", "scope": "selected", "tags": "ECONOMY"}
    response = client.post(URL, {**data, "claims": ticked(fresh, tagged)}, follow=True)
    assert [t.name for t in fresh.tags.all()] == ["Trade"]
    assert [t.name for t in tagged.tags.all()] == ["Trade"]
    assert said(response) == [f"Tags removed on 2 claims: #{fresh.pk}, #{tagged.pk}."]


def test_bulk_priority_and_due_date_change_open_claims_and_refuse_published_ones(
    client, editor, make
):
    import datetime

    from claims.models import Priority

    waiting, settled = make("in_review"), make("settled")
    settled.publish(editor=editor)
    settled.refresh_from_db()
    client.force_login(editor)

    data = {"action": "priority", "scope": "selected", "priority": Priority.URGENT}
    response = client.post(URL, {**data, "claims": ticked(waiting, settled)}, follow=True)
    assert [Claim.objects.get(pk=c.pk).priority for c in (waiting, settled)] == [
        Priority.URGENT,
        Priority.NORMAL,
    ]
    changed, refused = said(response)
    assert changed == f"Priority set on 1 claim: #{waiting.pk}."
    assert refused.startswith(f"Refused 1 claim: #{settled.pk} (A published claim has no priority")

    due = datetime.date.today() + datetime.timedelta(days=3)
    data = {"action": "due", "scope": "selected", "due": due.isoformat()}
    response = client.post(URL, {**data, "claims": ticked(waiting)}, follow=True)
    assert Claim.objects.get(pk=waiting.pk).due == due
    assert said(response) == [f"Due date set on 1 claim: #{waiting.pk}."]

    data = {"action": "due", "scope": "selected", "due": "2001-01-01"}
    response = client.post(URL, {**data, "claims": ticked(waiting)})
    assert response.status_code == 400
    assert Claim.objects.get(pk=waiting.pk).due == due


def test_a_reviewer_cannot_tag_in_bulk(client, reviewer, make):
    claim = make("draft")
    client.force_login(reviewer)
    data = {"action": "add_tags", "scope": "selected", "tags": "trade"}
    assert client.post(URL, {**data, "claims": ticked(claim)}).status_code == 403
    assert not claim.tags.exists()


def test_a_claim_changed_since_the_list_was_loaded_is_refused_as_stale(client, editor, make):
    fresh, stale = make("reviewed"), make("reviewed")
    client.force_login(editor)

    data = {**SETTLE, "claims": ticked(fresh, stale, stale=[stale])}
    response = client.post(URL, data, follow=True)

    assert status_of(fresh, stale) == ["settled", "reviewed"]
    assert said(response)[1] == (
        f"Refused 1 claim: #{stale.pk} (changed by someone else since the list was loaded)."
    )


def test_bulk_assign_assigns_each_claim_and_refuses_those_past_review(client, editor, make):
    draft, waiting, settled = make("draft"), make("in_review"), make("settled")
    rosa = make_user("rosa", "Reviewer")
    client.force_login(editor)

    data = {"action": "assign", "scope": "selected", "claims": ticked(draft, waiting, settled)}
    response = client.post(URL, {**data, "reviewers": [rosa.pk]}, follow=True)

    assert status_of(draft, waiting, settled) == ["in_review", "in_review", "settled"]
    for claim in (draft, waiting):
        assert claim.assignments.filter(reviewer=rosa).exists()
    assert not settled.assignments.filter(reviewer=rosa).exists()
    assert said(response) == [
        f"Reviewers assigned on 2 claims: #{draft.pk}, #{waiting.pk}.",
        f"Refused 1 claim: #{settled.pk} (A settled claim cannot get new reviewers; "
        "reopen it first).",
    ]


def test_bulk_publish_refuses_a_verdict_the_publish_gate_stops(client, editor, make):
    ready, unsourced = make("settled"), make("settled", primary=False)
    client.force_login(editor)

    data = {"action": "publish", "scope": "selected", "claims": ticked(ready, unsourced)}
    response = client.post(URL, data, follow=True)

    assert status_of(ready, unsourced) == ["published", "settled"]
    changed, refused = said(response)
    assert changed == f"Verdict published on 1 claim: #{ready.pk}."
    assert refused.startswith(f"Refused 1 claim: #{unsourced.pk} (The verdict cannot be published")


def test_every_claim_matching_the_filter_is_the_filter_applied_again_at_submit_time(
    client, editor, make
):
    first, second, _waiting = make("reviewed"), make("reviewed"), make("in_review")
    client.force_login(editor)
    choice = {"action": "settle", "scope": "all", "filter": "status=reviewed"}

    page = client.get(URL, choice)
    assert page.status_code == 200
    assert page.context["count"] == 2
    third = make("reviewed")  # reviewed after the page was drawn, before it was sent
    response = client.post(URL, {**choice, "rating": Rating.FALSE, "summary": "No."}, follow=True)

    assert status_of(first, second, third, _waiting) == ["settled"] * 3 + ["in_review"]
    assert said(response) == [
        f"Verdict settled on 3 claims: #{first.pk}, #{second.pk}, #{third.pk}."
    ]


def test_a_filter_matching_more_than_the_cap_is_refused_with_the_count(
    client, editor, make, monkeypatch
):
    monkeypatch.setattr(bulk, "MAX_CLAIMS", 2)
    claims = [make("reviewed") for _ in range(3)]
    client.force_login(editor)

    data = {**SETTLE, "scope": "all", "filter": "status=reviewed"}
    response = client.post(URL, data)

    assert response.status_code == 400
    assert "This filter matches 3 claims; a bulk action takes at most 2 at once." in (
        response.content.decode()
    )
    assert status_of(*claims) == ["reviewed"] * 3


def test_a_reviewer_cannot_act_in_bulk(client, reviewer, make):
    claim = make("reviewed")
    client.force_login(reviewer)

    assert client.get(URL, {**SETTLE, "claims": ticked(claim)}).status_code == 403
    assert client.post(URL, {**SETTLE, "claims": ticked(claim)}).status_code == 403
    assert status_of(claim) == ["reviewed"]


def test_reviewers_see_no_tick_boxes_and_editors_see_one_per_claim(client, reviewer, editor, make):
    claim = make("reviewed")
    client.force_login(reviewer)
    assert 'name="claims"' not in client.get(reverse("claims:claim_list")).content.decode()

    client.force_login(editor)
    page = client.get(reverse("claims:claim_list")).content.decode()
    assert (
        f'<input type="checkbox" name="claims" value="{claim.pk}:{claim.version}" '
        f'aria-label="Select claim {claim.pk}">'
    ) in page
    assert 'action="/claims/bulk/"' in page


@pytest.mark.parametrize(
    ("sent", "error"),
    [
        ("abc", "“abc” is not a claim's number."),
        ("0", "“0” is not a claim's number."),
        ("-3", "“-3” is not a claim's number."),
        (str(2**63), f"“{2**63}” is not a claim's number."),
        ("{pk}:x", "“{pk}:x” is not a claim's number."),
        ("{pk}:99999999999", "“{pk}:99999999999” is not a claim's number."),
        ("987654321", "No claim has the number 987654321."),
    ],
)
def test_a_forged_number_is_refused_by_name_and_nothing_changes(client, editor, make, sent, error):
    claim = make("reviewed")
    client.force_login(editor)

    forged = sent.format(pk=claim.pk)
    response = client.post(URL, {**SETTLE, "claims": [*ticked(claim), forged]})

    assert response.status_code == 400
    assert error.format(pk=claim.pk).replace("'", "&#x27;") in response.content.decode()
    assert status_of(claim) == ["reviewed"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "explode"}, "Select a valid choice. explode is not one of the available"),
        ({"action": ""}, "Action: This field is required."),
        ({"scope": "everything"}, "Claims: Select a valid choice."),
        ({"claims": []}, "Tick at least one claim, or choose every claim matching the filter."),
        ({"scope": "all", "filter": "status=bogus"}, "The list&#x27;s filter is not one"),
        ({"scope": "all", "filter": "status=draft&kind=event"}, "No claim matches this filter"),
        ({"summary": "  "}, "Summary: This field is required."),
        ({"rating": "99"}, "Select a valid choice. 99 is not one of the available choices."),
    ],
)
def test_a_choice_the_list_could_not_send_is_refused_and_nothing_changes(
    client, editor, make, data, error
):
    claim = make("reviewed")
    client.force_login(editor)

    response = client.post(URL, {**SETTLE, "claims": ticked(claim), **data})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert status_of(claim) == ["reviewed"]


def test_more_ticks_than_the_cap_are_refused(client, editor, make):
    claim = make("reviewed")
    client.force_login(editor)
    too_many = [str(n) for n in range(1, bulk.MAX_CLAIMS + 2)]

    response = client.post(URL, {**SETTLE, "claims": too_many})

    assert response.status_code == 400
    assert f"Choose at most {bulk.MAX_CLAIMS} claims at once" in response.content.decode()
    assert status_of(claim) == ["reviewed"]


def test_the_choice_page_names_the_claims_and_a_get_changes_nothing(client, editor, make):
    first, second = make("reviewed"), make("reviewed")
    client.force_login(editor)

    response = client.get(URL, {**SETTLE, "claims": ticked(first, second)})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{first.pk}" in page
    assert f"#{second.pk}" in page
    assert f'name="claims" value="{first.pk}:{first.version}"' in page
    assert "Settle with one verdict: 2 claims" in page
    assert status_of(first, second) == ["reviewed", "reviewed"]
