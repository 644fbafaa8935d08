"""Searching the claims in a real browser: the header's box, "did you mean" and the filter chips.

Locators go by role and accessible name, so the test also proves the search
and the chips are labelled for a screen reader.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import expect

from .helpers import login, screenshot

NARROW = {"width": 390, "height": 844}


def _results(page):
    return page.get_by_role("table").get_by_role("row")


def test_it_searches_from_the_header_corrects_a_misspelling_and_drops_a_filter(page, newsroom):
    login(page, "edna")
    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_role("searchbox", name="Search claims").fill("corridor freight")
    header_search.get_by_role("searchbox", name="Search claims").press("Enter")

    expect(page).to_have_url(re.compile(r"/claims/\?q=corridor\+freight$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims")
    box = page.get_by_role("main").get_by_role("searchbox", name="Search claims")
    expect(box).to_have_value("corridor freight")
    expect(page.get_by_role("link", name=newsroom.freight.statement)).to_be_visible()
    expect(_results(page)).to_have_count(2)  # the header row and the one claim

    # Word forms: "halving" finds "halved".
    box.fill("halving")
    box.press("Enter")
    expect(page.get_by_role("link", name=newsroom.freight.statement)).to_be_visible()

    # A misspelling finds nothing and offers the corrected search, which runs.
    box.fill("corrridor")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    if connection.vendor == "postgresql":  # claims with words like it, and the correction
        expect(page.get_by_text("below are claims with words like them")).to_be_visible()
    else:
        expect(page.get_by_role("cell", name="No claims match these filters.")).to_be_visible()
    screenshot(page, "claims_search_did_you_mean")
    page.get_by_role("link", name="corridor", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=corridor"))
    expect(page.get_by_text("Did you mean")).to_have_count(0)
    expect(page.get_by_role("link", name=newsroom.freight.statement)).to_be_visible()
    expect(page.get_by_role("link", name=newsroom.budget.statement)).to_be_visible()

    # A filter from the panel (open on a laptop) shows as a chip above the results;
    # removing it keeps the search.
    filters = page.locator("details.filters")
    expect(filters).to_have_attribute("open", "")
    filters.get_by_label("Status").select_option(label="Reviewed")
    filters.get_by_role("button", name="Apply filters").click()
    chip = page.get_by_role("link", name="Remove filter: Status Reviewed")
    expect(chip).to_be_visible()
    expect(page.get_by_role("link", name=newsroom.budget.statement)).to_be_visible()
    expect(page.get_by_role("link", name=newsroom.freight.statement)).to_have_count(0)
    expect(box).to_have_value("corridor")
    screenshot(page, "claims_search_chips")
    chip.click()
    expect(page.get_by_role("link", name=re.compile("^Remove filter"))).to_have_count(0)
    expect(box).to_have_value("corridor")
    expect(page.get_by_role("link", name=newsroom.freight.statement)).to_be_visible()

    page.locator("details").evaluate_all("panels => panels.forEach(p => { p.open = true; })")
    violations = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []


def test_on_a_phone_the_search_fits_and_the_filters_fold_away(page, newsroom):
    page.set_viewport_size(NARROW)
    login(page, "rita")
    page.goto("/claims/?q=corridor&kind=quantity")

    expect(page.locator("details.filters")).not_to_have_attribute("open", "")
    expect(page.get_by_role("link", name="Remove filter: Kind Quantity")).to_be_visible()
    header_box = page.get_by_role("search", name="Site search").get_by_role("searchbox")
    expect(header_box).to_be_visible()
    box = header_box.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= NARROW["width"]
    header_overflow = page.evaluate(
        "document.querySelector('.site-header').scrollWidth - document.documentElement.clientWidth"
    )
    assert header_overflow <= 0
    search = page.get_by_role("search", name="Search claims").bounding_box()
    assert search["x"] + search["width"] <= NARROW["width"]
    screenshot(page, "claims_search_phone")
