"""An editor's bulk action in a real browser: tick claims, choose, confirm, read the outcome;
and a saved view made from the list, opened from the queue."""

from playwright.sync_api import expect

from claims.models import Claim, Rating

from .helpers import login, screenshot


def test_an_editor_settles_two_claims_at_once_and_is_told_which_one_was_refused(page, newsroom):
    budget, published = newsroom.budget, newsroom.settled  # the newsroom published it
    login(page, "edna")
    page.goto("/claims/")

    page.get_by_role("checkbox", name=f"Select claim {budget.pk}", exact=True).check()
    page.get_by_role("checkbox", name=f"Select claim {published.pk}", exact=True).check()
    page.get_by_label("Action").select_option(label="Settle with one verdict")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Settle with one verdict: 2 claims")
    page.get_by_role("radio", name="Mostly false").check()
    page.get_by_label("Summary").fill("The audit office's report gives a different figure.")
    screenshot(page, "bulk_settle")
    page.get_by_role("button", name="Settle with one verdict: 2 claims").click()

    messages = page.locator(".messages")
    expect(messages).to_contain_text(f"Verdict settled on 1 claim: #{budget.pk}.")
    expect(messages).to_contain_text(
        f"Refused 1 claim: #{published.pk} (Only a reviewed claim can be settled; "
        "this one is published)."
    )
    budget.refresh_from_db()
    assert budget.status == Claim.Status.SETTLED
    assert budget.verdict.rating == Rating.MOSTLY_FALSE


def test_the_header_box_ticks_every_claim_on_the_page(page, newsroom):
    login(page, "edna")
    page.goto("/claims/")
    boxes = page.locator('input[name="claims"]')

    page.get_by_role("checkbox", name="Select every claim on this page").check()
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_checked()
    page.get_by_role("checkbox", name="Select every claim on this page").uncheck()
    for i in range(boxes.count()):
        expect(boxes.nth(i)).not_to_be_checked()


def test_a_view_saved_in_the_list_is_opened_from_the_queue(page, newsroom):
    login(page, "edna")
    page.goto("/claims/?status=reviewed")
    page.get_by_text("Save this view").click()
    page.get_by_label("Name").fill("Waiting for me")
    page.get_by_label("Share with the desk").check()
    page.get_by_role("button", name="Save view").click()
    expect(page.locator(".messages")).to_contain_text("Saved the view “Waiting for me”.")

    page.goto("/")
    page.get_by_role("navigation", name="Saved views").get_by_role(
        "link", name="Waiting for me"
    ).click()
    page.wait_for_url("**/claims/?status=reviewed")
    assert page.url.endswith("/claims/?status=reviewed")
    expect(page.get_by_role("link", name="Waiting for me")).to_have_attribute(
        "aria-current", "page"
    )
