"""The two questions of a reported claim (claims.models.reporting): how the article reported
someone else's statement, and whether the statement is true; both blind, both agreed on."""

import json

import krippendorff
import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from claims.models import Claim, Rating, Review, WorkflowError
from claims.models.reporting import Reporting
from factcheck.testing import add_primary_evidence, make_claim, make_user
from reports.reporting import reporting_alpha

QUOTE = "Kyrgyzstan is home to four Confucius Institutes"


@pytest.fixture
def reported(article):
    """The minister's words, which the article reports."""
    return make_claim(article, QUOTE, claimant="The minister", kind=Claim.Kind.QUANTITY)


@pytest.fixture
def reported_in_review(reported, editor, reviewer, reviewer2):
    reported.assign([reviewer, reviewer2], by=editor)
    return reported


def _review(claim, reviewer, rating=Rating.TRUE, reporting=Reporting.FAITHFUL, **extra):
    return claim.submit_review(
        reviewer=reviewer,
        rating=rating,
        confidence=4,
        rationale="The ministry's list names four.",
        reporting=reporting,
        **extra,
    )


@pytest.fixture
def reported_reviewed(reported_in_review, reviewer, reviewer2):
    _review(reported_in_review, reviewer, reporting=Reporting.FAITHFUL)
    _review(reported_in_review, reviewer2, rating=Rating.MOSTLY_TRUE, reporting=Reporting.PARTLY)
    return reported_in_review


def test_a_claim_is_reported_when_someone_other_than_the_article_speaks(article, reported):
    assert reported.is_reported()
    for own in ("Example Times", "example times"):  # the outlet, in any case
        assert not make_claim(article, "grew by 35%", claimant=own).is_reported()
    article.author = "Aida Bek"
    article.save()
    assert not make_claim(article, "The shared border", claimant="Aida Bek").is_reported()
    publisher = "Publisher of “Trade and ties”"
    article.outlet = None
    article.save()
    assert not make_claim(article, "over a thousand", claimant=publisher).is_reported()


def test_a_review_of_a_reported_claim_answers_both_questions(reported_in_review, reviewer):
    with pytest.raises(WorkflowError, match="say whether the article reported it faithfully"):
        _review(reported_in_review, reviewer, reporting=None)
    with pytest.raises(WorkflowError, match="is not an answer to how it was reported"):
        _review(reported_in_review, reviewer, reporting=7)
    assert not Review.objects.exists()
    review = _review(reported_in_review, reviewer, reporting=Reporting.PARTLY)
    review.refresh_from_db()
    assert (review.reporting, review.blind_reporting) == (Reporting.PARTLY, Reporting.PARTLY)


def test_the_articles_own_claim_has_no_reporting_question(claim_in_review, reviewer):
    with pytest.raises(WorkflowError, match="there is no question of how it was reported"):
        _review(claim_in_review, reviewer, reporting=Reporting.FAITHFUL)
    assert _review(claim_in_review, reviewer, reporting=None).reporting is None


def test_a_revised_answer_keeps_the_blind_one(reported_reviewed, reviewer):
    review = _review(
        reported_reviewed,
        reviewer,
        reporting=Reporting.MISREPORTED,
        reason="The interview says three, not four.",
    )
    review.refresh_from_db()
    assert (review.reporting, review.blind_reporting) == (Reporting.MISREPORTED, Reporting.FAITHFUL)
    assert review.revised_after_reveal  # the other review was in


