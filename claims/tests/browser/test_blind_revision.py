"""A reviewer revises after the reveal: it needs a reason, and the blind rating stays in view."""

import re

from playwright.sync_api import expect

from claims.models import Rating, Review

from .helpers import login, screenshot

REASON = "Ravi is right that the period is unclear."


def test_a_revision_after_the_reveal_is_marked_with_the_blind_rating(page, reviewed_claim):
    claim = reviewed_claim  # rita said Mostly true, then ravi Half true
    login(page, "rita")
    page.goto(claim.get_absolute_url())
    other = page.get_by_role("article", name="Review by Ravi")
    expect(other).to_contain_text("Half true")  # her own review is in: the reveal

    form = page.locator("form", has=page.get_by_role("button", name="Update review"))
    form.get_by_role("group", name="Rating").get_by_role("radio", name="Half true").check()
    form.get_by_label("Rationale").fill("The period is not stated; half true at best.")
    form.get_by_role("button", name="Update review").click()
    # No reason: refused, with what was typed kept, and the summary says why.
    expect(page.get_by_role("alert")).to_contain_text("Say why you revise your review")
    expect(page.locator("#id_reason_error")).to_contain_text("Say why you revise your review")
    assert Review.objects.get(claim=claim, reviewer__username="rita").rating == Rating.MOSTLY_TRUE

    form = page.locator("form", has=page.get_by_role("button", name="Update review"))
    expect(form.get_by_label("Rationale")).to_have_value(
        "The period is not stated; half true at best."
    )
    form.get_by_label("Reason for the revision").fill(REASON)
    form.get_by_role("button", name="Update review").click()

    expect(page.get_by_role("status")).to_contain_text("Your review is saved.")
    mine = page.get_by_role("article", name="Review by Rita")
    marker = mine.get_by_role("note")
    expect(marker).to_contain_text("Revised after seeing other reviews")
    expect(marker).to_contain_text(REASON)
    expect(marker).to_contain_text(re.compile(r"Blind rating, as first submitted .*Mostly true"))
    expect(marker).to_contain_text("Customs data agree.")
    screenshot(page, "reviewer_revised_after_reveal")

    page.context.clear_cookies()
    login(page, "edna")
    page.goto(claim.get_absolute_url())
    hers = page.get_by_role("article", name="Review by Rita")
    expect(hers).to_contain_text("Half true")
    expect(hers.get_by_role("note")).to_contain_text("Revised after seeing other reviews")
    expect(page.get_by_role("region", name="Every change")).to_contain_text(
        "Review by Rita revised after seeing other reviews (blind rating Mostly true)"
    )
    review = Review.objects.get(claim=claim, reviewer__username="rita")
    assert (review.rating, review.blind_rating) == (Rating.HALF_TRUE, Rating.MOSTLY_TRUE)
    assert review.revised_after_reveal
