"""Tags on the pages and in the API: the claim page's form, the list's filter, the tag pages."""

import pytest
from django.urls import reverse

from claims.models import Claim, Tag
from factcheck.testing import make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def trade(claim, editor):
    claim.add_tags(["Trade"], by=editor)
    return Tag.objects.get()


def test_editor_adds_tags_from_the_claim_page(client, editor, claim):
    client.force_login(editor)
    response = client.post(reverse("claims:add_tags", args=[claim.pk]), {"tags": "trade, health"})
    assert response.status_code == 302
    assert sorted(t.name for t in claim.tags.all()) == ["health", "trade"]
    page = client.get(claim.get_absolute_url())
    assert 'aria-label="Remove the tag trade"' in page.text


def test_a_refused_name_is_shown_on_the_claim_page_and_nothing_written(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("claims:add_tags", args=[claim.pk]), {"tags": "!!!"}, follow=True
    )
    assert "needs a letter or a digit" in response.text
    assert not Tag.objects.exists()


def test_editor_removes_a_tag_from_the_claim_page(client, editor, claim, trade):
    client.force_login(editor)
    client.post(reverse("claims:remove_tags", args=[claim.pk]), {"tags": "TRADE"})
    assert not claim.tags.exists()


def test_reviewer_sees_tags_but_no_tag_form(client, reviewer, claim, trade):
    client.force_login(reviewer)
    page = client.get(claim.get_absolute_url())
    assert ">Trade</a>" in page.text
    assert 'id="tags-form"' not in page.text


def test_claims_list_filters_by_tag_by_number_or_name(client, reviewer, claim, trade, article):
    other = make_claim(article, "home to four Confucius Institutes")
    client.force_login(reviewer)
    for value in (trade.pk, "trade"):
        page = client.get(reverse("claims:claim_list"), {"tag": value})
        assert claim.statement in page.text
        assert other.statement not in page.text


@pytest.mark.parametrize("value", ["no-such-topic", "99999999999999999999", "12345"])
def test_claims_list_says_what_is_wrong_with_an_unknown_tag(client, reviewer, trade, value):
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim_list"), {"tag": value})
    assert page.status_code in (200, 400)
    assert "tag" in page.text.lower()
    assert "No tag" in page.text or "no tag" in page.text


def test_claims_list_costs_the_same_queries_with_tags_on_every_row(client, editor, claim, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    url = reverse("claims:claim_list")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for quote in ("home to four Confucius Institutes", "spans over a thousand kilometers"):
        make_claim(article, quote).add_tags(["trade", "borders", "diplomacy"], by=editor)
    claim.add_tags(["trade"], by=editor)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert len(after) == len(before)
    assert page.text.count('class="tag"') == 7


def test_tag_list_shows_counts_for_editors(client, editor, trade):
    client.force_login(editor)
    page = client.get(reverse("claims:tag_list"))
    assert ">Trade</a>" in page.text
    assert '<td class="num">1</td>' in page.text


def test_tag_list_page_past_the_last_is_404(client, editor, trade):
    client.force_login(editor)
    assert client.get(reverse("claims:tag_list"), {"page": "2"}).status_code == 404
    assert client.get(reverse("claims:tag_list"), {"page": "x"}).status_code == 404


def test_rename_from_the_tag_page(client, editor, trade):
    client.force_login(editor)
    client.post(reverse("claims:tag_rename", args=[trade.pk]), {"name": "Trade policy"})
    assert Tag.objects.get().name == "Trade policy"


def test_rename_to_a_taken_name_says_merge(client, editor, trade):
    Tag.objects.create(name="Commerce")
    client.force_login(editor)
    response = client.post(
        reverse("claims:tag_rename", args=[trade.pk]), {"name": "commerce"}, follow=True
    )
    assert "merge" in response.text
    assert Tag.objects.get(pk=trade.pk).name == "Trade"


def test_merge_from_the_tag_page(client, editor, claim, trade):
    commerce = Tag.objects.create(name="Commerce")
    client.force_login(editor)
    response = client.post(reverse("claims:tag_merge", args=[trade.pk]), {"into": "commerce"})
    assert response.url == reverse("claims:tag", args=[commerce.pk])
    assert [t.name for t in Claim.objects.get(pk=claim.pk).tags.all()] == ["Commerce"]


@pytest.mark.parametrize("into", ["", "no-such-tag", "99999999999999999999"])
def test_merge_into_nothing_is_a_form_error_and_nothing_changes(client, editor, trade, into):
    client.force_login(editor)
    response = client.post(reverse("claims:tag_merge", args=[trade.pk]), {"into": into})
    assert response.status_code == 303
    assert Tag.objects.filter(pk=trade.pk).exists()


def test_merge_into_itself_is_a_form_error(client, editor, trade):
    client.force_login(editor)
    response = client.post(
        reverse("claims:tag_merge", args=[trade.pk]), {"into": str(trade.pk)}, follow=True
    )
    assert "cannot be merged into itself" in response.text


def test_an_impossible_tag_number_is_404(client, editor):
    client.force_login(editor)
    assert client.get("/tags/99999999999999999999/").status_code == 404


def test_api_lists_tags_filters_by_tag_and_editors_tag(client, editor, reviewer, claim, trade):
    client.force_login(reviewer)
    rows = client.get("/api/v1/claims/", {"tag": "trade"}).json()["results"]
    assert [(row["id"], row["tags"]) for row in rows] == [(claim.pk, ["Trade"])]
    assert client.get(f"/api/v1/claims/{claim.pk}/").json()["tags"] == ["Trade"]
    url = f"/api/v1/claims/{claim.pk}/tags/"
    assert client.post(url, {"tags": ["x"]}, content_type="application/json").status_code == 403
    client.force_login(editor)
    response = client.post(url, {"tags": ["Health", "trade"]}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["tags"] == ["Health", "Trade"]
    again = client.post(url, {"tags": ["health"]}, content_type="application/json")
    assert again.status_code == 409
    bad = client.post(url, {"tags": ["!!!"]}, content_type="application/json")
    assert bad.status_code == 400
    assert "letter or a digit" in bad.text
    removed = client.post(url + "remove/", {"tags": "health"}, content_type="application/json")
    assert removed.json()["tags"] == ["Trade"]


def test_tags_are_internal_not_on_the_public_pages(client, editor, published_claim):
    published_claim.add_tags(["needs-legal-check"], by=editor)
    for url in (
        reverse("public:factcheck", args=[published_claim.pk]),
        reverse("public:index"),
        reverse("public:claimreview_feed"),
        "/api/v1/factchecks/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "needs-legal-check" not in response.content.decode(), url


def test_queues_cost_the_same_queries_with_tags_present(
    client, editor, reviewer, reviewed_claim, article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    waiting = make_claim(article, "home to four Confucius Institutes")
    waiting.assign([reviewer], by=editor)

    def cost(user):
        client.force_login(user)
        client.get(reverse("claims:home"))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("claims:home"))
        return len(queries), page.text.count('class="tag"')

    before = {user.username: cost(user) for user in (editor, reviewer)}
    for claim in (reviewed_claim, waiting):
        claim.add_tags(["trade", "diplomacy", "education"], by=editor)
    after = {user.username: cost(user) for user in (editor, reviewer)}
    assert {name: n for name, (n, _tags) in after.items()} == {
        name: n for name, (n, _tags) in before.items()
    }
    assert after["edna"][1] == 3  # the claim waiting for a verdict
    assert after["rita"][1] == 3  # the claim waiting for Rita's review
