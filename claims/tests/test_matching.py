"""Similar claims in other articles, links between them, and contradictions."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse

from claims.matching import claim_matches, jaccard
from claims.models import Article, Claim, ClaimLink, Rating, WorkflowError
from factcheck.testing import make_claim

OTHER_BODY = (
    "Bilateral trade grew by 20% over the last two years, officials said.\n"
    "The weather in Bishkek was mild this spring."
)


@pytest.fixture
def other_article(outlet):
    return Article.objects.create(title="Another view", outlet=outlet, body=OTHER_BODY)


@pytest.fixture
def here(article):
    return make_claim(
        article,
        "Trade between the two countries grew by 35% over the last two years.",
        value=35,
        unit="percent",
        period="the last two years",
    )


@pytest.fixture
def there(other_article):
    return make_claim(
        other_article,
        "Bilateral trade grew by 20% over the last two years, officials said.",
        value=20,
        unit="percent",
        period="the last two years",
    )


def test_values_are_written_plainly():
    from decimal import Decimal

    from claims.templatetags.factcheck import number

    assert number(Decimal("1000.0000")) == "1000"
    assert number(Decimal("35.5000")) == "35.5"


def test_jaccard_is_word_set_overlap():
    assert jaccard("Trade grew by 35%", "trade GREW by 20%") == pytest.approx(2 / 4)
    assert jaccard("", "anything") == 0


def test_similar_claims_from_other_articles_are_listed_with_a_score(here, there, editor):
    make_claim(there.article, "The weather in Bishkek was mild this spring.")
    make_claim(here.article, "four Confucius Institutes")  # same article: never a match
    matches = claim_matches(here, editor)["matches"]
    assert [m.claim for m in matches] == [there]
    assert 0 < matches[0].similarity <= 1


def test_candidates_are_not_matched(here, there, editor):
    Claim.objects.filter(pk=there.pk).update(status=Claim.Status.CANDIDATE)
    assert claim_matches(here, editor)["matches"] == []


def test_same_quantity_with_another_value_is_a_possible_contradiction(here, there, editor):
    match = claim_matches(here, editor)["matches"][0]
    assert match.contradicts
    Claim.objects.filter(pk=there.pk).update(value=35)
    there.refresh_from_db()
    assert not claim_matches(here, editor)["matches"][0].contradicts


def test_other_units_are_not_a_contradiction(here, there, editor):
    Claim.objects.filter(pk=there.pk).update(unit="USD")
    assert not claim_matches(here, editor)["matches"][0].contradicts


def test_editor_links_claims_once_and_only_across_articles(here, there, editor, reviewer):
    ClaimLink.link(here, there, by=editor)
    with pytest.raises(WorkflowError):
        ClaimLink.link(there, here, by=editor)
    same_article = make_claim(here.article, "four Confucius Institutes")
    with pytest.raises(WorkflowError):
        ClaimLink.link(here, same_article, by=editor)
    assert [m.claim for m in claim_matches(there, editor)["matches"] if m.linked] == [here]


def test_verdict_on_a_linked_claim_is_suggested(
    here, there, editor, reviewer, reviewer2, reviewed_claim
):
    reviewed_claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Customs data.")
    ClaimLink.link(reviewed_claim, there, by=editor)
    match = next(m for m in claim_matches(there, editor)["matches"] if m.linked)
    assert match.suggested_verdict.rating == Rating.MOSTLY_TRUE
    # Reviewers see it only once published, so it cannot anchor their review.
    match = next(m for m in claim_matches(there, reviewer)["matches"] if m.linked)
    assert match.suggested_verdict is None


class TestPage:
    def test_claim_page_links_to_the_search_and_shows_linked_claims(
        self, client, here, there, editor
    ):
        client.force_login(editor)
        response = client.get(reverse("claims:claim", args=[here.pk]))
        assert "Find similar claims in other articles" in response.text
        assert reverse("claims:similar", args=[here.pk]) in response.text
        assert "Bilateral trade grew by 20%" not in response.text  # no search on every view
        ClaimLink.link(here, there, by=editor)
        response = client.get(reverse("claims:claim", args=[here.pk]))
        assert "Bilateral trade grew by 20%" in response.text
        assert "linked as the same claim" in response.text
        assert "Possible contradiction: 20 percent there, 35 percent here." in response.text

    def test_similar_page_shows_similar_claims_and_contradiction(self, client, here, there, editor):
        client.force_login(editor)
        response = client.get(reverse("claims:similar", args=[here.pk]))
        assert "Similar claims in other articles" in response.text
        assert "Bilateral trade grew by 20%" in response.text
        assert "Possible contradiction: 20 percent there, 35 percent here." in response.text
        assert "Link as the same claim" in response.text

    def test_reviewer_sees_matches_but_cannot_link(self, client, here, there, reviewer):
        client.force_login(reviewer)
        response = client.get(reverse("claims:similar", args=[here.pk]))
        assert "Bilateral trade grew by 20%" in response.text
        assert "Link as the same claim" not in response.text
        url = reverse("claims:link", args=[here.pk])
        assert client.post(url, {"other": there.pk}).status_code == 403
        assert not ClaimLink.objects.exists()

    def test_editor_links_from_the_page(self, client, here, there, editor):
        client.force_login(editor)
        response = client.post(reverse("claims:link", args=[here.pk]), {"other": there.pk})
        assert response.status_code == 302
        assert ClaimLink.objects.filter(first=here, second=there).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_migration_rewrites_claims_in_statement_order_and_keeps_no_index_of_its_own(
    here, there, other_article
):
    # The nearest-statement index takes its shape from the order of the rows.
    migration = importlib.import_module(
        "claims.migrations.0032_statement_nearest_in_statement_order"
    )
    make_claim(other_article, "The weather in Bishkek was mild this spring.")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as in a migration's own transaction
    with connection.schema_editor() as editor:
        migration.rewrite_in_statement_order(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM claims_claim ORDER BY ctid")
        stored = [statement for (statement,) in cursor.fetchall()]
        cursor.execute("SELECT statement FROM claims_claim ORDER BY statement")
        assert stored == [statement for (statement,) in cursor.fetchall()]
        names = set(connection.introspection.get_constraints(cursor, "claims_claim"))
        cursor.execute(
            "SELECT count(*) FROM pg_index "
            "WHERE indrelid = 'claims_claim'::regclass AND indisclustered"
        )
        assert cursor.fetchone() == (0,)
    assert "claim_statement_nearest" in names
    assert migration.ORDER not in names
