"""The agreement figures read blind ratings: a revision after the reveal moves none of them."""

from dataclasses import replace

import pytest
from django.db import connection

from claims.models import Article, Claim, Rating
from factcheck.testing import make_claimant
from reports import agreement
from reports.models import ClaimFact, ReviewFact

from .test_rollups import assert_report_tables_match_live, scope


def _scope(live):
    """Every claim: from the report tables on PostgreSQL (unless live), counted live on SQLite."""
    return replace(scope(), live=True) if live else scope()


BODY = "Exports grew by 35 percent. The port handled 40,000 containers."


def _claim(article, quote, editor, reviewer, reviewer2):
    start = article.body.index(quote)
    claim = Claim.objects.create(
        article=article,
        quote=quote,
        start=start,
        end=start + len(quote),
        claimant=make_claimant("Minister"),
    )
    claim.assign([reviewer, reviewer2], by=editor)
    return claim


@pytest.fixture
def revised(editor, reviewer, reviewer2):
    """Two claims: on `apart` the reviewers' blind ratings are True and False, and
    rita then revises hers to False after seeing ravi's; on `agreed` both said Half true."""
    article = Article.objects.create(title="Port figures", body=BODY, author="Minister")
    apart = _claim(article, "Exports grew by 35 percent.", editor, reviewer, reviewer2)
    agreed = _claim(article, "The port handled 40,000 containers.", editor, reviewer, reviewer2)
    for claim, ratings in ((apart, (Rating.TRUE, Rating.FALSE)), (agreed, (3, 3))):
        for user, rating in zip((reviewer, reviewer2), ratings, strict=True):
            claim.submit_review(reviewer=user, rating=rating, confidence=3, rationale="r")
    apart.submit_review(
        reviewer=reviewer, rating=Rating.FALSE, confidence=3, rationale="r", reason="Saw Ravi's."
    )
    apart.settle(editor=editor, rating=Rating.FALSE, summary="The year is wrong.")
    return {"apart": apart, "agreed": agreed}


BLIND_UNITS = [[1, 0, 0, 0, 1], [0, 0, 2, 0, 0]]  # False..True counts per claim, blind
REVISED_UNITS = [[2, 0, 0, 0, 0], [0, 0, 2, 0, 0]]


@pytest.mark.parametrize("live", [False, True], ids=["as_reported", "live"])
def test_alpha_reads_blind_ratings(revised, live):
    figures = agreement.alpha_by_kind(_scope(live))
    expected = agreement.alpha(BLIND_UNITS)
    assert expected < 0.5 < agreement.alpha(REVISED_UNITS)
    assert figures["overall"] == (pytest.approx(expected), 2)


@pytest.mark.parametrize("live", [False, True], ids=["as_reported", "live"])
def test_disagreements_read_blind_ratings(revised, live):
    page = agreement.disagreements(_scope(live))
    assert [(c.pk, c.spread, c.highest_label, c.lowest_label) for c in page] == [
        (revised["apart"].pk, 4, "True", "False")
    ]


@pytest.mark.parametrize("live", [False, True], ids=["as_reported", "live"])
def test_matching_the_verdict_reads_blind_ratings(revised, reviewer, reviewer2, live):
    rows = agreement.per_reviewer(_scope(live))
    by_name = {
        r["reviewer"]: (r["done"], r["with_verdict"], r["agreed"], r["revised"]) for r in rows
    }
    # Rita's revised False matches the verdict; her blind True, which counts, does not.
    assert by_name == {reviewer.pk: (2, 1, 0, 1), reviewer2.pk: (2, 1, 1, 0)}


def test_the_agreement_page_shows_revisions_beside_the_blind_figures(client, editor, revised):
    client.force_login(editor)
    page = client.get("/reports/agreement/").text
    assert "Revised after seeing others" in page
    assert "Reviews count with their blind rating" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fact rows are PostgreSQL's")
def test_the_fact_rows_carry_blind_ratings_and_the_revision(revised, reviewer):
    apart = ClaimFact.objects.get(claim_id=revised["apart"].pk)
    # One review True, one False, by their blind ratings, whatever they were revised to.
    assert (apart.unit, apart.unit_size) == (f"{Rating.FALSE}:1,{Rating.TRUE}:1", 2)
    mine = ReviewFact.objects.get(claim_id=revised["apart"].pk, reviewer_id=reviewer.pk)
    assert (mine.agreed, mine.revised) == (False, True)
    assert_report_tables_match_live()
