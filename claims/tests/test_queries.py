"""Key pages cost the same number of queries at 2 rows or 30: no N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Evidence, Note, Rating, Snapshot
from factcheck.testing import make_claimant, make_user


def grow(article, editor, reviewers, count):
    """Add `count` claims, each with two assigned reviewers, a review and evidence."""
    from claims.models import Claim

    offset = Claim.objects.count()
    for i in range(offset, offset + count):
        body = f"Claim number {i} says the border is {i} km long."
        art = Article.objects.create(
            title=f"Article {i}", body=body, outlet=article.outlet, author=f"Person {i}"
        )
        claim = Claim.objects.create(
            article=art, quote=body, start=0, end=len(body), claimant=make_claimant(f"Person {i}")
        )
        claim.assign(reviewers, by=editor)
        claim.add_evidence(
            Evidence(
                url=f"https://e{i}.example.org",
                title=f"E{i}",
                stance="supports",
                source_type="primary",
            ),
            by=reviewers[0],
        )
        claim.submit_review(
            reviewer=reviewers[1],
            rating=Rating.TRUE,
            confidence=3,
            rationale="r",
            evidence=claim.evidence.all(),
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def world(article, editor, reviewer, reviewer2):
    grow(article, editor, [reviewer, reviewer2], 2)
    return article


# The queue runs a query per table: a reviewer's has one, an editor's four; and one for
# the saved views beside it.
@pytest.mark.parametrize(("persona", "queue_queries"), [("reviewer", 5), ("editor", 8)])
def test_list_pages_do_not_grow_with_rows(
    client, world, editor, reviewer, reviewer2, persona, queue_queries, request
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    urls = [
        reverse("claims:home"),
        reverse("claims:claim_list"),
        reverse("claims:claim_list") + "?status=in_review&sort=-rating",
        reverse("claims:article_list"),
    ]
    # session, user, permissions, then the queue's tables, or a list's count and rows; the
    # queue and the claims list then read the saved views beside them
    expected = dict(zip(urls, [queue_queries, 6, 6, 5], strict=True))
    assert {url: count_queries(client, url) for url in urls} == expected
    grow(world, editor, [reviewer, reviewer2], 20)
    assert {url: count_queries(client, url) for url in urls} == expected


@pytest.mark.parametrize(("persona", "queue_queries"), [("reviewer", 5), ("editor", 8)])
def test_the_queue_and_the_list_cost_the_same_with_notes_tags_and_priorities(
    client, world, editor, reviewer, reviewer2, persona, queue_queries, request
):
    import datetime

    from claims.models import Claim, Priority

    client.force_login(request.getfixturevalue(persona))
    urls = [reverse("claims:home"), reverse("claims:claim_list")]
    count_queries(client, urls[0])  # the rating scale read once, as a running site has it
    before = {url: count_queries(client, url) for url in urls}
    assert before == dict(zip(urls, [queue_queries, 6], strict=True))
    grow(world, editor, [reviewer, reviewer2], 6)
    due = datetime.date.today() + datetime.timedelta(days=1)
    for i, claim in enumerate(Claim.objects.order_by("pk")):
        claim.set_priority(Priority.values[i % len(Priority.values)], by=editor)
        claim.set_due(due, by=editor)
        claim.add_tags([f"topic {i % 3}", "trade"], by=editor)
        Note.post(claim=claim, author=editor, body=f"@rita note {i}")
    assert {url: count_queries(client, url) for url in urls} == before


def test_claims_list_reads_no_choice_lists_for_its_filters(
    client, world, editor, django_assert_num_queries
):
    # session, user, permissions, count, rows, saved views: the article, outlet, claimant
    # and reviewer filters are pickers (claims.widgets), with no list of choices to read
    client.force_login(editor)
    with django_assert_num_queries(6):
        assert client.get(reverse("claims:claim_list")).status_code == 200


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
@pytest.mark.parametrize(
    "query", ["", "?status=in_review&sort=-updated_at", "?kind=quantity&page=1"]
)
def test_claims_list_runs_six_queries(
    client, world, settled_claim, persona, query, request, django_assert_num_queries
):
    # session, user, permissions, count, rows, saved views
    client.force_login(request.getfixturevalue(persona))
    url = reverse("claims:claim_list")
    with django_assert_num_queries(6):
        response = client.get(url + query)
    assert response.context["table"].rows  # the rows' query ran: the page is not empty


@pytest.mark.parametrize(("persona", "expected"), [("reviewer", 5), ("editor", 8)])
def test_queue_runs_one_query_per_table(
    client, world, persona, expected, request, django_assert_num_queries
):
    # session, user, permissions, then one query per table and no counts: a
    # reviewer's page has one table (their assignments), an editor's four (the last the
    # re-checks due); then the
    # saved views beside the queue
    client.force_login(request.getfixturevalue(persona))
    with django_assert_num_queries(expected):
        assert client.get(reverse("claims:home")).status_code == 200


# A search page has no count (see ClaimListView.get_table_pagination): session,
# user, permissions, rows, saved views. On PostgreSQL the search first reads the keys of
# up to a thousand of its full-text matches (claims.search._by_key); when there are none,
# it reads the claims' words nearest each word searched (the word list) and reads the
# keys of the claims those match, the suggestion coming from the claims found. On SQLite a
# search that finds nothing makes one more query for its "did you mean": the
# FTS5 vocabulary.
SEARCH_QUERIES = {
    "sqlite": {"?q=border": 5, "?q=bordre": 6},
    "postgresql": {"?q=border": 6, "?q=bordre": 8},
}


@pytest.mark.parametrize("query", ["?q=border", "?q=bordre"])
def test_searched_list_runs_a_fixed_number_of_queries(
    client, world, editor, query, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("claims:claim_list")
    with django_assert_num_queries(SEARCH_QUERIES[connection.vendor][query]):
        response = client.get(url + query)
    if query == "?q=bordre":
        assert response.context["suggestion"] == "border"
    else:
        assert response.context["table"].rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # session, user, permissions, count, rows, saved views
        (f"?rating={Rating.MOSTLY_TRUE.value}", 6),
        # and the picker's row, whose name the filter box shows
        ("?outlet={outlet}&sort=status", 7),
        ("?article={article}", 7),
        ("?outlet={outlet}&article={article}", 8),
    ],
)
def test_filtered_list_runs_a_fixed_number_of_queries(
    client, world, settled_claim, editor, query, expected, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("claims:claim_list")
    with django_assert_num_queries(expected):
        response = client.get(url + query.format(outlet=world.outlet_id, article=world.pk))
    assert response.context["table"].rows  # the rows' query ran: the page is not empty


def test_a_page_past_the_last_is_not_found_without_reading_rows(
    client, world, settled_claim, editor, django_assert_num_queries
):
    # session, user, permissions, count: no rows are read for a page that does not exist
    client.force_login(editor)
    url = reverse("claims:claim_list")
    with django_assert_num_queries(4):
        assert client.get(url + "?page=2").status_code == 404


def test_claim_page_does_not_grow_with_reviews_and_evidence(
    client, article, editor, reviewer, reviewer2
):
    from claims.models import Claim

    body = "The border spans over a thousand kilometers."
    art = Article.objects.create(title="Border", body=body, author="X")
    claim = Claim.objects.create(
        article=art, quote=body, start=0, end=len(body), claimant=make_claimant("X")
    )
    claim.assign([reviewer, reviewer2], by=editor)
    claim.add_evidence(
        Evidence(url="https://a.example.org", title="A", stance="supports", source_type="primary"),
        by=reviewer,
    )
    claim.submit_review(
        reviewer=reviewer,
        rating=Rating.TRUE,
        confidence=3,
        rationale="r",
        evidence=claim.evidence.all(),
    )
    note, _ = Note.post(claim=claim, author=editor, body="Called the ministry.")
    note.edit(by=editor, body="Called the ministry; no answer yet.")
    client.force_login(reviewer2)
    reviewers_before = count_queries(client, claim.get_absolute_url())
    client.force_login(editor)
    before = count_queries(client, claim.get_absolute_url())
    # With the user's own review draft, read for every viewer; each evidence item's newest
    # snapshot (its archive status), all items' in one query; the fact-checks published
    # elsewhere that are alike, with the editors' decisions on them (external.matching): 2;
    # the notes the user may read, with their earlier wordings: 2; and the editor's change
    # history reads the claim's taggings too (TaggedClaim's history): 1; the re-checks done,
    # which editors see: 1.
    assert before == 23

    extra = [make_user(f"extra{i}", "Reviewer") for i in range(5)]
    claim.assign(extra, by=editor)
    for i, user in enumerate(extra):
        claim.add_evidence(
            Evidence(
                url=f"https://x{i}.example.org",
                title=f"X{i}",
                stance="refutes",
                source_type="secondary",
            ),
            by=user,
        )
        claim.submit_review(
            reviewer=user,
            rating=Rating.FALSE,
            confidence=2,
            rationale="r",
            evidence=claim.evidence.all(),
        )
    # Each item added has a snapshot queued; one archived, one failed, read the same way.
    first, second = Snapshot.objects.all()[:2]
    first.status, first.sha256, first.http_status = "archived", "0" * 64, 200
    first.fetched_at = first.asked_at
    first.save()
    second.fail("no answer")
    for i, user in enumerate([editor, reviewer2, *extra] * 3):
        more, _ = Note.post(
            claim=claim,
            author=user,
            body=f"Note {i} for @rita",
            anchor_on=Note.Anchor.QUOTE,
            anchor_start=0,
            anchor_end=10,
        )
        more.edit(by=user, body=f"Note {i}, edited")
        if i % 2:
            more.resolve(by=editor)
    after = count_queries(client, claim.get_absolute_url())
    assert after == before
    # A reviewer yet to review sees fewer notes (the independent-review rule), in as many
    # queries however many there are.
    client.force_login(reviewer2)
    assert count_queries(client, claim.get_absolute_url()) == reviewers_before


def test_article_page_does_not_grow_with_claims(client, article, editor, reviewer, reviewer2):
    from claims.models import Claim

    client.force_login(editor)
    before = count_queries(client, article.get_absolute_url())
    assert before == 6  # the claimant is typed with a picker, not chosen from a list of all
    for quote in ["four Confucius Institutes", "over a thousand kilometers", "grew by 35%"]:
        start = article.body.index(quote)
        claim = Claim.objects.create(
            article=article,
            quote=quote,
            start=start,
            end=start + len(quote),
            claimant=make_claimant("X"),
        )
        claim.assign([reviewer], by=editor)
    assert count_queries(client, article.get_absolute_url()) == before


def test_similar_claims_page_does_not_grow_with_claims(client, world, editor, reviewer, reviewer2):
    from claims.models import Claim

    claim = Claim.objects.order_by("pk").first()
    client.force_login(editor)
    url = reverse("claims:similar", args=[claim.pk])
    before = count_queries(client, url)
    assert before == 6
    grow(world, editor, [reviewer, reviewer2], 10)
    assert count_queries(client, url) == before


def test_admin_claim_list_does_not_grow_with_rows(client, world, editor, reviewer, reviewer2):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:claims_claim_changelist")
    before = count_queries(client, url)
    assert before == 5
    grow(world, editor, [reviewer, reviewer2], 10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == before
    # Review counts are subqueries for the page's rows, not a grouping of every claim.
    assert not any('JOIN "claims_review"' in q["sql"] for q in queries)
