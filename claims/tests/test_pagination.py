"""Large lists show an estimated count and stop before huge offsets."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.pagination import EstimatedCountPaginator, planner_estimate

from .conftest import make_claim


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
    # A deeper page asked of the list gives its last served page, not a huge OFFSET.
    response = client.get(reverse("claims:claim_list") + "?status=draft&page=9999")
    assert response.context["table"].page.number == 1


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
