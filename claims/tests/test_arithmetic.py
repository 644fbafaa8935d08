"""The arithmetic of numeric claims (claims/arithmetic.py): units, periods, the computed
figure and gap, and the rating the tolerance rules propose. Plain values, no database."""

import datetime
from decimal import Decimal as D

import pytest

from claims import arithmetic
from claims.arithmetic import (
    Figure,
    UnitProblem,
    compute,
    convert,
    infer_period,
    parse_unit,
    plain,
    propose_rating,
)

MAY_2023 = datetime.date(2023, 5, 18)
RULES = [(D(5), 5), (D(15), 4), (D(30), 3), (D(50), 2), (None, 1)]


# Units


def test_scale_words_convert_within_a_currency():
    assert convert(D("2.5"), "billion USD", "million USD") == D("2500")
    assert convert(D("1500"), "million $", "bn USD") == D("1.5")


def test_units_of_the_same_dimension_convert():
    assert convert(D("1200"), "m", "km") == D("1.2")
    assert convert(D("2"), "tonnes", "kg") == D("2000")


def test_a_currency_never_converts_to_another_without_a_rate():
    with pytest.raises(UnitProblem, match=r"CNY does not convert to USD .* give the rate"):
        convert(D("7"), "billion CNY", "billion USD")


def test_a_currency_converts_with_the_rate_the_reviewer_gives():
    assert convert(D("7"), "billion CNY", "billion USD", rate=D("0.14")) == D("0.98")
    assert convert(D("100"), "million som", "million USD", rate=D("0.0114")) == D("1.14")


def test_percent_and_percentage_points_never_compare():
    with pytest.raises(UnitProblem, match="cannot be compared"):
        convert(D("3"), "%", "pp")
    with pytest.raises(UnitProblem, match="cannot be compared"):
        convert(D("3"), "percentage points", "percent")
    assert arithmetic.is_percent("%")
    assert not arithmetic.is_percent("pp")
    assert arithmetic.is_percentage_points("pp")
    assert not arithmetic.is_percentage_points("%")


def test_pp_means_percentage_points_not_typographic_points():
    assert parse_unit("pp") == parse_unit("percentage_point")


def test_incompatible_units_are_a_message_not_an_exception_page():
    with pytest.raises(UnitProblem, match="“km” cannot be compared with a claim in “USD”"):
        convert(D("1"), "km", "USD")


def test_a_counted_noun_matches_itself_singular_or_plural():
    assert parse_unit("institutes") == parse_unit("Institute") == "institute"
    assert convert(D("4"), "institutes", "institute") == D("4")
    with pytest.raises(UnitProblem):
        convert(D("4"), "institutes", "platforms")


def test_a_unit_that_is_no_word_is_refused_by_name():
    with pytest.raises(UnitProblem, match="“3x/#” is not a unit factcheck knows"):
        parse_unit("3x/#")


# Periods


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("grew by 35% over the last two years", 2021, 2023),
        ("rose in the past three years", 2020, 2023),
        ("over the last 5 years", 2018, 2023),
        ("since 2019", 2019, 2023),
        ("in 2022", 2022, 2022),
        ("last year", 2022, 2022),
        ("this year", 2023, 2023),
        ("over the past decade", 2013, 2023),
        ("between 2015 and 2020", 2015, 2020),
        ("from 2019 to 2022", 2019, 2022),
        ("2021-23", 2021, 2023),
        ("2019\u20132022", 2019, 2022),
    ],
)
def test_periods_are_read_against_the_article_date(text, start, end):
    period = infer_period(text, MAY_2023)
    assert (period.start, period.end) == (start, end)


def test_a_relative_period_without_the_article_date_is_not_guessed():
    assert infer_period("over the last two years", None) is None
    assert infer_period("since 2019", None) is None
    assert infer_period("13 cooperation platforms", MAY_2023) is None


def test_a_change_in_one_year_is_measured_from_the_year_before():
    assert infer_period("in 2022", MAY_2023).for_kind(arithmetic.CHANGE) == ("2021", "2022")
    assert infer_period("in 2022", MAY_2023).for_kind(arithmetic.LEVEL) == ("", "2022")
    period = infer_period("over the last two years", MAY_2023)
    assert period.for_kind(arithmetic.CHANGE) == ("2021", "2023")


