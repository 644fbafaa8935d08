"""Real headless Chromium, driven through Playwright, against pytest-django's live server.

Every test here is marked `browser`. Chromium comes from Debian (`make browser`),
not from Playwright's own download, which cannot work on a closed network.
"""

import datetime
import importlib
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from claims.models import Article, Claim, Evidence, Outlet, Rating
from claims.models.reporting import Reporting
from factcheck.testing import archived_snapshot, make_claim, restore_role_groups

from .helpers import ARTIFACTS, NEWS_BODY

# Playwright's sync API runs an event loop in this thread; without this Django
# refuses the ORM calls the tests make between page actions.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# The background-networking flags keep Chromium from phoning home: on a closed
# network those connections are refused and slow every page down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # A conftest's hooks see every collected item, so mark only this package's.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"The browser tests need Chromium at {CHROMIUM}: run `apt-get install chromium`."
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _role_groups_and_policy_pages(transactional_db):
    # A transactional test ends by emptying every table: the groups and the flat pages
    # that data migrations write are written again, the pages by their migration's code.
    restore_role_groups()
    pages = importlib.import_module("publishing.migrations.0001_public_pages")
    pages.create_pages(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    if getattr(request.node, "browser_call_failed", False):
        failures = ARTIFACTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=failures / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def newsroom(reviewer, reviewer2, editor, settings, tmp_path):
    """A realistic article with a claim at every step of the workflow.

    `settled` has evidence (one page archived, one that could not be), two reviews
    that disagree by one step and a published verdict; `freight` and `containers`
    wait in Rita's queue; `budget` waits for a verdict, its source still being
    archived; `decade` is a draft.
    """
    settings.MEDIA_ROOT = tmp_path  # archived copies
    outlet = Outlet.objects.create(
        name="The Northern Ledger", homepage="https://ledger.example.org/"
    )
    article = Article.objects.create(
        title="Regional exports climb as new rail corridor opens",
        url="https://ledger.example.org/2025/03/exports-rail-corridor",
        outlet=outlet,
        author="Mara Ellison",
        published_on=datetime.date(2025, 3, 14),
        body=NEWS_BODY,
    )
    settled = make_claim(
        article,
        "the value of goods shipped abroad grew by 18 percent in 2024",
        statement="Exports from the northern provinces grew by 18% in 2024.",
        claimant="Regional statistics office",
        kind=Claim.Kind.QUANTITY,
        value=18,
        unit="percent",
        period="2024",
    )
    freight = make_claim(
        article,
        "the corridor had cut freight times to the coast by half",
        statement="The rail corridor halved freight times to the coast.",
        claimant="Helena Voss",
        kind=Claim.Kind.QUANTITY,
    )
    containers = make_claim(
        article,
        "more than 40,000 containers used it in its first nine months",
        claimant="Helena Voss",
        kind=Claim.Kind.QUANTITY,
        value=40000,
        unit="containers",
        period="first nine months",
    )
    budget = make_claim(
        article,
        "The corridor cost 2.3 billion euros, roughly a third more than its original budget",
        claimant="The Northern Ledger",
        kind=Claim.Kind.QUANTITY,
    )
    decade = make_claim(
        article,
        "the fastest rise in a decade",
        claimant="The Northern Ledger",
        kind=Claim.Kind.COMPARISON,
    )

    settled.assign([reviewer, reviewer2], by=editor)
    stats = settled.add_evidence(
        Evidence(
            url="https://stats.example.org/trade/2024-annual",
            title="Foreign trade of the northern provinces, 2024",
            publisher="Regional statistics office",
            stance=Evidence.Stance.SUPPORTS,
            source_type=Evidence.SourceType.PRIMARY,
            excerpt="Exports of goods: 14.2 billion euros (2023: 12.1 billion), +17.6%.",
        ),
        by=reviewer,
    )
    stats.confirm_primary(by=editor)
    archived_snapshot(stats, body=b"<html><p>Exports of goods: 14.2 billion euros</p></html>")
    prices = settled.add_evidence(
        Evidence(
            url="https://agri.example.org/prices/grain-2024",
            title="Grain export prices stayed high through 2024",
            publisher="Agricultural market observatory",
            stance=Evidence.Stance.CONTEXT,
            source_type=Evidence.SourceType.SECONDARY,
        ),
        by=reviewer2,
    )
    prices.latest_snapshot().fail("agri.example.org did not answer (read timed out)")
    settled.submit_review(
        reviewer=reviewer,
        rating=Rating.MOSTLY_TRUE,
        confidence=4,
        rationale="The annual trade release gives +17.6%, which rounds to 18%.",
        evidence=[stats],
        reporting=Reporting.FAITHFUL,  # the statistics office's words, as the article gives them
    )
    settled.submit_review(
        reviewer=reviewer2,
        rating=Rating.HALF_TRUE,
        confidence=3,
        rationale="The rise is real, but most of it is grain prices, not more goods shipped.",
        evidence=[stats, prices],
        reporting=Reporting.FAITHFUL,
    )
    settled.settle(
        editor=editor,
        rating=Rating.MOSTLY_TRUE,
        reporting=Reporting.FAITHFUL,
        summary="Exports rose 17.6% in value in 2024. The figure is right, but high grain "
        "prices explain much of the rise.",
    )
    settled.publish(editor=editor)

    freight.assign([reviewer, reviewer2], by=editor)
    containers.assign([reviewer], by=editor)
    budget.assign([reviewer2], by=editor)
    budget.add_evidence(
        Evidence(
            url="https://audit.example.org/reports/rail-corridor-2025",
            title="Audit of the northern rail corridor",
            publisher="Regional audit office",
            stance=Evidence.Stance.SUPPORTS,
            source_type=Evidence.SourceType.SECONDARY,
        ),
        by=reviewer2,
    )  # its snapshot stays queued: no worker runs here
    budget.submit_review(
        reviewer=reviewer2,
        rating=Rating.TRUE,
        confidence=5,
        rationale="The audit office's report gives 2.31 billion against a budget of 1.75 billion.",
    )
    return SimpleNamespace(
        article=article,
        settled=settled,
        freight=freight,
        containers=containers,
        budget=budget,
        decade=decade,
    )
