"""The public side as a reader meets it: no login, a phone or a laptop, a screen reader."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from playwright.sync_api import expect

from .helpers import screenshot
from .test_keyboard_and_a11y import _blocking_violations

WIDTHS = [1280, 390]
PAGES = [
    ("public_index", lambda news: "/factchecks/"),
    ("public_factcheck", lambda news: f"/factchecks/{news.settled.pk}/"),
    ("public_methodology", lambda news: "/methodology/"),
]


@pytest.fixture(autouse=True)
def _policy_pages(transactional_db):
    # A transactional test ends by emptying every table: the flat pages that
    # publishing's migration 0001 writes are written again, by that migration's code.
    pages = importlib.import_module("publishing.migrations.0001_public_pages")
    pages.create_pages(apps, SimpleNamespace(connection=connection))


def _sideways_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_public_page_fits_and_passes_axe(page, newsroom, name, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path(newsroom))
    expect(page.get_by_role("main")).to_be_visible()
    screenshot(page, f"{name}_{width}")
    overflow = _sideways_overflow(page)
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    report = _blocking_violations(page)
    assert not report, f"axe-core found serious or critical violations on {name}:\n{report}"


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
