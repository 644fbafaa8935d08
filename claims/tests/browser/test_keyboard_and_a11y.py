"""Every main page passes axe-core, fits the window and works from the keyboard.

axe-core comes bundled with axe-playwright-python, so it runs offline. Only
violations of impact "serious" or "critical" fail a test; the lesser ones are
left to judgement. Both checks run at a laptop's width and at a phone's.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from factcheck.testing import PASSWORD
from reports.queries import DIMENSIONS

from .helpers import login, screenshot

BLOCKING = {"serious", "critical"}

# A laptop and a phone (an iPhone 12 to 15 is 390 CSS pixels wide).
WIDTHS = [1280, 390]

# (screenshot name, who looks, how to find the page in the newsroom fixture).
# Every main page belongs here: a new page is added to this list, and is then
# checked at both widths for axe-core violations and for sideways scrolling.
PAGES = [
    ("login", None, lambda news: "/login/"),
    ("queue", "rita", lambda news: "/"),
    ("queue_editor", "edna", lambda news: "/"),
    ("claims_list", "edna", lambda news: "/claims/"),
    ("claims_list_reviewer", "rita", lambda news: "/claims/"),
    (
        "bulk_settle",
        "edna",
        lambda news: f"/claims/bulk/?action=settle&scope=selected&claims={news.budget.pk}",
    ),
    ("bulk_all", "edna", lambda news: "/claims/bulk/?action=assign&scope=all&filter="),
    ("saved_views", "edna", lambda news: _saved_views()),
    ("claim_page_reviewer", "rita", lambda news: news.freight.get_absolute_url()),
    ("claim_page", "edna", lambda news: news.settled.get_absolute_url()),
    ("claim_page_to_settle", "edna", lambda news: news.budget.get_absolute_url()),
    ("claim_page_numbers", "edna", lambda news: _claim_with_numbers(news)),
    ("similar_claims", "edna", lambda news: f"/claims/{news.settled.pk}/similar/"),
    ("claims_search", "rita", lambda news: "/claims/?q=border"),
    ("articles_list", "edna", lambda news: "/articles/"),
    ("article_page", "edna", lambda news: news.article.get_absolute_url()),
    ("reports_overview", "edna", lambda news: "/reports/"),
    ("reports_agreement", "edna", lambda news: "/reports/agreement/"),
    ("reports_scorecard", "edna", lambda news: f"/reports/scorecard/?article={news.article.pk}"),
    *[
        (f"reports_by_{name}", "edna", lambda news, name=name: f"/reports/by/{name}/")
        for name in DIMENSIONS
    ],
    ("claims_search_misspelt", "edna", lambda news: "/claims/?q=bordr&status=in_review"),
    ("claim_edit", "edna", lambda news: f"/claims/{news.decade.pk}/edit/"),
    ("claimant_page", "edna", lambda news: f"/claimants/{news.settled.claimant_id}/"),
    ("import", "edna", lambda news: "/intake/import/"),
    ("import_batch", "edna", lambda news: _import_batch(news)),
    ("public_factcheck", None, lambda news: f"/factchecks/{news.settled.pk}/"),
    ("public_index", None, lambda news: "/factchecks/"),
    ("methodology", None, lambda news: "/methodology/"),
    ("corrections_policy", None, lambda news: "/corrections/"),
    ("inbox", "rita", lambda news: "/inbox/"),
    ("notification_settings", "rita", lambda news: "/inbox/settings/"),
    ("api_tokens", "edna", lambda news: "/account/tokens/"),
    ("factchecks_elsewhere", "edna", lambda news: "/external/"),
    ("webhooks", "edna", lambda news: "/account/webhooks/"),
    ("webhook", "edna", lambda news: f"/account/webhooks/{_webhook_with_deliveries()}/"),
    ("claim_page_notes", "edna", lambda news: _thread_of_notes(news).claim.get_absolute_url()),
    ("note_edit", "edna", lambda news: _thread_of_notes(news).edit_url),
    ("tag_list", "edna", lambda news: _tagged(news) and "/tags/"),
    ("tag_page", "edna", lambda news: f"/tags/{_tagged(news)}/"),
    ("claims_list_by_tag", "edna", lambda news: f"/claims/?tag={_tagged(news)}"),
]
# The API's documentation page (/api/v1/docs/) is Swagger UI's, not ours: its colours are
# mended in static/css/api_docs.css, but its operation rows nest a button in a button
# (axe's nested-interactive), which only Swagger UI can change; it is checked for fit only.
FIT_ONLY = [("api_docs", None, lambda news: "/api/v1/docs/")]


def _saved_views():
    """The saved views page with a view of edna's, shared, and one a colleague shares."""
    from django.contrib.auth.models import User

    from claims.models import SavedView

    edna, rita = User.objects.get(username="edna"), User.objects.get(username="rita")
    SavedView.objects.create(owner=edna, name="To settle", query="status=reviewed", shared=True)
    SavedView.objects.create(owner=rita, name="Trade", query="q=trade", shared=True)
    return "/claims/views/"


