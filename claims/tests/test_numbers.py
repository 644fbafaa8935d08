"""A numeric claim's Numbers section: the structure confirmed, source figures recorded, the
computed figure, gap and proposed rating shown, the series the verdict uses, the tolerance
rules the desk sets, and the arithmetic the public page keeps. Forged posts get errors."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Measure, Rating, SourceFigure, ToleranceRule
from factcheck.testing import (
    add_primary_evidence,
    make_claim,
    make_user,
    numeric_structure,
    post_failing,
)

STRUCTURE = {
    "measure-measured": "Trade turnover, China and Central Asia",
    "measure-kind": "change",
    "measure-value": "35",
    "measure-unit": "%",
    "measure-direction": "increase",
    "measure-base_period": "2021",
    "measure-comparison_period": "2023",
}


def _figure(evidence, period, value, **extra):
    return {
        "figure-evidence": evidence.pk,
        "figure-series": extra.pop("series", "China customs"),
        "figure-period": period,
        "figure-value": value,
        "figure-unit": extra.pop("unit", "billion USD"),
        "figure-rate": extra.pop("rate", ""),
    }


@pytest.fixture
def source(claim_in_review, reviewer):
    return add_primary_evidence(claim_in_review, reviewer, title="China customs yearbook")


@pytest.fixture
def measure(claim_in_review, source):
    return numeric_structure(claim_in_review)


def _add(measure, by, evidence, period, value, series="China customs", unit="billion USD", **kw):
    measure.claim.refresh_from_db()
    return measure.add_figure(
        by=by,
        evidence=evidence,
        series=series,
        period=period,
        value=Decimal(value),
        unit=unit,
        **kw,
    )


def _page(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response


# The tolerance rules


def test_tolerance_rules_are_seeded_for_every_kind_of_statement(db):
    pairs = ToleranceRule.objects.as_pairs()
    assert set(pairs) == {"level", "change", "ranking", "count"}
    assert sorted(pairs["change"], key=lambda p: (p[0] is None, p[0] or 0)) == [
        (Decimal(5), Rating.TRUE),
        (Decimal(15), Rating.MOSTLY_TRUE),
        (Decimal(30), Rating.HALF_TRUE),
        (Decimal(50), Rating.MOSTLY_FALSE),
        (None, Rating.FALSE),
    ]


def test_an_editor_changes_a_tolerance_rule_in_the_admin(client, editor):
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    rule = ToleranceRule.objects.get(kind="change", max_relative_gap=5)
    client.force_login(editor)
    url = reverse("admin:claims_tolerancerule_change", args=[rule.pk])
    data = {"kind": "change", "max_relative_gap": "3", "rating": Rating.TRUE}
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.max_relative_gap == 3


def test_a_changed_rule_changes_the_proposal(client, reviewer, measure, source):
    _add(measure, reviewer, source, "2021", "44.6")
    _add(measure, reviewer, source, "2023", "57.9")  # +29.8%: 14.8% off the claimed 35%
    ToleranceRule.objects.filter(kind="change", max_relative_gap=15).update(max_relative_gap=10)
    assert measure.series()[0].proposal.pk == Rating.HALF_TRUE


# The structure


def test_the_periods_are_proposed_from_the_claim_and_its_article_date(
    client, reviewer, claim_in_review
):
    article = claim_in_review.article
    article.published_on = datetime.date(2023, 5, 18)
    article.save(update_fields=["published_on"])
    client.force_login(reviewer)
    numbers = _page(client, claim_in_review).context["numbers"]
    form = numbers["measure_form"]
    assert form.initial["kind"] == "change"
    assert form.initial["direction"] == "increase"
    assert (form.initial["base_period"], form.initial["comparison_period"]) == ("2021", "2023")
    assert (numbers["period"].start, numbers["period"].end) == (2021, 2023)
    assert Measure.objects.count() == 0  # a proposal until the reviewer confirms it


def test_an_assigned_reviewer_confirms_the_structure(client, reviewer, claim_in_review):
    client.force_login(reviewer)
    response = client.post(reverse("claims:record_measure", args=[claim_in_review.pk]), STRUCTURE)
    assert response.status_code == 302
    assert response.url.endswith("#numbers-heading")
    measure = Measure.objects.get(claim=claim_in_review)
    assert (measure.kind, measure.value, measure.unit) == ("change", 35, "%")
    assert measure.confirmed_by == reviewer
    assert measure.claimed_in_words() == "+35% (2021\u20132023)"


def test_a_correction_of_the_structure_replaces_it(client, reviewer, measure):
    client.force_login(reviewer)
    data = {**STRUCTURE, "measure-comparison_period": "2022"}
    client.post(reverse("claims:record_measure", args=[measure.claim_id]), data)
    assert Measure.objects.get().comparison_period == "2022"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"measure-direction": ""}, "choose its direction"),
        ({"measure-base_period": ""}, "A change needs both periods"),
        ({"measure-unit": "3x/#"}, "is not a unit factcheck knows"),
        ({"measure-value": "lots"}, "Enter a number"),
        ({"measure-kind": "guess"}, "Select a valid choice"),
        ({"measure-value": "1" * 40}, "Ensure that there are no more than"),
    ],
)
def test_a_structure_that_does_not_hold_is_refused_with_its_error(
    client, reviewer, claim_in_review, change, error
):
    client.force_login(reviewer)
    url = reverse("claims:record_measure", args=[claim_in_review.pk])
    page = post_failing(client, url, {**STRUCTURE, **change})
    assert error in page.content.decode()
    assert not Measure.objects.exists()


def test_a_reviewer_not_assigned_may_not_record_numbers(client, claim_in_review):
    client.force_login(make_user("otto", "Reviewer"))
    url = reverse("claims:record_measure", args=[claim_in_review.pk])
    assert client.post(url, STRUCTURE).status_code == 403
    assert "numbers" not in _page(client, claim_in_review).context
    assert not Measure.objects.exists()


# The figures


def test_figures_give_the_change_its_gap_and_a_proposed_rating(client, reviewer, measure, source):
    client.force_login(reviewer)
    url = reverse("claims:add_figure", args=[measure.claim_id])
    assert client.post(url, _figure(source, "2021", "44.6")).status_code == 302
    assert client.post(url, _figure(source, "2023", "57.9")).status_code == 302
    assert SourceFigure.objects.filter(entered_by=reviewer).count() == 2

    page = _page(client, measure.claim)
    [series] = page.context["numbers"]["series"]
    assert series.actual_text == "+29.8%"
    assert series.gap_text == "-5.2 pp, 14.8% of the claimed value"
    assert series.proposal.pk == Rating.MOSTLY_TRUE
    html = page.content.decode()
    assert 'China customs gives <strong class="actual-figure">+29.8%</strong>' in html
    assert "Mostly true" in html


def test_two_series_that_disagree_are_both_kept_with_their_gaps(reviewer, measure, source):
    comtrade = add_primary_evidence(measure.claim, reviewer, url="https://un.example.org/")
    _add(measure, reviewer, source, "2021", "44.6")
    _add(measure, reviewer, source, "2023", "57.9")
    _add(measure, reviewer, comtrade, "2021", "40.9", series="UN Comtrade")
    _add(measure, reviewer, comtrade, "2023", "58.6", series="UN Comtrade")
    found = {s.name: (s.actual_text, s.proposal.pk) for s in measure.series()}
    assert found == {
        "China customs": ("+29.8%", Rating.MOSTLY_TRUE),
        "UN Comtrade": ("+43.3%", Rating.HALF_TRUE),
    }


def test_a_figure_in_another_currency_asks_for_the_rate(client, reviewer, measure, source):
    numeric_structure(measure.claim)
    Measure.objects.filter(pk=measure.pk).update(unit="billion USD", value=14)
    _add(measure, reviewer, source, "2021", "300", unit="billion CNY")
    _add(measure, reviewer, source, "2023", "400", unit="billion CNY")
    client.force_login(reviewer)
    [series] = _page(client, measure.claim).context["numbers"]["series"]
    assert series.outcome.problem == (
        "CNY does not convert to USD without an exchange rate: give the rate."
    )
    assert series.proposal is None


def test_a_figure_from_another_claims_evidence_is_refused(client, reviewer, measure, article):
    other = make_claim(article, "four Confucius Institutes")
    foreign = add_primary_evidence(other, reviewer, url="https://x.example.org/")
    client.force_login(reviewer)
    url = reverse("claims:add_figure", args=[measure.claim_id])
    page = post_failing(client, url, _figure(foreign, "2021", "1"))
    assert "Select a valid choice" in page.content.decode()
    assert not SourceFigure.objects.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"figure-evidence": "99999999999999999999"}, "Select a valid choice"),
        ({"figure-evidence": "abc"}, "Select a valid choice"),
        ({"figure-value": "NaN"}, "Enter a number"),
        ({"figure-value": ""}, "This field is required"),
        ({"figure-period": ""}, "This field is required"),
        ({"figure-rate": "-1"}, "greater than or equal to"),
        ({"figure-unit": "km/#"}, "is not a unit factcheck knows"),
    ],
)
def test_a_forged_figure_is_refused_with_its_error(
    client, reviewer, measure, source, change, error
):
    client.force_login(reviewer)
    url = reverse("claims:add_figure", args=[measure.claim_id])
    page = post_failing(client, url, {**_figure(source, "2021", "44.6"), **change})
    assert error in page.content.decode()
    assert not SourceFigure.objects.exists()


def test_a_second_figure_for_the_same_period_is_refused_with_a_message(
    client, reviewer, measure, source
):
    client.force_login(reviewer)
    url = reverse("claims:add_figure", args=[measure.claim_id])
    client.post(url, _figure(source, "2021", "44.6"))
    response = client.post(url, _figure(source, "2021", "45"), follow=True)
    assert "already has a figure for 2021" in response.content.decode()
    assert SourceFigure.objects.get().value == Decimal("44.6")


def test_figures_need_a_confirmed_structure(client, reviewer, claim_in_review, source):
    client.force_login(reviewer)
    url = reverse("claims:add_figure", args=[claim_in_review.pk])
    assert client.post(url, _figure(source, "2021", "1")).status_code == 404


def test_a_figure_is_removed_and_only_from_its_own_claim(
    client, reviewer, measure, source, article
):
    figure = _add(measure, reviewer, source, "2021", "44.6")
    other = numeric_structure(make_claim(article, "four Confucius Institutes"))
    client.force_login(reviewer)
    wrong = reverse("claims:remove_figure", args=[other.claim_id, figure.pk])
    assert client.post(wrong).status_code == 403  # not assigned to the other claim
    client.force_login(make_user("boss", "Editor"))
    assert client.post(wrong).status_code == 404
    huge = reverse("claims:remove_figure", args=[measure.claim_id, 2**64])
    assert client.post(huge).status_code == 404
    client.force_login(reviewer)
    right = reverse("claims:remove_figure", args=[measure.claim_id, figure.pk])
    assert client.post(right).status_code == 302
    assert not SourceFigure.objects.exists()


# The verdict's series


def test_the_editor_records_which_series_the_verdict_uses(
    client, editor, reviewer, measure, source
):
    _add(measure, reviewer, source, "2021", "44.6")
    client.force_login(editor)
    url = reverse("claims:choose_series", args=[measure.claim_id])
    data = {"series-series": "China customs", "series-reason": "The exporter's own count."}
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert (measure.chosen_series, measure.choice_reason) == (
        "China customs",
        "The exporter's own count.",
    )


def test_a_series_with_no_figures_cannot_be_chosen(client, editor, measure):
    client.force_login(editor)
    url = reverse("claims:choose_series", args=[measure.claim_id])
    data = {"series-series": "Invented", "series-reason": "x"}
    page = post_failing(client, url, data)
    assert "Select a valid choice" in page.content.decode()
    assert Measure.objects.get().chosen_series == ""


def test_a_reviewer_may_not_choose_the_verdicts_series(client, reviewer, measure):
    client.force_login(reviewer)
    url = reverse("claims:choose_series", args=[measure.claim_id])
    assert client.post(url, {"series-series": "", "series-reason": "x"}).status_code == 403


# Published


@pytest.fixture
def numeric_settled(settled_claim, editor, reviewer):
    source = settled_claim.evidence.get()
    measure = numeric_structure(settled_claim)
    measure.claim = settled_claim
    _add(measure, editor, source, "2021", "44.6")
    _add(measure, editor, source, "2023", "57.9")
    measure.choose_series(by=editor, series="China customs", reason="The only series.")
    return settled_claim


def test_the_public_page_shows_the_arithmetic_as_published(client, numeric_settled, editor):
    article = numeric_settled.article
    article.url, article.published_on = "https://times.example.org/t", datetime.date(2023, 5, 18)
    article.save(update_fields=["url", "published_on"])
    numeric_settled.refresh_from_db()
    numeric_settled.publish(editor=editor)
    html = client.get(reverse("public:factcheck", args=[numeric_settled.pk])).content.decode()
    assert "Claimed: <strong>+35% (2021\u20132023)</strong>." in html
    assert (
        "China customs: 2021 44.6 billion USD, 2023 57.9 billion USD, <strong>+29.8%</strong>."
        in html
    )
    assert (
        '<a href="https://stats.example.org/trade" rel="noopener noreferrer">Trade statistics</a>'
        in html
    )
    assert "The verdict rests on China customs: The only series." in html

    # Figures changed later reach the public only with a corrected publication.
    SourceFigure.objects.filter(period="2023").update(value=99)
    html = client.get(reverse("public:factcheck", args=[numeric_settled.pk])).content.decode()
    assert "+29.8%" in html


def test_a_published_claims_numbers_no_longer_change(client, numeric_settled, editor):
    numeric_settled.publish(editor=editor)
    client.force_login(editor)
    source = numeric_settled.evidence.get()
    url = reverse("claims:add_figure", args=[numeric_settled.pk])
    response = client.post(url, _figure(source, "2022", "50"), follow=True)
    assert "its numbers can no longer change" in response.content.decode()
    assert SourceFigure.objects.count() == 2
    numbers = _page(client, numeric_settled).context["numbers"]
    assert "figure_form" not in numbers
    assert "measure_form" not in numbers


def test_a_claim_without_numbers_publishes_no_arithmetic(published_claim):
    assert published_claim.verdict_revisions.get().arithmetic == {}


# Queries


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_claim_page_reads_numbers_in_two_queries_however_many_figures(
    client, editor, reviewer, claim_in_review, source
):
    client.force_login(editor)
    url = claim_in_review.get_absolute_url()
    client.get(url)  # the rating scale read once, as a running site has it cached
    without = _count(client, url)
    measure = numeric_structure(claim_in_review)
    measure.claim = claim_in_review
    _add(measure, reviewer, source, "2021", "44.6")
    _add(measure, reviewer, source, "2023", "57.9")
    # The figures with their evidence and who entered them, and the tolerance rules; the
    # "add a figure" form offers the evidence the page has read already.
    assert _count(client, url) == without + 2
    for year in range(2010, 2020):
        _add(measure, reviewer, source, str(year), "40", series=f"Series {year % 3}")
    assert _count(client, url) == without + 2


# The demo


def test_the_demo_shows_the_seed_claim_with_two_series_of_figures(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    measure = Measure.objects.get(claim=32)
    assert measure.claimed_in_words() == "+35% (2021\u20132023)"
    found = {s.name: (s.actual_text, s.proposal.pk) for s in measure.series()}
    assert found == {
        "China customs (demo figures)": ("+29.8%", Rating.MOSTLY_TRUE),
        "UN Comtrade, partners' reports (demo figures)": ("+43.3%", Rating.HALF_TRUE),
    }
