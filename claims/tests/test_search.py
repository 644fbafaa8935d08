"""The claims list's one search box, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import search as search_module
from claims.models import Claim
from claims.search import MAX_TERMS, ClaimSearch, parse
from factcheck.testing import make_claim

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def claims(article):
    return {
        "trade": make_claim(article, "grew by 35% over the last two years"),
        "institutes": make_claim(
            article,
            "Kyrgyzstan is home to four Confucius Institutes",
            statement="Kyrgyzstan, a trading partner, is home to four Confucius Institutes.",
            claimant="The minister",
        ),
        "border": make_claim(article, "The shared border spans over a thousand kilometers."),
        "partners": make_claim(
            article,
            "Trade between the two countries grew by 35%",
            statement="Trade between China and Kyrgyzstan grew by 35%.",
        ),
    }


def found(text):
    return set(ClaimSearch(text).filter(Claim.objects.all()).values_list("pk", flat=True))


def ids(claims, *names):
    return {claims[name].pk for name in names}


def test_every_word_must_match_in_any_order(claims):
    assert found("shared border") == ids(claims, "border")
    assert found("border shared") == ids(claims, "border")
    assert found("border Confucius") == set()


def test_a_quoted_phrase_must_stand_together_in_its_order(claims):
    assert found('"shared border"') == ids(claims, "border")
    assert found('"border shared"') == set()
    assert found('"thousand kilometers" spans') == ids(claims, "border")


def test_a_quote_left_open_runs_to_the_end(claims):
    assert found('kilometers "shared border') == ids(claims, "border")
    assert found('"border shared') == set()


def test_word_forms_are_forgiven_both_ways(claims):
    # "trade" finds "trading", and "trading" finds "Trade".
    assert found("trade") == ids(claims, "institutes", "partners")
    assert found("trading") == ids(claims, "institutes", "partners")
    assert found("years") == found("year") == ids(claims, "trade")


def test_the_issue_s_words_find_the_claim_that_has_both(claims):
    assert found("Kyrgyzstan trade") == ids(claims, "institutes", "partners")
    assert found("trade Kyrgyzstan China") == ids(claims, "partners")


def test_search_covers_quote_and_claimant(claims):
    assert found("minister") == ids(claims, "institutes")  # the claimant
    assert found("countries") == ids(claims, "partners")  # only in the quote
    assert found("Example Times") == ids(claims, "trade", "border", "partners")


def test_accents_are_folded(claims):
    assert found("Kyrgyzstán") == ids(claims, "institutes", "partners")


def test_query_syntax_is_only_words_and_quotes():
    assert [str(term) for term in parse('a* NEAR(b, c) -d "e f" col:g ^h')] == [
        "a",
        "NEAR",
        "b",
        "c",
        "d",
        '"e f"',
        "col",
        "g",
        "h",
    ]
    assert parse('""  "  ') == []
    assert len(parse("word " * 100)) == MAX_TERMS


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"shared border',
        'a"b"c"d',
        "*",
        "border*",
        "NEAR(border shared",
        "NEAR(border, 5)",
        "border -shared",
        "-",
        "shared OR border",
        "AND",
        "NOT border",
        "statement:border",
        "^border",
        "{statement quote}: border",
        "(border",
        "border)",
        "'; DROP TABLE claims_claim; --",
        "\u0000",
        "\u202e\u200b",
    ],
)
def test_query_syntax_never_raises(claims, text):
    list(ClaimSearch(text).filter(Claim.objects.all()))


def test_signs_do_not_negate_or_join(claims):
    # `-` is no NOT and OR is a word: both databases read words only.
    assert found("border -shared") == ids(claims, "border")
    assert found("border * shared") == ids(claims, "border")


def test_no_words_finds_nothing(claims):
    assert found("***") == set()


def test_a_misspelling_is_corrected_from_the_claims_own_words(claims):
    search = ClaimSearch("Kyrgystan")
    shown = list(search.filter(Claim.objects.all()))
    assert search.suggestion(shown) == "Kyrgyzstan"


def test_only_unknown_words_are_corrected(claims):
    search = ClaimSearch('Confucious "shared bordr"')
    shown = list(search.filter(Claim.objects.all()))
    assert shown == []  # a phrase is exact: no claims with words like it
    assert search.suggestion(shown) == 'Confucius "shared border"'
    search = ClaimSearch("Confucious")
    shown = list(search.filter(Claim.objects.all()))
    assert search.suggestion(shown) == "Confucius"


def test_no_suggestion_for_words_nothing_is_like(claims):
    search = ClaimSearch("zzzzqqqq")
    shown = list(search.filter(Claim.objects.all()))
    assert shown == []
    assert search.suggestion(shown) is None


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's FTS5 indexes")
class TestSqliteIndex:
    def test_migrations_made_the_indexes_and_their_triggers(self, db):
        with connection.cursor() as cursor:
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'claims_claim_%'")
            names = {row[1] for row in cursor.fetchall()}
        assert {
            "claims_claim_fts",
            "claims_claim_words",
            "claims_claim_words_vocab",
            "claims_claim_fts_insert",
            "claims_claim_fts_update",
            "claims_claim_fts_delete",
        } <= names

    def test_the_index_follows_every_write(self, claims, article):
        # .update() and raw SQL skip save(); the triggers keep the index right all the same.
        Claim.objects.filter(pk=claims["border"].pk).update(statement="Mountains everywhere")
        assert found("mountain") == ids(claims, "border")
        assert found("spans") == ids(claims, "border")  # still in its quote
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim SET claimant = 'Nobody' WHERE id = %s", [claims["border"].pk]
            )
        assert found("nobody") == ids(claims, "border")
        assert found("Example Times") == ids(claims, "trade", "partners")
        claims["trade"].delete()
        assert found("years") == set()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO claims_claim_fts (claims_claim_fts) VALUES ('integrity-check')"
            )
            cursor.execute(
                "INSERT INTO claims_claim_words (claims_claim_words) VALUES ('integrity-check')"
            )

    def test_the_vocabulary_forgets_deleted_words(self, claims):
        Claim.objects.filter(pk=claims["border"].pk).delete()
        search = ClaimSearch("kilometres")
        assert search.suggestion([]) is None


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL's search only")
class TestPostgres:
    def test_misspelt_names_are_found_through_the_claims_nearest_words(self, claims):
        assert found("Confucious") == ids(claims, "institutes")
        assert found("Kyrgystan") == ids(claims, "institutes", "partners")

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
        assert found("mountain") == ids(claims, "border")
        assert not Claim.objects.filter(search_vector__isnull=True).exists()

    def test_the_word_list_follows_every_write(self, claims):
        Claim.objects.filter(pk=claims["border"].pk).update(statement="Mountains everywhere")
        with connection.cursor() as cursor:
            cursor.execute("SELECT word FROM claims_search_word WHERE word LIKE 'mountain%%'")
            assert cursor.fetchall() == [("mountains",)]
        assert ClaimSearch('"mountians everywhere"').suggestion([]) == '"mountains everywhere"'

    def test_a_misspelling_falls_back_only_when_no_claim_has_the_words(self, claims):
        search = ClaimSearch("border")
        assert set(search.filter(Claim.objects.all())) == {claims["border"]}
        assert not search.similar  # full text: no trigram guesses
        search = ClaimSearch("bordr")
        assert set(search.filter(Claim.objects.all())) == {claims["border"]}
        assert search.similar

    def test_a_misspelling_is_looked_up_by_index_never_by_walking_the_claims(
        self, claims, django_assert_num_queries
    ):
        # Words like nothing any claim has: the word list answers, no claim is read.
        search = ClaimSearch("zzqxv unemplyoment")
        with django_assert_num_queries(2):  # the full-text look, the nearest words
            assert list(search.filter(Claim.objects.order_by("-updated_at"))) == []
        # Words like the claims' ones: the claims' keys come from the search vector's
        # index (forbid the other ways of reading them, which a handful of rows makes
        # cheaper), and the few claims are read by key.
        search = ClaimSearch("Kyrgystan")
        with CaptureQueriesContext(connection) as queries:
            rows = search.filter(Claim.objects.order_by("-updated_at"))[:25]
        keys = queries.captured_queries[-1]["sql"]
        assert keys.startswith('SELECT "claims_claim"."id" AS "pk" FROM "claims_claim"')
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {keys}")
            assert "claim_search_vector" in "\n".join(row[0] for row in cursor.fetchall())
        assert "claims_claim_pkey" in rows.explain()

    def test_a_search_with_few_matches_reads_them_by_key_not_by_walking_the_list(
        self, claims, monkeypatch
    ):
        # The planner guesses two words' matches from each word's: for common words that
        # no claim has together it walked the list's sort index past every claim.
        listed = Claim.objects.order_by("-updated_at")
        rows = ClaimSearch("Kyrgyzstan").filter(listed)
        assert "@@" not in str(rows.query)  # the claims by key, no full-text match
        assert set(rows) == {claims["institutes"], claims["partners"]}
        # Past FEW matches the search stays a condition on the list's own query.
        monkeypatch.setattr(search_module, "FEW", 1)
        rows = ClaimSearch("Kyrgyzstan").filter(listed)
        assert "@@" in str(rows.query)
        assert len(rows) == 2


class TestTheListPage:
    def get(self, client, user, **params):
        client.force_login(user)
        return client.get(reverse("claims:claim_list"), params)

    def shown(self, response):
        return {row.record.pk for row in response.context["table"].rows}

    def test_one_search_box_above_the_results(self, client, reviewer, claims):
        response = self.get(client, reviewer, q="shared border")
        assert response.status_code == 200
        assert self.shown(response) == ids(claims, "border")
        assert response.text.count('type="search" name="q"') == 2  # the page's box and the header's
        assert 'name="search"' not in response.text
        assert '<label for="id_q" id="id_q_label">Search claims</label>' in response.text
        assert 'value="shared border"' in response.text
        assert '<p id="results-count" class="count" role="status">1 claim</p>' in response.text

    def test_old_links_with_search_still_search(self, client, reviewer, claims):
        response = self.get(client, reviewer, search="border shared")
        assert self.shown(response) == ids(claims, "border")
        assert 'value="border shared"' in response.text
        both = self.get(client, reviewer, search="shared", q="border")
        assert self.shown(both) == ids(claims, "border")

    def test_nothing_found_suggests_a_search_that_runs(self, client, reviewer, claims):
        response = self.get(client, reviewer, q="Kyrgystan", kind="other")
        assert response.context["suggestion"] == "Kyrgyzstan"
        link = re.search(r'Did you mean <a href="([^"]+)"', response.text).group(1)
        assert "q=Kyrgyzstan" in link
        assert "kind=other" in link  # the filters stay
        followed = client.get(reverse("claims:claim_list") + link.replace("&amp;", "&"))
        assert self.shown(followed) == ids(claims, "institutes", "partners")
        assert "suggestion" not in followed.context or not followed.context["suggestion"]

    def test_found_claims_get_no_suggestion(self, client, reviewer, claims):
        response = self.get(client, reviewer, q="Kyrgyzstan")
        assert not response.context.get("suggestion")
        assert "Did you mean" not in response.text

    @pytest.mark.parametrize(
        ("text", "error"),
        [
            ("x" * 5000, "Ensure this value has at most 200 characters (it has 5000)."),
            ("***", "Type words or numbers to search for: “***” has none."),
            ("a\u0000b", "Null characters are not allowed."),
        ],
    )
    def test_bad_input_gets_a_clear_error(self, client, reviewer, claims, text, error):
        response = self.get(client, reviewer, q=text)
        assert response.status_code == 200
        assert error in response.text
        assert self.shown(response) == set()

    @pytest.mark.parametrize("text", ['"', '"shared', "NEAR(", "*", "-", "border -", '""""'])
    def test_query_syntax_is_no_server_error(self, client, reviewer, claims, text):
        client.raise_request_exception = False
        assert self.get(client, reviewer, q=text).status_code == 200

    def test_active_filters_are_chips_that_remove_themselves(self, client, editor, claims):
        response = self.get(client, editor, q="Kyrgyzstan", status="draft", kind="other")
        chips = re.findall(r'<a class="chip" href="([^"]+)">(.+?)</a>', response.text)
        names = [
            re.sub(r"<[^>]+>", "", text).replace("\N{MULTIPLICATION SIGN}", "").strip()
            for _href, text in chips
        ]
        assert names == ["Remove filter: Status Draft", "Remove filter: Kind Other"]
        status_link = chips[0][0].replace("&amp;", "&")
        assert "status" not in status_link
        assert "q=Kyrgyzstan" in status_link
        assert "kind=other" in status_link
        assert '<details class="filters card" data-fold-narrow open>' in response.text

    def test_no_chips_without_filters_and_the_panel_folds_only_on_a_phone(
        self, client, editor, claims
    ):
        # Open in the page; static/js/fold_filters.js folds it on a narrow screen.
        response = self.get(client, editor, q="Kyrgyzstan")
        assert 'class="chip"' not in response.text
        assert '<details class="filters card" data-fold-narrow open>' in response.text

    def test_each_form_keeps_the_other_s_values(self, client, editor, claims):
        response = self.get(client, editor, q="border", status="draft", sort="status")
        forms = re.findall(r"<form method=\"get\".*?</form>", response.text, re.S)
        # The bulk actions' form (an editor's) is a GET too, to the page that asks what to do.
        bulk = reverse("claims:bulk")
        search_form, filter_form = [f for f in forms if f'action="{bulk}"' not in f]
        assert '<input type="hidden" name="status" value="draft">' in search_form
        assert '<input type="hidden" name="sort" value="status">' in search_form
        assert 'type="hidden" name="q"' not in search_form
        assert '<input type="hidden" name="q" value="border">' in filter_form
        assert 'type="hidden" name="status"' not in filter_form


def test_the_header_has_the_search_box_for_signed_in_people(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("claims:article_list")).text
    assert '<form class="header-search" role="search" aria-label="Site search"' in page
    assert '<label for="header-q" class="visually-hidden">Search claims</label>' in page
    client.logout()
    assert 'class="header-search"' not in client.get(reverse("login")).text