def _import_batch(news):
    """An upload's page with an item in each state, one still waiting (so it polls)."""
    from django.apps import apps
    from django.contrib.auth.models import User

    batch = apps.get_model("intake", "ImportBatch").objects.create(
        created_by=User.objects.get(username="edna"), outlet="The Northern Ledger"
    )
    long_link = "https://ledger.example.org/2025/03/" + "a-very-long-address-" * 6
    for fields in (
        {
            "name": "exports.html",
            "kind": "file",
            "status": "imported",
            "article": news.article,
            "candidate_count": 4,
            "notes": "1 sentence is over 1000 characters, too long to be "
            "one claim, and was not proposed",
        },
        {"name": "exports-again.txt", "kind": "file", "status": "present", "article": news.article},
        {
            "name": long_link,
            "kind": "link",
            "url": long_link,
            "status": "refused",
            "reason": "the page answered 404 Not Found",
        },
        {
            "name": "https://ledger.example.org/rail",
            "kind": "link",
            "url": "https://ledger.example.org/rail",
            "status": "queued",
        },
    ):
        batch.items.create(**fields)
    return batch.get_absolute_url()


def _thread_of_notes(news):
    """Notes on the claim waiting for a verdict: an anchored one with a mention, edited, and a
    resolved one; the first, Edna's, with the address of its edit page as `edit_url`."""
    from django.contrib.auth.models import User
    from django.urls import reverse

    from claims.models import Note

    edna, rita = User.objects.get(username="edna"), User.objects.get(username="rita")
    claim = news.budget
    note, _ = Note.post(
        claim=claim,
        author=edna,
        body="@rita the ministry's 2019 list gives a different total; can you check it?",
        anchor_on=Note.Anchor.QUOTE,
        anchor_start=0,
        anchor_end=min(24, len(claim.quote)),
    )
    note.edit(by=edna, body=note.body + " Its page 4 has the table.")
    done, _ = Note.post(claim=claim, author=rita, body="Called the press office; no reply yet.")
    done.resolve(by=edna)
    note.edit_url = reverse("claims:edit_note", args=[claim.pk, note.pk])
    return note


def _tagged(news):
    """The newsroom's claims tagged by Edna; the number of the tag "Trade and customs"."""
    from django.contrib.auth.models import User

    edna = User.objects.get(username="edna")
    for claim in (news.settled, news.freight, news.budget):
        if not claim.tags.exists():
            claim.add_tags(["Trade and customs", "economy"], by=edna)
    return claim.tags.get(name="Trade and customs").pk


def _claim_with_numbers(news):
    """The budget claim with its numbers: two series, one of them in another currency."""
    from claims.models import Measure

    claim = news.budget
    measure = Measure.objects.create(
        claim=claim,
        measured="Cost of the rail corridor against its budget",
        kind="level",
        value=2.3,
        unit="billion EUR",
        comparison_period="2025",
    )
    source = claim.evidence.first()
    measure.figures.create(
        evidence=source, series="Audit office", period="2025", value=2.31, unit="billion EUR"
    )
    measure.figures.create(
        evidence=source, series="Ministry (in dollars)", period="2025", value=2.5, unit="bn USD"
    )
    return claim.get_absolute_url()


def _webhook_with_deliveries():
    """A webhook of Edna's, with a delivery that got through on its second attempt."""
    from django.contrib.auth.models import User

    from api.models import Delivery, DeliveryAttempt, Webhook

    hook = Webhook.objects.create(
        owner=User.objects.get(username="edna"),
        url="https://cms.newsroom.example/hooks/factcheck-verdicts-and-corrections",
        secret="a-shared-secret-of-length",
        events=["claim.published", "article.imported"],
    )
    delivery = Delivery.objects.create(webhook=hook, event="claim.published", body="{}")
    DeliveryAttempt.objects.create(delivery=delivery, status_code=503, milliseconds=120)
    DeliveryAttempt.objects.create(delivery=delivery, status_code=200, milliseconds=85)
    return hook.pk


def _at_each_width(pages):
    return [
        pytest.param(*spec, width, id=f"{spec[0]}-{width}") for spec in pages for width in WIDTHS
    ]


AXE_PAGES = _at_each_width(PAGES)
FIT_PAGES = _at_each_width(PAGES + FIT_ONLY)
# The pages that draw bar charts: their text is checked too.
CHART_PAGES = {"reports_overview", "reports_agreement", *(f"reports_by_{n}" for n in DIMENSIONS)}


