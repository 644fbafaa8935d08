"""Reviewer agreement: alpha checked against a published example, per-reviewer figures."""

import csv
import io
import math

import krippendorff
import numpy as np
import pytest
from django.urls import reverse

from claims.models import Article, Claim, Rating, Review
from factcheck.testing import make_claimant, make_user
from reports.agreement import alpha_by_kind, disagreements, per_reviewer

AGREEMENT = reverse("reports:agreement")
NA = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example
# with four observers and twelve units; also in the krippendorff library's docs,
# where its ordinal alpha is 0.815.
PAPER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
]


@pytest.fixture
def paper_example(db):
    body = "\n".join(f"Unit {i} says something." for i in range(12))
    article = Article.objects.create(title="Twelve units", body=body)
    claims = []
    for i in range(12):
        quote = f"Unit {i} says something."
        start = body.index(quote)
        claims.append(
            Claim.objects.create(
                article=article,
                quote=quote,
                start=start,
                end=start + len(quote),
                claimant=make_claimant("Someone"),
                kind=Claim.Kind.QUANTITY,
            )
        )
    observers = [make_user(name, "Reviewer") for name in ("obs_a", "obs_b", "obs_c", "obs_d")]
    for observer, values in zip(observers, PAPER, strict=True):
        for claim, value in zip(claims, values, strict=True):
            if value is not None:
                Review.objects.create(
                    claim=claim, reviewer=observer, rating=value, confidence=3, rationale="r"
                )
    return claims


def test_the_library_gives_the_published_value():
    data = np.array([[np.nan if v is None else v for v in row] for row in PAPER])
    value = krippendorff.alpha(
        reliability_data=data, value_domain=[1, 2, 3, 4, 5], level_of_measurement="ordinal"
    )
    assert round(value, 3) == 0.815


def test_alpha_from_the_database_matches_the_published_example(paper_example):
    alphas = alpha_by_kind(Claim.objects.all())
    value, claims = alphas["overall"]
    assert round(value, 3) == 0.815
    assert claims == 11  # the twelfth unit has a single rating
    assert alphas[Claim.Kind.QUANTITY.value] == alphas["overall"]
    assert alphas[Claim.Kind.EVENT.value] == (None, 0)


def test_unverifiable_reviews_are_left_out(paper_example):
    extra = make_user("obs_e", "Reviewer")
    for claim in paper_example[:6]:
        Review.objects.create(
            claim=claim, reviewer=extra, rating=Rating.UNVERIFIABLE, confidence=1, rationale="r"
        )
    # and a claim with one rated review plus an Unverifiable one is not "rated twice"
    Review.objects.create(
        claim=paper_example[11],
        reviewer=make_user("obs_f", "Reviewer"),
        rating=0,
        confidence=1,
        rationale="r",
    )
    value, claims = alpha_by_kind(Claim.objects.all())["overall"]
    assert round(value, 3) == 0.815
    assert claims == 11


def test_alpha_per_kind(paper_example):
    # Units 0-5 become events, 6-11 stay quantities: each kind gets its own alpha.
    Claim.objects.filter(pk__in=[c.pk for c in paper_example[:6]]).update(kind="event")
    alphas = alpha_by_kind(Claim.objects.all())
    assert alphas["event"][1] == 6
    assert alphas["quantity"][1] == 5
    expected = krippendorff.alpha(
        reliability_data=np.array([[np.nan if v is None else v for v in row[:6]] for row in PAPER]),
        value_domain=[1, 2, 3, 4, 5],
        level_of_measurement="ordinal",
    )
    assert alphas["event"][0] == pytest.approx(expected)
    assert not math.isclose(alphas["event"][0], alphas["overall"][0])


def test_perfect_agreement_without_variation_has_no_alpha(paper_example):
    # Units 2 and 3: every observer said 3. No variation, so no expected disagreement.
    claims = Claim.objects.filter(pk__in=[paper_example[2].pk, paper_example[3].pk])
    assert alpha_by_kind(claims)["overall"] == (None, 2)


def test_disagreements_of_two_or_more_steps(paper_example):
    found = disagreements(Claim.objects.all())
    # Unit 5 was rated 1, 2, 3 and 4; every other unit spans at most one step.
    assert [(c.pk, c.spread) for c in found] == [(paper_example[5].pk, 3)]
    assert (found[0].highest_label, found[0].lowest_label) == ("Mostly true", "False")


def test_per_reviewer_figures(world, reviewer, reviewer2):
    rows = {row["name"]: row for row in per_reviewer(Claim.objects.all())}
    # Rita reviewed h1 (False, verdict False) after 1 day and h2 (Mostly false,
    # verdict Mostly false) after 6; Ravi reviewed h1 (Mostly false) after 2 days.
    rita, ravi = rows["Rita"], rows["Ravi"]
    assert (rita["done"], rita["agreed"], rita["with_verdict"]) == (2, 2, 2)
    assert rita["median"].total_seconds() == 3.5 * 86400
    assert (ravi["done"], ravi["agreed"], ravi["with_verdict"]) == (1, 0, 1)
    assert ravi["median"].total_seconds() == 2 * 86400
    assert ravi["agreement"] == 0


def test_agreement_page_and_downloads(client, editor, paper_example):
    client.force_login(editor)
    text = client.get(AGREEMENT).text
    assert "0.815" in text
    assert '<svg class="bar-chart" role="img"' in text
    assert "style=" not in text
    assert reverse("claims:claim", args=[paper_example[5].pk]) in text
    rows = list(csv.reader(io.StringIO(client.get(AGREEMENT, {"format": "csv"}).content.decode())))
    overall = next(r for r in rows if r[:2] == ["alpha", "All kinds"])
    assert overall[2] == "11"
    assert overall[3] == "0.815"  # rounded as the page shows it
    data = client.get(AGREEMENT, {"format": "json"}).json()
    assert {"section": "disagreement", "count": 3, "value": paper_example[5].pk}.items() <= next(
        r for r in data["rows"] if r["section"] == "disagreement"
    ).items()
