"""Large lists show an estimated count and stop before huge offsets."""

import re

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.pagination import EstimatedCountPaginator, planner_estimate
from factcheck.testing import make_claim


@pytest.fixture
def claims(article):
    for quote in ["grew by 35%", "four Confucius Institutes", "over a thousand kilometers"]:
        make_claim(article, quote)
    return Claim.objects.order_by("pk")


def test_it_counts_exactly_under_the_limit(claims, settings):
    settings.FACTCHECK_EXACT_COUNT_LIMIT = 1000
    paginator = EstimatedCountPaginator(claims, 2)
    assert paginator.count == 3
    assert not paginator.count_is_estimate


def test_it_stops_counting_at_the_limit(claims, settings):
    settings.FACTCHECK_EXACT_COUNT_LIMIT = 2
    paginator = EstimatedCountPaginator(claims, 1)
    count = paginator.count
    if connection.vendor == "postgresql":
        # Past the limit, the planner's estimate of the matching rows, never below it.
        assert paginator.count_is_estimate
        assert count >= 3
    else:
        assert paginator.count_is_lower_bound
        assert count == 2
        assert paginator.num_pages == 2


def test_the_planner_estimate_is_of_the_filtered_rows(claims, db):
    estimate = planner_estimate(claims.filter(statement__contains="Confucius"))
    if connection.vendor == "postgresql":
        assert isinstance(estimate, int)
        assert estimate >= 0
    else:
        assert estimate is None


def test_it_serves_no_page_past_the_cap(claims, settings, client, editor):
    settings.FACTCHECK_MAX_LIST_PAGE = 1
    paginator = EstimatedCountPaginator(claims, 1)
    assert paginator.num_pages == 1
    client.force_login(editor)
    with pytest.raises(EmptyPage):
        paginator.page(2)
    # A deeper page asked of the list is not found, and never a huge OFFSET.
    response = client.get(reverse("claims:claim_list") + "?status=draft&page=9999")
    assert response.status_code == 404
    assert client.get(reverse("claims:claim_list") + "?status=draft&page=1").status_code == 200


def test_the_list_says_more_than_when_it_stops_counting(claims, settings, client, editor):
    settings.FACTCHECK_EXACT_COUNT_LIMIT = 2
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list") + "?status=draft")
    if connection.vendor == "postgresql":
        assert "(an estimate: too many to count on every page)" in response.text
    else:
        assert "More than 2 claims" in response.text
    settings.FACTCHECK_EXACT_COUNT_LIMIT = 3
    response = client.get(reverse("claims:claim_list") + "?status=draft")
    assert "3 claims" in response.content.decode()


@pytest.fixture
def many_claims(article):
    """30 claims, all changed at the same moment: the sort alone cannot order them."""
    import datetime

    from claims.models import Article

    made = []
    for i in range(30):
        body = f"Claim {i} says the border is {i} km long."
        art = Article.objects.create(title=f"A{i}", body=body, outlet=article.outlet)
        made.append(make_claim(art, body))
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Claim.objects.update(created_at=moment, updated_at=moment)
    return made


@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_page_holds_the_same_rows_as_a_plain_slice(many_claims, client, editor, page):
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"page": page, "per_page": 10})
    shown = [row.record.pk for row in response.context["table"].page.object_list]
    expected = list(
        Claim.objects.worked_on()
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)[(page - 1) * 10 : page * 10]
    )
    assert shown == expected


def test_pages_never_overlap_when_the_sort_ties(many_claims, client, editor):
    client.force_login(editor)
    seen = []
    for page in (1, 2, 3):
        response = client.get(
            reverse("claims:claim_list"), {"page": page, "per_page": 10, "sort": "status"}
        )
        seen += [row.record.pk for row in response.context["table"].page.object_list]
    assert sorted(seen) == sorted(c.pk for c in many_claims)


def test_the_page_query_finds_keys_before_annotating(many_claims, client, editor):
    client.force_login(editor)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as queries:
        client.get(reverse("claims:claim_list"), {"page": 2})
    rows = [q["sql"] for q in queries if "review_count" in q["sql"]]
    assert len(rows) == 1
    # The page's keys come from a subquery with the offset; the counts are
    # computed in the outer query, for those keys only.
    assert re.search(r'"claims_claim"\."id" IN \(SELECT .+ LIMIT \d+ OFFSET 25\)', rows[0])


def test_a_page_holds_at_most_a_hundred_rows(claims, client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"per_page": 1000000})
    assert response.context["table"].paginator.per_page == 100