def _open(page, username, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    if username:
        login(page, username)
    response = page.goto(path)
    assert response.status == 200, (path, response.status)


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


@pytest.mark.parametrize(("name", "username", "path", "width"), AXE_PAGES)
def test_page_has_no_serious_axe_violations(page, newsroom, name, username, path, width):
    _open(page, username, path(newsroom), width)
    expect(page.get_by_role("main")).to_be_visible()
    screenshot(page, name if width == WIDTHS[0] else f"{name}_{width}")
    # Folded forms count too: open every <details> so axe sees the fields inside.
    page.locator("details").evaluate_all("panels => panels.forEach(p => { p.open = true; })")

    report = _blocking_violations(page)
    assert not report, f"axe-core found serious or critical violations on {name}:\n{report}"


# What sticks out past the right edge, leaving out what is inside a box that scrolls on its own.
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('[role=region]'))
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
    .slice(0, 3)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} ends at
        ${Math.round(el.getBoundingClientRect().right)}px`)"""

# Boxes that scroll sideways but that no key can reach or no screen reader can name.
UNREACHABLE = """() => [...document.querySelectorAll('main *')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
    .filter(el => !(el.getAttribute('role') === 'region' && el.tabIndex === 0
                    && el.getAttribute('aria-label')))
    .map(el => `${el.tagName.toLowerCase()}.${el.className}`)"""

# Each chart text's size as drawn, and whether it lies inside its chart.
CHART_TEXT = """() => [...document.querySelectorAll('svg.bar-chart text')].map(t => {
    const svg = t.ownerSVGElement.getBoundingClientRect();
    const box = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    return {text: t.textContent, size,
            inside: box.left >= svg.left - 2 && box.right <= svg.right + 2};
})"""


@pytest.mark.parametrize(("name", "username", "path", "width"), FIT_PAGES)
def test_page_fits_the_window_without_scrolling_sideways(
    page, newsroom, name, username, path, width
):
    _open(page, username, path(newsroom), width)

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    widest = page.evaluate(STICKING_OUT)
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px: {widest}"
    assert not widest, f"{name} has content past the right edge at {width}px: {widest}"
    unreachable = page.evaluate(UNREACHABLE)
    assert not unreachable, f"{name} at {width}px: boxes that scroll, unnamed or unreachable"

    # Charts: every label and value legible (12px or more as drawn) and never cut off.
    texts = page.evaluate(CHART_TEXT)
    small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < 12]
    assert not small, f"{name} at {width}px: chart text under 12px: {small}"
    cut = [t["text"] for t in texts if not t["inside"]]
    assert not cut, f"{name} at {width}px: chart labels cut off: {cut}"
    if name in CHART_PAGES:
        assert texts, f"{name} draws no chart"


def test_the_nav_keeps_each_item_on_one_line_on_a_phone(page, newsroom):
    _open(page, "edna", "/", 390)

    heights = page.locator(".nav a").evaluate_all(
        "links => links.map(a => [a.textContent, a.getClientRects().length])"
    )
    assert heights
    assert all(lines == 1 for _text, lines in heights), heights
    item = page.get_by_role("link", name="My queue")
    box = item.bounding_box()
    assert box["height"] < 40, f"'My queue' wraps: {box}"


def test_the_header_fits_the_narrowest_phone(page, newsroom):
    # 320 pixels (an iPhone SE): the header's search box and its button wrap onto a line
    # of their own, which must be no wider than the window.
    _open(page, "edna", "/", 320)

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    widest = page.evaluate(STICKING_OUT)
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px: {widest}"
    assert not widest, f"content past the right edge at 320px: {widest}"


# How many lines each header link's text takes: its text's boxes, top to bottom, one line
# more each time a box starts below the line before ("1 unread" sits beside "Inbox").
HEADER_LINK_LINES = """() => [...document.querySelectorAll('.site-header a, .site-header button')]
    .filter(el => el.getClientRects().length)
    .map(el => {
        const text = document.createRange();
        text.selectNodeContents(el);
        let lines = 0, bottom = -Infinity;
        for (const r of [...text.getClientRects()].sort((a, b) => a.top - b.top)) {
            if (r.top >= bottom - 1) lines += 1;
            bottom = Math.max(bottom, r.bottom);
        }
        return [el.textContent.trim(), lines];
    })"""


def test_no_header_link_breaks_inside_itself_on_the_narrowest_phone(page, newsroom):
    # The links wrap as whole items: "API tokens", never "API / tokens". With a full name,
    # as people have, the name, the role, "API tokens" and "Log out" do not fit one line.
    from django.contrib.auth.models import User

    User.objects.filter(username="edna").update(last_name="Editor")
    _open(page, "edna", "/claims/", 320)

    lines = page.evaluate(HEADER_LINK_LINES)
    assert {"API tokens", "Log out"} <= {text for text, _lines in lines}, lines
    broken = [text for text, count in lines if count > 1]
    assert not broken, f"header links on more than one line at 320px: {broken}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px"


# Each report table's scroll box: whether it scrolls, and what a keyboard and a screen
# reader get from it (its role, whether Tab stops on it, the name it is announced by).
REPORT_TABLE_BOXES = """() => [...document.querySelectorAll('.report-body table')].map(table => {
    const box = table.parentElement;
    const named = (box.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
        .map(id => document.getElementById(id)?.textContent.trim() || '').join(' ');
    return {caption: table.caption?.textContent.trim(), role: box.getAttribute('role'),
            tabindex: box.getAttribute('tabindex'), name: box.getAttribute('aria-label') || named,
            scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),
            overflows: box.scrollWidth > box.clientWidth + 1};
})"""

REPORT_PAGES = [spec for spec in PAGES if spec[0].startswith("reports_")]


@pytest.mark.parametrize(
    ("name", "username", "path"), REPORT_PAGES, ids=[p[0] for p in REPORT_PAGES]
)
def test_every_report_table_scrolls_in_a_named_box_tab_reaches_on_the_narrowest_phone(
    page, newsroom, name, username, path
):
    # Every one, not only those that overflow with these rows: longer names, another
    # language or a larger font make any of them scroll.
    _open(page, username, path(newsroom), 320)

    boxes = page.evaluate(REPORT_TABLE_BOXES)
    assert boxes, f"{name} has no table"
    if name == "reports_agreement":
        assert any(box["overflows"] for box in boxes), "nothing scrolls at 320px: nothing to check"
    for box in boxes:
        assert box["scrolls"], f"{name}: a table outside a scroll box: {box}"
        assert box["role"] == "region", f"{name}: a scroll box without a role: {box}"
        assert box["tabindex"] == "0", f"{name}: a scroll box Tab does not reach: {box}"
        assert box["name"], f"{name}: a scroll box without a name: {box}"


# Where a report table's caption, first row name and scroll box are, left and right.
REPORT_TABLE = """box => {
    const where = el => {
        const r = el.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.right)];
    };
    return {box: where(box), caption: where(box.querySelector('caption')),
            name: where(box.querySelector('tbody th')), scrolls: box.scrollWidth > box.clientWidth};
}"""


def test_a_breakdown_keeps_its_caption_and_row_names_in_view_as_it_scrolls(page, newsroom):
    _open(page, "edna", "/reports/by/article/", 390)
    table = page.get_by_role("region", name="Table of claims and verdicts per rating")
    before = table.evaluate(REPORT_TABLE)
    assert before["scrolls"], "the table fits at 390px: nothing to check"
    left, right = before["box"]
    # The caption wraps inside the box, not along the whole table.
    assert left <= before["caption"][0] < before["caption"][1] <= right + 1, before

    table.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    after = table.evaluate(REPORT_TABLE)
    assert after["caption"] == before["caption"], after
    assert after["name"][0] == before["name"][0] <= left + 1, after  # inside the box's border


def test_a_table_beside_a_chart_takes_the_rest_of_the_row(page, newsroom):
    _open(page, "edna", "/reports/agreement/", 1280)
    table = page.get_by_role("region", name="Table of reviewers")
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth"), "it scrolls at 1280px"
    chart = page.locator("svg[aria-labelledby^=reviewer-chart]").bounding_box()
    box = table.bounding_box()
    assert box["x"] > chart["x"] + chart["width"], "the table is not beside the chart"
    card = page.locator("section[aria-labelledby=reviewers-heading]").bounding_box()
    assert card["x"] + card["width"] - (box["x"] + box["width"]) < 30, (card, box)


def test_claims_list_filters_fold_away_on_a_phone_and_stay_open_on_a_laptop(page, newsroom):
    _open(page, "edna", "/claims/", 390)
    status = page.get_by_label("Status")
    expect(status).to_be_hidden()
    first_claim = page.locator("table.claims-table tbody tr").first
    assert first_claim.bounding_box()["y"] < 900, "the first claim is below the first screen"
    page.get_by_text("Filters", exact=True).click()
    expect(status).to_be_visible()

    _open(page, None, "/claims/", 1280)
    expect(page.get_by_label("Status")).to_be_visible()
    expect(page.locator("details.filters")).to_have_attribute("open", "")


def test_report_filters_fold_away_on_a_phone_and_stay_open_on_a_laptop(page, newsroom):
    _open(page, "edna", "/reports/", 390)
    panel = page.locator("form.filters details")
    start = page.get_by_label("Claims created from")
    expect(start).to_be_hidden()
    panel.get_by_text("Filter", exact=True).click()
    expect(start).to_be_visible()

    _open(page, None, "/reports/", 1280)
    expect(panel).to_have_attribute("open", "")  # the summary says so to a screen reader
    expect(page.get_by_label("Claims created from")).to_be_visible()


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