def test_the_database_refuses_to_change_a_blind_answer(reported_reviewed):
    review = Review.objects.filter(claim=reported_reviewed).first()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(blind_reporting=Reporting.MISREPORTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(reporting=Reporting.MISREPORTED)  # unrevised
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(reporting=9, revised_at=review.submitted_at)


def test_the_blind_rating_trigger_still_holds_after_the_migration(reported_reviewed):
    review = Review.objects.filter(claim=reported_reviewed).first()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(blind_rating=Rating.FALSE)


def test_a_draft_keeps_the_answer(reported_in_review, reviewer):
    draft = reported_in_review.save_review_draft(reviewer=reviewer, reporting=Reporting.PARTLY)
    assert draft.reporting == Reporting.PARTLY


def test_the_answer_is_hidden_until_ones_own_review_is_in(
    client, reported_in_review, reviewer, reviewer2
):
    _review(reported_in_review, reviewer2, reporting=Reporting.MISREPORTED)
    client.force_login(reviewer)
    page = client.get(reported_in_review.get_absolute_url()).content.decode()
    assert "A reported statement." in page
    assert "Did the article report the statement faithfully?" in page  # the form asks
    assert "Misreported</strong>" not in page
    url = reverse("claims:submit_review", args=[reported_in_review.pk])
    data = {"rating": Rating.TRUE, "confidence": 4, "rationale": "Four on the list."}
    response = client.post(url, data)
    assert response.status_code == 303  # the form wants the other answer
    assert not Review.objects.filter(reviewer=reviewer).exists()
    client.post(url, {**data, "reporting": Reporting.FAITHFUL})
    page = client.get(reported_in_review.get_absolute_url()).content.decode()
    assert "How the article reported it: <strong>Misreported</strong>" in page
    assert "How the article reported it: <strong>Reported faithfully</strong>" in page


def test_the_verdict_answers_both_and_the_public_page_shows_both(client, reported_reviewed, editor):
    with pytest.raises(WorkflowError, match="say whether the article reported it faithfully"):
        reported_reviewed.settle(editor=editor, rating=Rating.TRUE, summary="Four, as said.")
    add_primary_evidence(reported_reviewed, editor)
    reported_reviewed.settle(
        editor=editor, rating=Rating.TRUE, summary="Four, as said.", reporting=Reporting.FAITHFUL
    )
    reported_reviewed.publish(editor=editor)
    assert reported_reviewed.verdict_revisions.get().reporting == Reporting.FAITHFUL
    page = client.get(reverse("public:factcheck", args=[reported_reviewed.pk])).content.decode()
    assert "<dt>Is the statement true?</dt>" in page
    assert '<dd class="reporting">Reported faithfully</dd>' in page
    assert "Said by The minister, as reported in <cite>Trade and ties</cite>." in page
    markup = json.loads(page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert markup["claimReviewed"] == QUOTE
    assert markup["reviewRating"]["alternateName"] == "True"
    assert markup["itemReviewed"]["author"]["name"] == "The minister"
    assert markup["itemReviewed"]["appearance"]["headline"] == "Trade and ties"


def test_the_settle_form_asks_the_reporting_question(client, reported_reviewed, editor):
    client.force_login(editor)
    url = reverse("claims:settle", args=[reported_reviewed.pk])
    data = {"rating": Rating.TRUE, "summary": "Four.", "version": reported_reviewed.version}
    assert client.post(url, data).status_code == 303
    assert not Claim.objects.filter(pk=reported_reviewed.pk, verdict__isnull=False).exists()
    client.post(url, {**data, "reporting": Reporting.PARTLY})
    claim = Claim.objects.get(pk=reported_reviewed.pk)
    assert claim.verdict.reporting == Reporting.PARTLY


def test_agreement_on_each_question_is_alpha_over_the_blind_answers(
    article, editor, reviewer, reviewer2
):
    third = make_user("rosa", "Reviewer")
    answers = [
        (Reporting.FAITHFUL, Reporting.FAITHFUL, Reporting.PARTLY),
        (Reporting.MISREPORTED, Reporting.PARTLY, Reporting.MISREPORTED),
        (Reporting.FAITHFUL, Reporting.CANNOT_TELL, Reporting.FAITHFUL),
    ]
    quotes = [QUOTE, "the minister said", "The shared border spans"]
    for quote, row in zip(quotes, answers, strict=True):
        claim = make_claim(article, quote, claimant="The minister")
        claim.assign([reviewer, reviewer2, third], by=editor)
        for person, answer in zip((reviewer, reviewer2, third), row, strict=True):
            _review(claim, person, reporting=answer)
    order = Reporting.ordered()
    raw = [
        [order.index(a) if a != Reporting.CANNOT_TELL else float("nan") for a in row]
        for row in answers
    ]
    expected = krippendorff.alpha(
        reliability_data=list(map(list, zip(*raw, strict=True))), level_of_measurement="ordinal"
    )
    value, claims = reporting_alpha(Claim.objects.all())
    assert claims == 3
    assert value == pytest.approx(expected)


def test_the_agreement_report_shows_the_reporting_row(client, reported_reviewed, editor):
    client.force_login(editor)
    page = client.get(reverse("reports:agreement")).content.decode()
    assert "How reported claims were reported" in page


def test_settling_in_bulk_refuses_a_reported_claim_and_says_why(
    client, reported_reviewed, reviewed_claim, editor
):
    client.force_login(editor)
    response = client.post(
        reverse("claims:bulk"),
        {
            "action": "settle",
            "scope": "selected",
            "claims": [f"{c.pk}:{c.version}" for c in (reported_reviewed, reviewed_claim)],
            "rating": Rating.TRUE,
            "summary": "Checked.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "say whether the article reported it faithfully" in page
    assert Claim.objects.get(pk=reviewed_claim.pk).status == Claim.Status.SETTLED
    assert Claim.objects.get(pk=reported_reviewed.pk).status == Claim.Status.REVIEWED


def test_the_claims_export_has_the_verdicts_day_and_answer(client, reported_reviewed, editor):
    import csv
    import io

    add_primary_evidence(reported_reviewed, editor)
    reported_reviewed.settle(
        editor=editor, rating=Rating.TRUE, summary="Four.", reporting=Reporting.CANNOT_TELL
    )
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["How the article reported it"] == "Cannot tell: no record of what was said"
    assert row["Verdict holds as of"] == reported_reviewed.verdict.as_of.isoformat()


def test_a_draft_saved_from_the_page_keeps_the_answer(client, reported_in_review, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:save_review_draft", args=[reported_in_review.pk])
    client.post(url, {"reporting": Reporting.MISREPORTED, "rationale": "Half done."})
    page = client.get(reported_in_review.get_absolute_url())
    assert page.context["review_form"]["reporting"].initial == Reporting.MISREPORTED
    assert not Review.objects.exists()
