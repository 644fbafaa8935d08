"""The public side as a reader meets it: no login, a phone or a laptop, a screen reader."""

import re

from playwright.sync_api import expect

# The index, a fact-check and the policy pages are checked at 1280 and 390 px for sideways
# scrolling and axe-core violations with every other main page (test_keyboard_and_a11y.PAGES).


def test_a_reader_goes_from_the_index_to_a_fact_check_and_its_methodology(page, newsroom):
    page.goto("/factchecks/")
    statement = "Exports from the northern provinces grew by 18% in 2024."
    page.get_by_role("link", name=statement).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    quote = page.locator(".quote-in-paragraph mark")
    expect(quote).to_have_text("the value of goods shipped abroad grew by 18 percent in 2024")
    expect(page.locator(".quote-in-paragraph")).to_contain_text(
        "According to the regional statistics office,"
    )
    expect(
        page.get_by_role("link", name="Read the original article at The Northern Ledger")
    ).to_have_attribute("href", newsroom.article.url)
    page.get_by_role("link", name="how we check claims", exact=True).click()
    expect(page).to_have_url(re.compile(r"/methodology/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How we check claims")
    expect(page.get_by_text("The claim is not accurate.")).to_be_visible()


def test_a_reader_sees_no_workbench_and_unpublished_claims_are_not_found(page, newsroom):
    response = page.goto(f"/factchecks/{newsroom.budget.pk}/")
    assert response.status == 404
    page.goto("/factchecks/")
    expect(page.get_by_role("link", name="My queue")).to_have_count(0)
    expect(page.locator(".factcheck-entry")).to_have_count(1)
