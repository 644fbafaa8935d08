"""Article.locate_quote: a quote found ignoring case and runs of whitespace, stored as the text."""

import re

import pytest
from django.core.exceptions import ValidationError

from claims.models import Article, Claim
from claims.models.quoting import MAX_OCCURRENCES, QuoteAmbiguous, QuoteNotFound
from factcheck.testing import ARTICLE_BODY, make_claimant


def article_with(body, title="Spacing"):
    return Article.objects.create(title=title, body=body)


def test_a_quote_in_another_case_is_found_and_stored_as_the_article_writes_it(article):
    passage = article.locate_quote("FOUR confucius INSTITUTES")
    start = ARTICLE_BODY.index("four Confucius Institutes")
    assert (passage.start, passage.end) == (start, start + 25)
    assert passage.text == "four Confucius Institutes"


def test_runs_of_spaces_tabs_and_newlines_in_the_quote_match_one_space(article):
    passage = article.locate_quote("  grew   by\t35%\n over  ")
    assert passage.text == "grew by 35% over"


def test_a_quote_matches_runs_of_whitespace_in_the_body(db):
    article = article_with("Exports  grew\u00a0by\n\n  35% last year.")
    passage = article.locate_quote("exports grew by 35%")
    assert passage.text == "Exports  grew\u00a0by\n\n  35%"
    assert article.body[passage.start : passage.end] == passage.text


def test_a_no_break_space_typed_in_the_quote_matches_a_plain_space(article):
    assert article.locate_quote("shared\u00a0border").text == "shared border"


def test_a_quote_may_run_across_paragraphs(article):
    passage = article.locate_quote("two years. Kyrgyzstan is home")
    assert passage.text == "two years.\nKyrgyzstan is home"


def test_characters_that_mean_something_in_a_pattern_are_taken_literally(db):
    article = article_with("Prices rose (by 3.5%) + fees. Prices rose by 345% elsewhere.")
    assert article.locate_quote("(BY 3.5%) +").text == "(by 3.5%) +"
    with pytest.raises(QuoteNotFound):
        article.locate_quote("by 3.5% elsewhere")


def test_a_quote_in_several_places_lists_each_in_its_context(article):
    with pytest.raises(QuoteAmbiguous) as excinfo:
        article.locate_quote("THE")
    error = excinfo.value
    expected = [m.start() for m in re.finditer(r"\bthe\b", ARTICLE_BODY, re.IGNORECASE)]
    assert [p.start for p in error.occurrences] == expected
    assert error.count == len(expected)
    assert all(p.text.lower() == "the" and p.end == p.start + 3 for p in error.occurrences)
    assert error.occurrences[0].before == "Trade between "
    assert error.occurrences[0].after.startswith(" two countries grew")
    assert "appear 4 times" in str(error.message_dict["quote"])


def test_a_very_common_quote_offers_only_the_first_places_and_says_so(db):
    article = article_with(" ".join(["the word"] * 40))
    with pytest.raises(QuoteAmbiguous) as excinfo:
        article.locate_quote("word")
    assert excinfo.value.count == 40
    assert len(excinfo.value.occurrences) == MAX_OCCURRENCES
    assert "first 10" in excinfo.value.message_dict["quote"][0]


def test_a_miss_suggests_the_nearest_passages(article):
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("five Confucius Institutes")
    assert [p.text for p in excinfo.value.suggestions][:1] == ["four Confucius Institutes"]
    assert "Did you mean" in excinfo.value.message_dict["quote"][0]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Kyrgystan", "Kyrgyzstan"),
        ("grew by 36%", "grew by 35%"),
        ("border spans over a thousand kilometres", "border spans over a thousand kilometers"),
        ("the minister sayd", "the minister said"),
    ],
)
def test_a_misspelt_quote_suggests_what_was_meant_first(article, typed, meant):
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote(typed)
    best = excinfo.value.suggestions[0]
    assert best.text == meant
    assert ARTICLE_BODY[best.start : best.end] == meant


def test_a_miss_like_nothing_in_the_article_suggests_nothing(article):
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("zebra quokka xylophone")
    assert excinfo.value.suggestions == []
    assert excinfo.value.message_dict["quote"] == ["These words are not in the article."]