# The computation

TRADE = [Figure(D("44.6"), "billion USD", "2021"), Figure(D("57.9"), "billion USD", "2023")]


def _change(value=35, unit="%", figures=TRADE, direction="increase"):
    return compute(
        kind=arithmetic.CHANGE,
        value=value,
        unit=unit,
        figures=figures,
        direction=direction,
        base_period="2021",
        comparison_period="2023",
    )


def test_a_relative_change_is_computed_between_the_periods():
    outcome = _change()
    assert outcome.ok
    assert round(outcome.actual, 1) == D("29.8")
    assert round(outcome.gap, 1) == D("-5.2")
    assert round(outcome.relative_gap, 1) == D("14.8")
    assert propose_rating(outcome.relative_gap, RULES) == 4


def test_an_absolute_change_is_computed_in_the_claims_unit():
    outcome = _change(value=13300, unit="million USD")
    assert outcome.actual == D("13300")
    assert outcome.gap == 0
    assert propose_rating(outcome.relative_gap, RULES) == 5


def test_a_claimed_decrease_that_was_an_increase_is_far_off():
    outcome = _change(direction="decrease")
    assert outcome.actual > 0
    assert propose_rating(outcome.relative_gap, RULES) == 1


def test_a_change_in_percentage_points_needs_figures_in_percent():
    shares = [Figure(D("12.5"), "%", "2021"), Figure(D("15.5"), "%", "2023")]
    assert _change(value=3, unit="pp", figures=shares).actual == D("3.0")
    assert "needs figures given in percent" in _change(value=3, unit="pp").problem


def test_figures_in_another_currency_need_the_rate():
    yuan = [Figure(D("300"), "billion CNY", "2021"), Figure(D("400"), "billion CNY", "2023")]
    assert "give the rate" in _change(value=14, unit="billion USD", figures=yuan).problem
    with_rate = [Figure(f.value, f.unit, f.period, rate=D("0.14")) for f in yuan]
    assert _change(value=14, unit="billion USD", figures=with_rate).actual == D("14")


def test_a_missing_period_is_named():
    assert _change(figures=TRADE[:1]).problem == "No figure for 2023 yet."


def test_a_level_is_compared_with_the_figure_for_its_period():
    outcome = compute(
        kind=arithmetic.COUNT,
        value=13,
        unit="",
        figures=[Figure(D("11"), "", "2022"), Figure(D("12"), "", "2023")],
        comparison_period="2023",
    )
    assert (outcome.actual, outcome.gap) == (D("12"), D("-1"))
    assert propose_rating(outcome.relative_gap, RULES) == 4


def test_a_zero_base_has_no_relative_change():
    zero = [Figure(D("0"), "USD", "2021"), Figure(D("5"), "USD", "2023")]
    assert "base figure is zero" in _change(figures=zero).problem


# The tolerance rules


@pytest.mark.parametrize(
    ("gap", "rating"),
    [(D(0), 5), (D(5), 5), (D("5.01"), 4), (D(15), 4), (D(29), 3), (D(50), 2), (D(51), 1)],
)
def test_the_first_rule_whose_limit_holds_the_gap_proposes_the_rating(gap, rating):
    assert propose_rating(gap, RULES) == rating
    assert propose_rating(gap, list(reversed(RULES))) == rating


def test_no_rule_beyond_means_no_proposal_for_a_wide_gap():
    assert propose_rating(D(80), RULES[:-1]) is None
    assert propose_rating(None, RULES) is None


def test_plain_words_for_the_public_page():
    assert plain(D("35"), "%", signed=True) == "+35%"
    assert plain(D("28.44"), "%", signed=True) == "+28.4%"
    assert plain(D("-1.26"), "pp", signed=True) == "-1.3 pp"
    assert plain(D("44.60"), "billion USD", places=2) == "44.6 billion USD"
    assert plain(D("2400000"), "") == "2,400,000"
