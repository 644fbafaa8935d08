"""Large lists show an estimated count and stop before huge offsets."""

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from claims.models import Claim
from claims.pagination import EstimatedCountPaginator

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
    assert paginator.count == 2
    assert paginator.count_is_estimate
    assert paginator.num_pages == 2


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
    assert "More than 2 claims" in response.content.decode()
    settings.FACTCHECK_EXACT_COUNT_LIMIT = 3
    response = client.get(reverse("claims:claim_list") + "?status=draft")
    assert "3 claims" in response.content.decode()
