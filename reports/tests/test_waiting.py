"""The overview's claims waiting longest: one list per thing waited for, each with its age."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Rating
from factcheck.testing import make_claim, make_user

OVERVIEW = reverse("reports:overview")
SENTENCES = [
    "grew by 35% over the last two years",
    "home to four Confucius Institutes",
    "spans over a thousand kilometers",
]


def aged(claim, days, field="updated_at"):
    """Make `claim` look `days` old by `field`, as if it had waited since then. A claim
    last changed then was made then too (the constraint claim_updated_after_created)."""
    when = timezone.now() - datetime.timedelta(days=days, hours=2)
    stamps = {field: when, "created_at": when} if field == "updated_at" else {field: when}
    Claim.objects.filter(pk=claim.pk).update(**stamps)
    return when


@pytest.fixture
def waiting_world(article, editor, reviewer, reviewer2):
    """One claim in each waiting state, and an older and a newer draft."""
    old_draft, new_draft, in_review = (make_claim(article, s) for s in SENTENCES)
    aged(old_draft, 9, "created_at")
    aged(new_draft, 1, "created_at")
    in_review.assign([reviewer, reviewer2], by=editor)
    in_review.submit_review(reviewer=reviewer2, rating=Rating.TRUE, confidence=3, rationale="r")
    aged(in_review, 3)
    return {"old_draft": old_draft, "new_draft": new_draft, "in_review": in_review}


def sections(client):
    return {s.key: s for s in client.get(OVERVIEW).context["waiting"]}


def test_each_state_waits_in_its_own_list_oldest_first(
    client, editor, waiting_world, reviewed_claim
):
    aged(reviewed_claim, 5)
    client.force_login(editor)
    waiting = sections(client)
    assert list(waiting) == ["assignment", "reviewer", "verdict", "publication"]
    assert waiting["assignment"].claims == [waiting_world["old_draft"], waiting_world["new_draft"]]
    assert waiting["reviewer"].claims == [waiting_world["in_review"]]
    assert waiting["verdict"].claims == [reviewed_claim]
    assert waiting["publication"].claims == []


def test_names_the_reviewers_still_to_submit_and_says_the_age(
    client, editor, reviewer, waiting_world
):
    client.force_login(editor)
    text = client.get(OVERVIEW).text
    (claim,) = sections(client)["reviewer"].claims
    assert [a.reviewer for a in claim.outstanding] == [reviewer]  # Ravi has submitted
    since = timezone.localtime(Claim.objects.get(pk=claim.pk).updated_at)
    row = text[text.index('id="waiting-reviewer"') : text.index('id="waiting-verdict"')]
    assert "<span>waiting on Rita</span>" in row
    assert "Ravi" not in row
    assert '<strong class="age">3\xa0days</strong> waiting, since ' in row
    assert f'<time datetime="{since.isoformat()}">{since:%-d %b %Y, %H:%M}</time>' in row


def test_settled_claims_wait_to_be_published(client, editor, settled_claim):
    aged(settled_claim, 2)
    client.force_login(editor)
    waiting = sections(client)
    assert waiting["publication"].claims == [settled_claim]
    assert waiting["publication"].claims[0].age == "2\xa0days"
    assert waiting["verdict"].claims == []
    assert "No claim is waiting." in client.get(OVERVIEW).text


def test_each_list_is_bounded(client, editor, article, settings):
    from reports import queries

    body = " ".join(f"Sentence {i}." for i in range(queries.WAITING_LIMIT + 3))
    art = type(article).objects.create(title="Many", body=body, outlet=article.outlet)
    for i in range(queries.WAITING_LIMIT + 3):
        make_claim(art, f"Sentence {i}.")
    client.force_login(editor)
    assert len(sections(client)["assignment"].claims) == queries.WAITING_LIMIT


def test_the_lists_follow_the_report_filter(client, editor, waiting_world, outlet):
    client.force_login(editor)
    other = type(outlet).objects.create(name="Other outlet")
    response = client.get(OVERVIEW, {"outlet": other.pk})
    assert all(not s.claims for s in response.context["waiting"])


def test_the_overview_runs_thirteen_queries_whatever_the_number_waiting(
    client, editor, article, waiting_world, reviewer2
):
    """A query per list, one for the reviewers waited on and one for the reviews by their
    due date (queries.on_time), at one claim in review or five, each waiting on two
    reviewers."""
    client.force_login(editor)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return len(queries)

    assert page_queries() == 13
    for i in range(4):
        extra = make_user(f"late{i}", "Reviewer")
        body = f"Claim {i} grew by 35%."
        art = type(article).objects.create(title=f"A{i}", body=body, outlet=article.outlet)
        make_claim(art, body).assign([extra, reviewer2], by=editor)
    assert page_queries() == 13
    (*_, late) = sections(client)["reviewer"].claims
    assert len(late.outstanding) == 2


def test_over_a_period_the_lists_hold_the_claims_made_in_it(client, editor, reviewed_claim):
    """The lists by last change are walked from the period's start (Scope.changed_since_start):
    a claim made in the period and changed since is in them; one made before is not."""
    made = aged(reviewed_claim, 20)
    Claim.objects.filter(pk=reviewed_claim.pk).update(updated_at=made + datetime.timedelta(days=15))
    client.force_login(editor)
    day = timezone.localdate(made)

    def verdict_list(start):
        response = client.get(OVERVIEW, {"start": start.isoformat()})
        return {s.key: s for s in response.context["waiting"]}["verdict"].claims

    assert verdict_list(day) == [reviewed_claim]
    assert verdict_list(day + datetime.timedelta(days=1)) == []
    with CaptureQueriesContext(connection) as queries:
        verdict_list(day)
    since = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    waiting_sql = [q["sql"] for q in queries if "waiting_since" in q["sql"]]
    assert len(waiting_sql) == 4
    # The drafts' list is by creation; the other three also bound the last change.
    bounded = [sql for sql in waiting_sql if '"updated_at" >=' in sql]
    assert len(bounded) == 3, waiting_sql
    assert all(since.isoformat(sep=" ")[:19] in sql for sql in bounded)
