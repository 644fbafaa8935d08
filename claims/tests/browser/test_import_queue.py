"""An upload left to the job worker: the batch page follows it, by itself, to the end."""

from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article

from .helpers import login, screenshot

TEXT = (
    "Rail freight doubles\n"
    "Freight carried on the northern rail corridor doubled in 2024, the operator said.\n"
)
SECOND = (
    "Ports stay open\n"
    "The two border ports stayed open for 300 days in 2024, 40 more than the year before.\n"
)
PAGE = (
    b"<!doctype html><html><head><title>Grain prices stay high</title></head><body><article>"
    b"<h1>Grain prices stay high</h1><p>Grain export prices stayed 20% above their 2022 level "
    b"through 2024, the agricultural market observatory said on Monday.</p><p>Traders expect "
    b"prices to ease once the new harvest reaches the ports in the autumn.</p></article>"
    b"</body></html>"
)


def run_the_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def test_an_upload_is_followed_to_the_end_without_a_reload(page, newsroom, page_server):
    page_server.routes["/grain"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)
    login(page, "edna")
    page.goto("/intake/import/")
    page.get_by_label("Article files").set_input_files(
        [
            {"name": "rail.txt", "mimeType": "text/plain", "buffer": TEXT.encode()},
            {"name": "ports.txt", "mimeType": "text/plain", "buffer": SECOND.encode()},
        ]
    )
    page.get_by_role("textbox", name="Links").fill(page_server.url("/grain"))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name="Files and links (3)")).to_be_visible()
    rows = page.locator(".import-item")
    expect(rows).to_have_count(3)
    expect(rows.locator(".badge")).to_have_text(["Queued"] * 3)
    expect(page.get_by_text("Still working")).to_be_visible()
    screenshot(page, "import_batch_queued")
    page.evaluate("window.notReloaded = true")

    run_the_worker()

    expect(rows.locator(".badge")).to_have_text(["Imported"] * 3)
    expect(page.locator("#import-summary")).to_have_text(
        "3 imported, 0 already present, 0 refused, 0 failed."
    )
    expect(page.get_by_text("Still working")).to_have_count(0)
    expect(page.locator("#import-announce")).to_contain_text("3 imported")
    assert page.evaluate("window.notReloaded") is True  # updated in place
    grain = Article.objects.get(title="Grain prices stay high")
    assert grain.url == page_server.url("/grain")
    expect(page.get_by_role("link", name="Grain prices stay high")).to_have_attribute(
        "href", grain.get_absolute_url()
    )
    screenshot(page, "import_batch_done")