def test_suggestions_do_not_overlap(db):
    article = article_with("alpha beta gamma delta. " * 5)
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("alpha betta gamma")
    spans = [(p.start, p.end) for p in excinfo.value.suggestions]
    assert len(spans) == 3
    assert all(a[1] <= b[0] or b[1] <= a[0] for a in spans for b in spans if a != b)


def test_an_empty_quote_is_refused(article):
    for quote in ["", "   \n\u00a0 "]:
        with pytest.raises(ValidationError) as excinfo:
            article.locate_quote(quote)
        assert excinfo.value.message_dict == {"quote": ["Give the words of the quote."]}


# A place given: a selection on the page, or a place chosen from those offered.


def test_a_selection_is_checked_at_its_place_and_its_spaces_left_out(article):
    start = ARTICLE_BODY.index("four")
    passage = article.locate_quote("Four  Confucius", start - 1, start + 15)  # " four Confucius"
    assert (passage.start, passage.end, passage.text) == (start, start + 14, "four Confucius")


def test_a_selection_whose_words_are_not_at_its_place_is_refused(article):
    start = ARTICLE_BODY.index("four")
    for place in [(start + 1, start + 15), (0, 14), (start, start + 20)]:
        with pytest.raises(ValidationError) as excinfo:
            article.locate_quote("four Confucius", *place)
        assert "not the article's text at the place given" in excinfo.value.message_dict["quote"][0]


@pytest.mark.parametrize(
    "place", [(-1, 5), (len(ARTICLE_BODY), len(ARTICLE_BODY) + 4), (10, 10), (10, 5), (0, 10**9)]
)
def test_a_place_outside_the_article_is_refused(article, place):
    with pytest.raises(ValidationError) as excinfo:
        article.locate_quote("Trade", *place)
    assert "outside the article" in excinfo.value.message_dict["quote"][0]


def test_typed_words_stand_as_whole_words_but_a_selection_may_cut_one(db):
    article = article_with("We strengthen the ties. Then the rest.")
    with pytest.raises(QuoteAmbiguous) as excinfo:
        article.locate_quote("the")
    assert [p.start for p in excinfo.value.occurrences] == [14, 29]  # not in "strengthen", "Then"
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("strength")
    assert excinfo.value.suggestions[0].text == "strengthen"
    assert article.locate_quote("then", 9, 13).text == "then"  # inside "strengthen"


def test_a_start_alone_finds_the_words_beginning_there(article):
    second = ARTICLE_BODY.index("the", ARTICLE_BODY.index("the") + 1)
    assert article.locate_quote("The", second).start == second


# Long input: the suggestion scan is bounded (scale/bench/quote_suggestions.py measures it).


def test_a_miss_in_a_very_long_article_still_finds_the_nearest_passage(db):
    body = "\n".join(
        f"Paragraph {i}: trade between the two countries grew by {i % 90}% last year."
        for i in range(15_000)
    )  # about a million characters
    article = article_with(body, title="Long")
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("trade betwen the two countreis grew")
    assert excinfo.value.suggestions[0].text.startswith("trade between the two countries")


def test_a_huge_quote_is_refused_before_matching_and_says_why(article):
    with pytest.raises(ValidationError) as excinfo:
        article.locate_quote("word " * 100_000)
    assert excinfo.value.message_dict["quote"][0].startswith("A quote is at most 2000 characters")


def test_a_long_miss_is_refused_without_suggestions(db):
    article = article_with("A few words. " * 50_000, title="Long")
    with pytest.raises(QuoteNotFound) as excinfo:
        article.locate_quote("words " * 330)
    assert excinfo.value.suggestions == []


# What a claim stores.


def test_place_quote_stores_the_article_text_and_the_database_keeps_it(article):
    claim = Claim(article=article, quote="KYRGYZSTAN  is home", claimant=make_claimant("X"))
    claim.place_quote()
    claim.save()
    claim.refresh_from_db()
    assert claim.quote == "Kyrgyzstan is home"
    assert ARTICLE_BODY[claim.start : claim.end] == claim.quote


def test_a_claim_saved_with_a_quote_not_exactly_the_text_is_refused(article):
    start = ARTICLE_BODY.index("Kyrgyzstan")
    claim = Claim(
        article=article,
        quote="KYRGYZSTAN",
        start=start,
        end=start + 10,
        claimant=make_claimant("X"),
    )
    with pytest.raises(ValidationError) as excinfo:
        claim.save()
    assert "exact text" in excinfo.value.message_dict["quote"][0]
    assert not Claim.objects.exists()
