"""The pickers from the keyboard: type part of a title, choose it with the arrow keys and Enter,
apply, and see only that article's claims (claims list) or its scorecard (reports)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Article
from factcheck.testing import make_claim

from .helpers import login, screenshot


@pytest.fixture
def other_article(newsroom):
    """A second article with a claim, which the article filter must leave out."""
    article = Article.objects.create(
        title="Regional budget talks stall again",
        body="Talks on the regional budget stalled again on Monday.",
    )
    make_claim(article, "Talks on the regional budget stalled again")
    return article


def choose_with_keyboard(page, label, typed, expected_option):
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.press_sequentially(typed)
    listbox = page.get_by_role("listbox", name=label)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile(re.escape(expected_option)))
    expect(option).to_have_count(1)
    status = box.locator("xpath=..").get_by_role("status")
    expect(status).to_have_text(re.compile(r"^\d+ match(es)?; use the up and down arrow keys"))
    box.press("ArrowDown")
    # The first match is active, and the box says so to a screen reader.
    for _ in range(options_count := listbox.get_by_role("option").count()):
        active = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
        expect(active).to_have_attribute("aria-selected", "true")
        if active.get_attribute("data-label") == expected_option:
            break
        box.press("ArrowDown")
    else:
        pytest.fail(f"{expected_option!r} is not among the {options_count} options")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value(expected_option)
    expect(status).to_have_text(f"{expected_option} chosen.")
    return box


def test_an_article_is_picked_by_name_in_the_claims_list(page, newsroom, other_article):
    login(page, "rita")
    page.goto("/claims/")
    # "regional" is in both titles: the list offers both, the arrow keys choose.
    box = choose_with_keyboard(page, "Article", "regional", newsroom.article.title)
    screenshot(page, "claims_list_picker")
    with page.expect_navigation():
        box.press("Enter")  # the list is closed: Enter submits the filters

    assert f"article={newsroom.article.pk}" in page.url
    expect(page.get_by_role("combobox", name="Article")).to_have_value(newsroom.article.title)
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(newsroom.article.claims.worked_on().count())
    expect(page.get_by_role("main")).not_to_contain_text("Regional budget talks stall again")


def test_escape_closes_the_list_and_a_typed_name_still_filters(page, newsroom, other_article):
    login(page, "rita")
    page.goto("/claims/")
    box = page.get_by_role("combobox", name="Article")
    box.press_sequentially("budget talks")
    expect(page.get_by_role("listbox", name="Article")).to_be_visible()
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))
    page.get_by_role("button", name="Apply filters").click()

    # Not chosen from the list, the words were sent as typed and matched on the server.
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Talks on the regional budget")


def test_the_open_list_has_no_serious_axe_violations(page, newsroom, other_article):
    login(page, "edna")
    page.goto("/claims/")
    box = page.get_by_role("combobox", name="Article")
    box.press_sequentially("regional")
    expect(page.get_by_role("listbox", name="Article")).to_be_visible()
    box.press("ArrowDown")
    found = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not found


def test_a_report_takes_an_article_picked_by_name(page, newsroom, other_article):
    login(page, "edna")
    page.goto("/reports/scorecard/")
    choose_with_keyboard(page, "Article", "rail corridor", newsroom.article.title)
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(newsroom.article.title)
    assert f"article={newsroom.article.pk}" in page.url
    screenshot(page, "scorecard_picked")
