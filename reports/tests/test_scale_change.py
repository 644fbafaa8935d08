"""The desk changes its rating scale: reports, alpha, exports and ClaimReview follow the data.

A level is added between Mostly false and Half true, and Mostly false is retired; then
claims are rated with the new level. Every figure is checked against counts made here
straight from the claims tables, on SQLite and on PostgreSQL.
"""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import replace

import krippendorff
import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim, RatingLevel, Review, Verdict, WorkflowError
from publishing import claimreview
from reports import agreement, queries

from .test_rollups import figures, scope
from .world import add_claim, days, give_review, give_verdict

OVERVIEW = reverse("reports:overview")
AGREEMENT = reverse("reports:agreement")


def _add_missing_context():
    level = RatingLevel(
        label="Missing context",
        slug="missing-context",
        description="Accurate as far as it goes, but leaves out what a reader needs.",
        position=25,
        colour="#6b3fa0",
        claimreview_rating_value=2,
    )
    level.full_clean()
    level.save()
    return level


@pytest.fixture
def changed_scale(world, editor, reviewer, reviewer2):
    """The small world, then: Missing context added, Mostly false retired, the new level used."""
    new = _add_missing_context()
    RatingLevel.objects.get(label="Mostly false").retire()
    harbour, schools = world["harbour"], world["schools"]
    # h2 (verdict Mostly false, one review Mostly false) gets a second review, Missing context.
    h2 = Claim.objects.get(article=harbour, quote="H two.")
    give_review(h2, reviewer2, new.pk, days(1))
    # A claim settled as Missing context, its reviewers three steps apart (True and it).
    article = schools
    article.body += " S three."
    article.save(update_fields=["body"])
    s3 = add_claim(article, "S three.", claimant="The mayor", kind=Claim.Kind.QUANTITY)
    give_verdict(s3, new.pk, editor, days(2))
    give_review(s3, reviewer, new.pk, days(1))
    give_review(s3, reviewer2, RatingLevel.objects.get(label="True").pk, days(1))
    return {"new": new, "s3": s3, "h2": h2}


def _steps():
    """Each rated level's step, lowest position first, computed here from the rows."""
    rated = RatingLevel.objects.filter(position__isnull=False).order_by("position")
    return {level.pk: step for step, level in enumerate(rated)}


def _live_alpha():
    """Ordinal alpha straight from the blind ratings: one unit per claim rated twice or more."""
    steps = _steps()
    per_claim = defaultdict(list)
    for claim_id, rating in Review.objects.values_list("claim_id", "blind_rating"):
        if rating in steps:
            per_claim[claim_id].append(steps[rating])
    units = [values for values in per_claim.values() if len(values) >= 2]
    counts = [[values.count(step) for step in range(len(steps))] for values in units]
    value = krippendorff.alpha(
        value_counts=counts, value_domain=list(range(len(steps))), level_of_measurement="ordinal"
    )
    return round(float(value), 9), len(units)


def test_the_changed_scale_stays_on_the_report_tables(changed_scale):
    # The tables hold a row per rating level, so on PostgreSQL the figures still come from
    # them with a level added and one retired, and agree with the live counts.
    assert scope().rolled_up == (connection.vendor == "postgresql")
    assert figures(scope()) == figures(replace(scope(), live=True))


def test_verdict_counts_follow_the_changed_scale(changed_scale):
    expected = Counter(Verdict.objects.values_list("rating", flat=True))
    counts = {level.pk: n for level, n in queries.rating_counts(scope())}
    assert counts == {level.pk: expected.get(level.pk, 0) for level in RatingLevel.objects.all()}
    labels = [str(level.label) for level, _n in queries.rating_counts(scope())]
    # Best first, the new level in its place, the retired one still counted, not rated last.
    assert labels == [
        "True",
        "Mostly true",
        "Half true",
        "Missing context",
        "Mostly false",
        "False",
        "Unverifiable",
    ]
    assert counts[changed_scale["new"].pk] == 1


