"""The claims list's search box, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.search import search_claims
from factcheck.testing import make_claim


@pytest.fixture
def claims(article):
    return {
        "trade": make_claim(article, "grew by 35% over the last two years"),
        "institutes": make_claim(article, "home to four Confucius Institutes"),
        "border": make_claim(article, "The shared border spans over a thousand kilometers."),
    }


def found(text):
    return set(search_claims(Claim.objects.all(), text).values_list("pk", flat=True))


def test_every_word_must_match(claims):
    assert found("shared border") == {claims["border"].pk}
    assert found("border Confucius") == set()


def test_search_covers_the_claimant(claims):
    assert found("Example Times") == {c.pk for c in claims.values()}


def test_blank_search_keeps_everything(claims):
    assert found("   ") == {c.pk for c in claims.values()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search only")
class TestPostgres:
    def test_full_text_search_stems_words(self, claims):
        assert found("year") == {claims["trade"].pk}

    def test_trigram_similarity_forgives_misspelt_names(self, claims):
        assert found("Confucious") == {claims["institutes"].pk}

    def test_migrations_created_the_indexes(self, db):
        with connection.cursor() as cursor:
            names = set(connection.introspection.get_constraints(cursor, "claims_claim"))
        assert {"claim_search_vector", "claim_statement_trigram", "claim_statement_nearest"} <= (
            names
        )
        assert "claim_search_fulltext" not in names  # replaced by the stored vector's index

    def test_the_stored_vector_follows_every_write(self, claims):
        # A bulk update skips save(); the trigger keeps the vector right all the same.
        Claim.objects.filter(pk=claims["border"].pk).update(statement="Mountains everywhere")
        assert found("mountain") == {claims["border"].pk}
        assert not Claim.objects.filter(search_vector__isnull=True).exists()

    def test_a_misspelling_falls_back_only_when_no_claim_has_the_words(self, claims):
        assert found("border") == {claims["border"].pk}  # full text: no trigram guesses
        assert found("bordr") == {claims["border"].pk}  # nothing has the word: similarity


def test_search_box_on_the_claims_list(client, reviewer, claims):
    client.force_login(reviewer)
    response = client.get(reverse("claims:claim_list"), {"search": "shared border"})
    assert response.status_code == 200
    assert '<label for="id_search">Search:</label>' in response.text
    assert '<p id="results-count" class="count" role="status">1 claim</p>' in response.text
    assert "The shared border spans" in response.text
