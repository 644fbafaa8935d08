"""The index of published fact-checks: newest first, paged, nothing unpublished, two queries."""

import datetime

import pytest
from django.urls import reverse

from factcheck.testing import make_claim
from publishing import views

INDEX = reverse("public:index")
QUOTES = [
    "grew by 35% over the last two years",
    "four Confucius Institutes",
    "spans over a thousand kilometers",
]


@pytest.fixture
def three(publish_on):
    """Three fact-checks, published on the 1st, 2nd and 3rd of March 2026."""
    return [publish_on(q, datetime.date(2026, 3, day)) for day, q in enumerate(QUOTES, 1)]


def listed(client, url=INDEX):
    response = client.get(url)
    assert response.status_code == 200
    return [q for q in sorted(QUOTES, key=response.text.find) if q in response.text]


def test_newest_first(client, three):
    assert listed(client) == list(reversed(QUOTES))


def test_unpublished_and_reopened_before_publication_are_not_listed(client, settled_claim, editor):
    assert listed(client) == []
    settled_claim.reopen(editor=editor, reason="Check again.")
    assert "No fact-checks have been published yet." in client.get(INDEX).text


def test_a_reopened_fact_check_stays_listed_as_being_reviewed_again(
    client, published_claim, editor
):
    published_claim.reopen(editor=editor, reason="New data.")
    text = client.get(INDEX).text
    assert published_claim.statement in text
    assert "Being reviewed again" in text


def test_an_entry_shows_the_published_record_not_the_live_claim(client, published_claim, editor):
    published_claim.reopen(editor=editor, reason="New data.")
    published_claim.refresh_from_db()
    published_claim.statement = "A statement nobody has published."
    published_claim.save()
    text = client.get(INDEX).text
    assert "A statement nobody has published." not in text
    assert "grew by 35% over the last two years" in text
    assert "Mostly true" in text
    assert "Customs data bear the figure out." in text


def test_a_correction_brings_a_fact_check_back_to_the_top_marked_corrected(client, three, editor):
    oldest = three[0]
    oldest.reopen(editor=editor, reason="New data.")
    oldest.refresh_from_db()
    oldest.settle(editor=editor, rating=oldest.verdict.rating, summary="Corrected summary.")
    oldest.publish(editor=editor)
    assert listed(client)[0] == QUOTES[0]
    assert "Corrected" in client.get(INDEX).text


def test_pages_link_to_each_other(client, three, monkeypatch):
    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 2)
    first = client.get(INDEX).text
    assert listed(client) == [QUOTES[2], QUOTES[1]]
    assert f'href="{INDEX}?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get(INDEX + "?page=2").text
    assert listed(client, INDEX + "?page=2") == [QUOTES[0]]
    assert f'href="{INDEX}" rel="prev"' in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize(
    "page", ["0", "-1", "x", "1.5", "²", "99999999999999999999999", "401", "3"]
)
def test_a_page_that_does_not_exist_is_a_404(client, three, monkeypatch, page):
    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 2)
    response = client.get(INDEX, {"page": page})
    assert response.status_code == 404


def test_an_empty_first_page_is_not_a_404(client, db):
    assert client.get(INDEX).status_code == 200


def test_index_has_description_og_meta_and_feed_link(client, three):
    text = client.get(INDEX + "?page=1").text
    assert '<link rel="canonical" href="http://testserver/factchecks/">' in text
    assert '<meta property="og:title" content="Fact-checks by The Factcheck Desk">' in text
    description = '<meta name="description" content="The Factcheck Desk\u2019s published'
    assert description in text
    assert 'type="application/atom+xml"' in text


def test_the_canonical_address_of_a_later_page_keeps_its_number(client, three, monkeypatch):
    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 1)
    text = client.get(INDEX + "?page=2&utm_source=x").text
    assert '<link rel="canonical" href="http://testserver/factchecks/?page=2">' in text


def test_index_costs_two_queries_however_many_fact_checks(
    client, three, article, django_assert_num_queries
):
    make_claim(article, "Kyrgyzstan is home")  # a draft: read by neither query
    # the page's claims (their keys found in a subquery off the verdict's date index),
    # then their publications with their editors
    with django_assert_num_queries(2):
        assert client.get(INDEX).status_code == 200
    # a page past the last: the one query finds no claims, so no publications are read
    with django_assert_num_queries(1):
        assert client.get(INDEX + "?page=2").status_code == 404
