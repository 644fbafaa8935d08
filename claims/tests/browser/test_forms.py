"""Forms in a real browser: required fields are required, errors are summed up at the top
and linked to their fields, and a reload after a failed form shows it again, never a 405."""

from playwright.sync_api import expect

from claims.models import Evidence

from .helpers import login, screenshot


def _open_evidence_form(page, claim):
    page.goto(claim.get_absolute_url())
    page.get_by_text("Add evidence", exact=True).first.click()
    return page.locator("#evidence-form")


def test_the_evidence_form_checks_nothing_in_advance_and_the_browser_requires_a_choice(
    page, newsroom
):
    login(page, "rita")
    form = _open_evidence_form(page, newsroom.freight)

    for group in ("stance", "source_type"):
        radios = form.locator(f"input[name={group}]")
        assert radios.count() >= 2
        assert form.locator(f"input[name={group}]:checked").count() == 0
        assert form.locator(f"input[name={group}][value='']").count() == 0
    url = page.url
    form.get_by_role("button", name="Add evidence").click()
    # The browser's own check stops an empty form: nothing is sent.
    assert page.url == url
    assert not form.evaluate("f => f.checkValidity()")
    assert not Evidence.objects.filter(claim=newsroom.freight).exists()


def test_a_failed_evidence_form_sums_up_its_errors_links_them_and_survives_a_reload(page, newsroom):
    login(page, "rita")
    form = _open_evidence_form(page, newsroom.freight)

    # Sent empty (past the browser's check, as an old browser would): every error is listed.
    form.evaluate("f => { f.noValidate = true; }")
    form.get_by_role("button", name="Add evidence").click()
    summary = page.get_by_role("alert").filter(has_text="Please correct")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    for field in ("Title", "Stance", "Source type"):
        expect(summary.get_by_role("link", name=f"{field}:")).to_be_visible()

    # A link that is not a web address: the summary names it and leads to the field.
    form = page.locator("#evidence-form")
    form.get_by_label("URL").fill("ftp://files.example.org/freight.csv")
    form.get_by_label("Title").fill("Freight times")
    form.get_by_label("Supports").check()
    form.get_by_label("Primary").check()
    form.evaluate("f => { f.noValidate = true; }")
    form.get_by_role("button", name="Add evidence").click()
    assert page.url.endswith(f"{newsroom.freight.get_absolute_url()}?failed=evidence")
    summary = page.get_by_role("alert").filter(has_text="Please correct")
    expect(summary).to_be_focused()
    screenshot(page, "evidence_form_errors")
    link = summary.get_by_role("link", name="URL: Enter a web address")
    link.click()
    expect(page.locator("#id_url")).to_be_focused()
    expect(page.locator("#id_url")).to_have_value("ftp://files.example.org/freight.csv")

    response = page.reload()
    assert response.status == 200
    expect(page.get_by_role("alert").filter(has_text="Please correct")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Freight times")
    assert not Evidence.objects.filter(claim=newsroom.freight).exists()

    # And the form's own address, opened by hand, leads back to the claim.
    response = page.goto(f"{newsroom.freight.get_absolute_url()}evidence/")
    assert response.status == 200
    assert page.url.endswith(newsroom.freight.get_absolute_url())
