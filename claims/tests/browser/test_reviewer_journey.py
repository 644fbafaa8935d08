"""A reviewer works through their queue in a real browser.

Locators go by role and label, so the test also proves the page is labelled
for a screen reader: an unlabelled field or nameless region makes it fail.
"""

import re

from playwright.sync_api import expect

from claims.models import Claim, Rating

from .helpers import login, screenshot

OTHER_RATIONALE = "Customs data cover only 20 months, not two years."


def test_it_takes_a_reviewer_from_queue_to_submitted_review(page, claim_in_review, reviewer2):
    claim = claim_in_review
    claim.submit_review(
        reviewer=reviewer2, rating=Rating.HALF_TRUE, confidence=3, rationale=OTHER_RATIONALE
    )

    login(page, "rita")
    expect(page.get_by_role("heading", level=1)).to_have_text("My queue")
    screenshot(page, "reviewer_queue")
    queue = page.get_by_role("region", name="Waiting for your review")
    queue.get_by_role("link", name=claim.statement).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(claim.statement)
    reviews = page.get_by_role("region", name=re.compile(r"^Reviews"))
    expect(reviews).to_contain_text("1 other review submitted.")
    expect(reviews).to_contain_text("You will see it once your own review is in.")
    expect(page.get_by_role("article", name="Review by Ravi")).to_have_count(0)
    expect(page.get_by_text(OTHER_RATIONALE)).to_have_count(0)
    screenshot(page, "reviewer_claim_before_review")

    evidence_title = "Foreign trade statistics, 2023 annual report"
    panel = page.get_by_role("group").filter(has=page.locator("summary", has_text="Add evidence"))
    panel.locator("summary").click()
    evidence_form = panel.locator("form")
    evidence_form.get_by_label("URL").fill("https://stats.example.org/trade/2023")
    evidence_form.get_by_label("Title").fill(evidence_title)
    evidence_form.get_by_label("Publisher").fill("National statistics office")
    evidence_form.get_by_role("group", name="Stance").get_by_role("radio", name="Supports").check()
    evidence_form.get_by_role("group", name="Source type").get_by_role(
        "radio", name="Primary"
    ).check()
    evidence_form.get_by_label("Excerpt").fill("Exports to the partner country: +34.8%.")
    evidence_form.get_by_role("button", name="Add evidence").click()

    expect(page.get_by_role("status")).to_contain_text("Evidence added.")
    evidence = page.get_by_role("region", name=re.compile(r"^Evidence"))
    expect(
        evidence.get_by_role("link", name=re.compile("^" + re.escape(evidence_title)))
    ).to_be_visible()

    review_form = page.locator("form", has=page.get_by_role("button", name="Submit review"))
    review_form.get_by_role("group", name="Rating").get_by_role("radio", name="Mostly true").check()
    review_form.get_by_role("group", name="Confidence").get_by_role(
        "radio", name="4", exact=True
    ).check()
    review_form.get_by_label("Rationale").fill("The 2023 report gives +34.8%, close to 35%.")
    review_form.get_by_role("checkbox", name=evidence_title).check()
    screenshot(page, "reviewer_claim_filling_review")
    review_form.get_by_role("button", name="Submit review").click()

    expect(page.get_by_role("status")).to_contain_text("Your review is saved.")
    other = page.get_by_role("article", name="Review by Ravi")
    expect(other).to_contain_text("Half true")
    expect(other).to_contain_text(OTHER_RATIONALE)
    expect(page.locator(".claim-header")).to_contain_text("Reviewed")
    expect(page.get_by_role("button", name="Update review")).to_be_visible()
    screenshot(page, "reviewer_claim_after_review")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEWED
    mine = claim.reviews.get(reviewer__username="rita")
    assert mine.rating == Rating.MOSTLY_TRUE
    assert [e.title for e in mine.evidence.all()] == [evidence_title]