def test_alpha_is_over_the_steps_of_the_changed_scale(changed_scale):
    overall_alpha, claims = agreement.alpha_by_kind(scope())["overall"]
    assert (round(overall_alpha, 9), claims) == _live_alpha()
    assert claims == 3


def test_disagreements_are_steps_apart_on_the_changed_scale(changed_scale):
    found = list(agreement.disagreements(scope(), per_page=100))
    # True is step 5 and Missing context step 2: three apart. h2's Mostly false and
    # Missing context are one apart, no disagreement.
    assert [(c.pk, c.spread) for c in found] == [(changed_scale["s3"].pk, 3)]
    assert (found[0].highest_label, found[0].lowest_label) == ("True", "Missing context")


def test_the_overview_downloads_name_the_new_level(client, editor, changed_scale):
    client.force_login(editor)
    rows = list(csv.reader(io.StringIO(client.get(OVERVIEW, {"format": "csv"}).content.decode())))
    verdicts = {row[1]: row[2] for row in rows if row and row[0] == "verdict"}
    assert verdicts["Missing context"] == "1"
    assert verdicts["Mostly false"] == "1"  # retired, and still counted
    data = client.get(OVERVIEW, {"format": "json"}).json()
    verdicts = {row["value"]: row["count"] for row in data["rows"] if row["group"] == "verdict"}
    assert verdicts["Missing context"] == 1


def test_the_breakdown_download_has_a_column_for_the_new_level(client, editor, changed_scale):
    client.force_login(editor)
    response = client.get(reverse("reports:breakdown", args=["kind"]), {"format": "csv"})
    header, *rows = csv.reader(io.StringIO(response.content.decode()))
    column = header.index("Missing context")
    quantity = next(row for row in rows if row[0] == "Quantity")
    expected = Verdict.objects.filter(
        rating=changed_scale["new"].pk, claim__kind=Claim.Kind.QUANTITY
    ).count()
    assert int(quantity[column]) == expected == 1


def test_the_claims_export_names_the_new_level(client, editor, changed_scale):
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"_export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    header, *rows = csv.reader(io.StringIO(body))
    verdicts = Counter(row[header.index("Verdict")] for row in rows)
    assert verdicts["Missing context"] == 1
    assert verdicts["Mostly false"] == 1  # retired, the old verdict keeps it
    response = client.get(reverse("claims:claim_list"), {"_export": "xlsx"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert Counter(row[header.index("Verdict")] for row in rows)["Missing context"] == 1


def test_claimreview_publishes_each_level_as_the_scale_says(changed_scale):
    new = changed_scale["new"]
    assert claimreview.review_rating(new.pk) == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Missing context",
    }
    RatingLevel.objects.filter(pk=new.pk).update(alternate_name="Lacks context")
    RatingLevel.objects.get(pk=new.pk).save()  # forgets the cached scale
    assert claimreview.review_rating(new.pk)["alternateName"] == "Lacks context"
    # A retired level still publishes as it did; not-rated levels carry their name alone.
    mostly_false = RatingLevel.objects.get(label="Mostly false")
    assert claimreview.review_rating(mostly_false.pk)["ratingValue"] == 2
    unverifiable = RatingLevel.objects.get(label="Unverifiable")
    assert claimreview.review_rating(unverifiable.pk) == {
        "@type": "Rating",
        "alternateName": "Unverifiable",
    }


def test_a_retired_level_is_refused_for_new_ratings(changed_scale, editor, reviewed_claim):
    mostly_false = RatingLevel.objects.get(label="Mostly false")
    with pytest.raises(WorkflowError, match="retired"):
        reviewed_claim.settle(editor=editor, rating=mostly_false.pk, summary="s")
    verdict = reviewed_claim.settle(editor=editor, rating=changed_scale["new"].pk, summary="s")
    assert verdict.rating_level.label == "Missing context"


def test_retiring_a_level_alone_keeps_the_report_tables(world):
    RatingLevel.objects.get(label="Mostly false").retire()
    assert scope().rolled_up == (connection.vendor == "postgresql")
    assert figures(scope()) == figures(replace(scope(), live=True))
