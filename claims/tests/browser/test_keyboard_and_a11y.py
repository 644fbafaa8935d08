"""Every main page passes axe-core and works from the keyboard.

axe-core comes bundled with axe-playwright-python, so it runs offline. Only
violations of impact "serious" or "critical" fail a test; the lesser ones are
left to judgement.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from factcheck.testing import PASSWORD

from .helpers import login, screenshot

BLOCKING = {"serious", "critical"}

# (screenshot name, who looks, how to find the page in the newsroom fixture)
PAGES = [
    ("login", None, lambda news: "/login/"),
    ("queue", "rita", lambda news: "/"),
    ("queue_editor", "edna", lambda news: "/"),
    ("claims_list", "edna", lambda news: "/claims/"),
    ("claims_list_reviewer", "rita", lambda news: "/claims/"),
    ("claim_page_reviewer", "rita", lambda news: news.freight.get_absolute_url()),
    ("claim_page", "edna", lambda news: news.settled.get_absolute_url()),
    ("claim_page_to_settle", "edna", lambda news: news.budget.get_absolute_url()),
    ("similar_claims", "edna", lambda news: f"/claims/{news.settled.pk}/similar/"),
    ("claims_search", "rita", lambda news: "/claims/?q=border"),
    ("articles_list", "edna", lambda news: "/articles/"),
    ("article_page", "edna", lambda news: news.article.get_absolute_url()),
]


FIT_PAGES = [pytest.param(*spec, id=spec[0]) for spec in PAGES]


def _blocking_violations(page):
    results = Axe().run(page)
    found = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]\n"
        + "\n".join(
            f"    at {' '.join(node['target'])}: {node['html'][:160]}" for node in v["nodes"]
        )
        for v in found
    )


@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_axe_violations(page, newsroom, name, username, path):
    if username:
        login(page, username)
    page.goto(path(newsroom))
    expect(page.get_by_role("main")).to_be_visible()
    screenshot(page, name)
    # Folded forms count too: open every <details> so axe sees the fields inside.
    page.locator("details").evaluate_all("panels => panels.forEach(p => { p.open = true; })")

    report = _blocking_violations(page)
    assert not report, f"axe-core found serious or critical violations on {name}:\n{report}"


@pytest.mark.parametrize(("name", "username", "path"), FIT_PAGES)
def test_page_fits_the_window_without_scrolling_sideways(page, newsroom, name, username, path):
    if username:
        login(page, username)
    page.goto(path(newsroom))

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    widest = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(0, 3)
            .map(el => `${el.tagName.toLowerCase()}.${el.className} ends at
                ${Math.round(el.getBoundingClientRect().right)}px`)"""
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 1280px: {widest}"


@pytest.mark.parametrize(
    "path",
    [
        lambda news: "/",
        lambda news: "/claims/",
        lambda news: news.freight.get_absolute_url(),
        lambda news: "/articles/",
        lambda news: news.article.get_absolute_url(),
    ],
    ids=["queue", "claims_list", "claim_page", "articles_list", "article_page"],
)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, newsroom, path):
    login(page, "rita")
    page.goto(path(newsroom))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_login_form_works_from_the_keyboard_alone(page, reviewer):
    page.goto("/login/")
    username = page.get_by_label("Username")
    # Username may have autofocus; if not, it must be a few Tab presses away.
    for _press in range(5):
        if username.evaluate("field => field === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(username).to_be_focused()

    page.keyboard.type("rita")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My queue")
    expect(page.get_by_text("Rita", exact=True)).to_be_visible()
