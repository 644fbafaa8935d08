"""A forged form that names rows by numbers no row can have gets the form's error, not a 500
(SQLite cannot even compare a number over 2**63 with a column)."""

import pytest
from django.urls import reverse

from factcheck.testing import post_failing


@pytest.mark.parametrize("number", [str(10**20), str(2**63), "-1", "0"])
def test_a_review_citing_impossible_evidence_is_a_form_error(
    client, claim_in_review, reviewer, number
):
    client.force_login(reviewer)
    page = post_failing(
        client,
        reverse("claims:submit_review", args=[claim_in_review.pk]),
        {"rating": 4, "confidence": 4, "rationale": "x", "evidence": [number]},
    )
    assert "is not a valid value." in page.content.decode()
    assert not claim_in_review.reviews.exists()


@pytest.mark.parametrize("number", [str(10**20), "-5"])
def test_assigning_an_impossible_reviewer_is_a_form_error(client, claim, editor, reviewer, number):
    client.force_login(editor)
    page = post_failing(client, reverse("claims:assign", args=[claim.pk]), {"reviewers": [number]})
    assert "is not a valid value." in page.content.decode()
    assert not claim.assignments.exists()
