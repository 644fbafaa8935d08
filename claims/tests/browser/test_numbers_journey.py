"""The seed claim "grew by 35% over the last two years" taken through its numbers in a real
browser: the structure proposed and confirmed, two source figures entered, the computed
change and the proposed rating shown, and the verdict published with its arithmetic."""

import datetime

from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, Claim, Rating
from factcheck.testing import add_primary_evidence

from .helpers import login, screenshot

SEED_CLAIM = 32


def _seed_claim(editor, reviewer, reviewer2):
    call_command("loaddata", "articles", verbosity=0)
    claim = Claim.objects.get(pk=SEED_CLAIM)
    # The example: the article appeared in May 2023 (the seed file gives no date).
    Article.objects.filter(pk=claim.article_id).update(published_on=datetime.date(2023, 5, 18))
    claim.assign([reviewer, reviewer2], by=editor)
    add_primary_evidence(
        claim,
        editor,
        url="https://english.customs.gov.cn/",
        title="China customs: trade with Central Asia",
    )
    return claim


def test_the_seed_claim_is_checked_with_its_numbers_and_published_with_its_arithmetic(
    page, editor, reviewer, reviewer2
):
    claim = _seed_claim(editor, reviewer, reviewer2)

    login(page, "rita")
    page.goto(claim.get_absolute_url())
    numbers = page.get_by_role("region", name="Numbers")
    expect(numbers).to_contain_text("“the last two years” in an article of May 2023")
    expect(numbers).to_contain_text("reads as 2021 to 2023")
    form = numbers.locator("#measure-form")
    expect(form.get_by_label("Base period")).to_have_value("2021")
    expect(form.get_by_label("Comparison period")).to_have_value("2023")
    expect(form.get_by_label("Claimed value")).to_have_value("35")
    expect(form.get_by_role("radio", name="A change between two periods")).to_be_checked()
    expect(form.get_by_role("radio", name="Increase")).to_be_checked()
    form.get_by_label("What is measured").fill("Trade turnover, China and Central Asia")
    screenshot(page, "numbers_structure_proposed")
    form.get_by_role("button", name="Confirm the structure").click()
    expect(page.get_by_role("status")).to_contain_text("The claim's structure is confirmed.")
    expect(numbers).to_contain_text("+35% (2021\u20132023)")

    for period, value in (("2021", "44.6"), ("2023", "57.9")):
        numbers.get_by_text("Add a figure").click()
        figure = numbers.locator("#figure-form")
        figure.get_by_label("Series").fill("China customs")
        figure.get_by_label("Period").fill(period)
        figure.get_by_label("Value").fill(value)
        figure.get_by_label("Unit").fill("billion USD")
        figure.get_by_role("button", name="Add figure").click()
        expect(page.get_by_role("status")).to_contain_text("Figure added.")

    expect(numbers.get_by_role("region", name="Figures of China customs")).to_contain_text(
        "57.9 billion USD"
    )
    expect(numbers).to_contain_text("China customs gives +29.8% from 2021 to 2023")
    expect(numbers).to_contain_text("Gap: -5.2 pp, 14.8% of the claimed value")
    expect(numbers.locator(".proposal")).to_contain_text("Mostly true")
    screenshot(page, "numbers_computed")

    # The reviewer rates blind, beside the proposal; the other review goes through the model.
    review = page.locator("#review-form")
    review.get_by_role("group", name="Rating").get_by_role("radio", name="Mostly true").check()
    review.get_by_role("group", name="Confidence").get_by_role(
        "radio", name="4", exact=True
    ).check()
    review.get_by_label("Rationale").fill("China customs gives +29.8%, not 35%.")
    review.get_by_role("button", name="Submit review").click()
    expect(page.get_by_role("status")).to_contain_text("Your review is saved.")
    Claim.objects.get(pk=claim.pk).submit_review(
        reviewer=reviewer2, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Close."
    )

    page.context.clear_cookies()
    login(page, "edna")
    page.goto(claim.get_absolute_url())
    numbers = page.get_by_role("region", name="Numbers")
    expect(numbers.locator(".proposal")).to_contain_text("Mostly true")
    numbers.get_by_text("The series the verdict uses").click()
    choice = numbers.locator("#series-form")
    choice.get_by_label("Series the verdict uses").select_option("China customs")
    choice.get_by_label("Why that series").fill("The exporter's own count.")
    choice.get_by_role("button", name="Record the choice").click()
    expect(page.get_by_role("status")).to_contain_text("The verdict's series is recorded.")

    settle = page.get_by_role("region", name="Settle the verdict")
    settle.get_by_role("group", name="Verdict").get_by_role("radio", name="Mostly true").check()
    settle.get_by_label("Summary").fill("Trade grew by about 30% from 2021 to 2023, not 35%.")
    settle.get_by_role("button", name="Settle verdict").click()
    expect(page.get_by_role("status")).to_contain_text("Verdict settled.")
    page.get_by_role("region", name="Publish").get_by_role(
        "link", name="Preview and publish"
    ).click()
    page.get_by_role("button", name="Publish verdict").click()
    expect(page.get_by_role("status")).to_contain_text("Verdict published.")

    page.context.clear_cookies()
    page.goto(f"/factchecks/{claim.pk}/")
    arithmetic = page.get_by_role("region", name="The numbers")
    expect(arithmetic).to_contain_text("Claimed: +35% (2021\u20132023).")
    expect(arithmetic).to_contain_text(
        "China customs: 2021 44.6 billion USD, 2023 57.9 billion USD, +29.8%."
    )
    expect(
        arithmetic.get_by_role("link", name="China customs: trade with Central Asia")
    ).to_have_attribute("href", "https://english.customs.gov.cn/")
    expect(arithmetic).to_contain_text("The verdict rests on China customs")
    screenshot(page, "numbers_public")
