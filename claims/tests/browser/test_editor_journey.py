"""An editor's work in a real browser: the workflow, the claims list, the article page."""

import re

from playwright.sync_api import expect

from claims.models import Claim, Rating
from factcheck.testing import make_claim

from .helpers import login, screenshot

REOPEN_REASON = "The ministry corrected its 2023 trade figures on 3 March."


def _status(page):
    return page.locator(".claim-header")


def _open_claim_from_list(page, claim):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims").click()
    page.get_by_role("table").get_by_role("link", name=claim.statement).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.statement)


def test_it_takes_an_editor_from_draft_to_reopened_claim(
    page, claim, article, reviewer, reviewer2, editor
):
    make_claim(article, "four Confucius Institutes", claimant="The minister")

    login(page, "edna")
    _open_claim_from_list(page, claim)
    expect(_status(page)).to_contain_text("Draft")
    screenshot(page, "editor_claim_draft")

    assigned = page.get_by_role("region", name="Assigned reviewers")
    expect(assigned).to_contain_text("Nobody yet.")
    assigned.get_by_role("checkbox", name="Rita").check()
    assigned.get_by_role("checkbox", name="Ravi").check()
    assigned.get_by_role("button", name="Assign").click()

    expect(page.get_by_role("status")).to_contain_text("Reviewers assigned.")
    expect(_status(page)).to_contain_text("In review")
    expect(assigned).to_contain_text("Rita — waiting")
    expect(assigned).to_contain_text("Ravi — waiting")
    history = page.get_by_role("region", name="History", exact=True)
    expect(history.get_by_role("listitem")).to_have_count(1)
    expect(history).to_contain_text("Draft → In review by Edna")
    expect(history).to_contain_text(re.compile(r"Assigned (ravi, rita|rita, ravi)\."))
    screenshot(page, "editor_claim_assigned")

    # The reviewers work in their own browsers; here they go through the model.
    claim = Claim.objects.get(pk=claim.pk)
    claim.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data agree."
    )
    claim.submit_review(
        reviewer=reviewer2,
        rating=Rating.MOSTLY_FALSE,
        confidence=3,
        rationale="The rise is 35% over three years, not two.",
    )
    page.reload()

    expect(_status(page)).to_contain_text("Reviewed")
    expect(page.get_by_role("note")).to_have_text(
        "Reviewers disagree: their ratings are 2 steps apart."
    )
    settle = page.get_by_role("region", name="Settle the verdict")
    expect(settle).to_contain_text("Reviewers disagree by 2 steps")
    expect(page.get_by_role("article", name="Review by Rita")).to_contain_text("Mostly true")
    expect(page.get_by_role("article", name="Review by Ravi")).to_contain_text("Mostly false")
    screenshot(page, "editor_claim_reviewed")

    summary = "Trade grew 35%, but over three years; the two-year figure is 22%."
    settle.get_by_role("group", name="Verdict").get_by_role("radio", name="Half true").check()
    settle.get_by_label("Summary").fill(summary)
    settle.get_by_role("button", name="Settle verdict").click()

    expect(page.get_by_role("status")).to_contain_text("Verdict settled.")
    expect(_status(page)).to_contain_text("Settled")
    verdict = page.get_by_role("region", name="Verdict", exact=True)
    expect(verdict).to_contain_text("Half true")
    expect(verdict).to_contain_text(summary)

    # Publishing waits for a confirmed primary source; the page says so, and the editor adds one.
    publish = page.get_by_role("region", name="Publish")
    expect(publish).to_contain_text("at least 1 confirmed primary source (it has 0)")
    expect(publish.get_by_role("link", name="Preview and publish")).to_have_count(0)
    evidence = page.get_by_role("region", name="Evidence")
    evidence.locator("summary", has_text="Add evidence").click()
    evidence.get_by_label("URL").fill("https://stat.example.kg/foreign-trade-2024")
    evidence.get_by_label("Title").fill("Foreign trade of the Kyrgyz Republic, 2024")
    evidence.get_by_role("radio", name="Supports").check()
    evidence.get_by_role("radio", name="Primary").check()
    evidence.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("status")).to_contain_text("Evidence added.")

    # The primary mark is a proposal until an editor confirms it.
    expect(publish).to_contain_text(
        "an editor to confirm “Foreign trade of the Kyrgyz Republic, 2024” as a primary source"
    )
    evidence.get_by_role("button", name="Confirm as primary source").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed as a primary source")
    expect(evidence).to_contain_text("confirmed by Edna")

    # Publishing starts from a preview of the public page and its markup.
    publish.get_by_role("link", name="Preview and publish").click()
    expect(page.get_by_role("heading", name="Preview: not published yet")).to_be_visible()
    expect(page.get_by_role("heading", name=claim.statement)).to_be_visible()
    expect(page.locator(".public-factcheck")).to_contain_text(summary)
    expect(page.locator(".public-factcheck")).to_contain_text("Primary source")
    expect(page.get_by_label("ClaimReview JSON-LD")).to_contain_text('"@type": "ClaimReview"')
    screenshot(page, "editor_publish_preview")
    page.get_by_role("button", name="Publish verdict").click()
    expect(page.get_by_role("status")).to_contain_text("Verdict published.")
    expect(_status(page)).to_contain_text("Published")
    expect(verdict).to_contain_text("published")
    screenshot(page, "editor_claim_published")

    reopen = page.get_by_role("region", name="Reopen", exact=True)
    reopen.get_by_label("Reason for reopening").fill(REOPEN_REASON)
    reopen.get_by_role("button", name="Reopen claim").click()

    expect(page.get_by_role("status")).to_contain_text("Claim reopened.")
    expect(_status(page)).to_contain_text("Reviewed")
    last_move = history.get_by_role("listitem").last
    expect(last_move).to_contain_text("Published → Reviewed by Edna")
    expect(last_move).to_contain_text(REOPEN_REASON)
    expect(verdict).to_contain_text("Earlier verdict, settled by Edna")
    expect(verdict).to_contain_text("the claim has been reopened")
    screenshot(page, "editor_claim_reopened")


def test_it_filters_the_claims_list_by_status_and_text(page, reviewed_claim, article):
    claim = reviewed_claim
    make_claim(article, "four Confucius Institutes", claimant="The minister")
    make_claim(article, "spans over a thousand kilometers", kind=Claim.Kind.QUANTITY)

    login(page, "edna")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims")
    count = page.locator("#results-count")
    results = page.get_by_role("table")
    expect(count).to_have_text("3 claims")
    screenshot(page, "editor_claims_list")

    expect(page.locator("details.filters")).to_have_attribute("open", "")  # open on a laptop
    filters = page.get_by_role("form", name="Filter claims")
    filters.get_by_label("Status").select_option(label="Reviewed")
    filters.get_by_role("button", name="Apply filters").click()
    expect(count).to_have_text("1 claim")
    expect(results.get_by_role("link", name=claim.statement)).to_be_visible()
    expect(results.get_by_role("link", name="four Confucius Institutes")).to_have_count(0)

    filters.get_by_role("link", name="Clear").click()
    expect(count).to_have_text("3 claims")
    search = page.get_by_role("search", name="Search claims").get_by_label("Search claims")
    search.fill("confucius")
    search.press("Enter")
    expect(count).to_have_text("1 claim")
    expect(results.get_by_role("link", name="four Confucius Institutes")).to_be_visible()
    screenshot(page, "editor_claims_filtered")


def test_it_follows_a_highlighted_claim_from_the_article_page(page, claim, article, editor):
    make_claim(article, "four Confucius Institutes", claimant="The minister")
    make_claim(article, "spans over a thousand kilometers", kind=Claim.Kind.QUANTITY)

    login(page, "edna")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Articles")
    expect(page.get_by_text("1 article", exact=True)).to_be_visible()
    screenshot(page, "editor_articles")
    page.get_by_role("table").get_by_role("link", name=article.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.get_by_role("region", name=re.compile(r"^Claims"))).to_contain_text("(3)")
    screenshot(page, "editor_article")
    text = page.get_by_role("region", name="Text", exact=True)
    expect(text.get_by_role("link")).to_have_count(3)
    text.get_by_role("link", name=claim.quote).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.statement)
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))
