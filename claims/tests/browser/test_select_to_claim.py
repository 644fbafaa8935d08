"""An editor makes claims from an article's words: selected with the mouse, or typed in."""

from playwright.sync_api import expect

from claims.models import Claim
from factcheck.testing import ARTICLE_BODY

from .helpers import login, screenshot

BUTTON = "Make a claim from the selection"


def _open_article(page, article):
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "400" not in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    login(page, "edna")
    page.goto(article.get_absolute_url())
    return problems


def _drag_over(page, words):
    """Press the mouse before the first letter of `words` in the text, release after the last."""
    box = page.evaluate(
        """(words) => {
          const seg = [...document.querySelectorAll('#article-text [data-start]')]
            .find((s) => s.textContent.includes(words));
          const node = seg.firstChild, at = node.data.indexOf(words);
          const range = document.createRange();
          range.setStart(node, at); range.setEnd(node, at + 1);
          const first = range.getBoundingClientRect();
          range.setStart(node, at + words.length - 1); range.setEnd(node, at + words.length);
          const last = range.getBoundingClientRect();
          return {x1: first.left + 1, y1: first.top + first.height / 2,
                  x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        words,
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def _save(page, claimant="The minister"):
    form = page.locator("#claim-form")
    form.get_by_label("Or a new claimant").fill(claimant)
    form.get_by_label("Kind").select_option(label="Quantity")
    with page.expect_navigation():
        form.get_by_role("button", name="Add claim").click()


def test_it_makes_a_claim_from_words_selected_with_the_mouse(page, article, editor):
    problems = _open_article(page, article)
    expect(page.get_by_role("button", name=BUTTON)).to_be_disabled()

    _drag_over(page, "four Confucius Institutes")
    button = page.get_by_role("button", name=BUTTON)
    expect(button).to_be_enabled()
    screenshot(page, "select_to_claim_selected")
    button.click()

    form = page.locator("#claim-form")
    expect(form.get_by_label("Quote")).to_have_value("four Confucius Institutes")
    expect(form.get_by_label("Quote")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="come from your selection")).to_be_visible()
    start = ARTICLE_BODY.index("four Confucius Institutes")
    expect(form.locator("input[name=start]")).to_have_value(str(start))
    expect(form.locator("input[name=end]")).to_have_value(str(start + 25))
    screenshot(page, "select_to_claim_filled")
    _save(page)

    claim = Claim.objects.get()
    assert page.url.endswith(claim.get_absolute_url())
    assert (claim.quote, claim.start, claim.end) == ("four Confucius Institutes", start, start + 25)
    assert claim.created_by == editor
    assert problems == []


def test_a_selection_across_paragraphs_and_inside_words_takes_whole_words(page, article, editor):
    problems = _open_article(page, article)
    # From inside "over" in the first paragraph to inside "home" in the second.
    page.evaluate(
        """() => {
          const segs = [...document.querySelectorAll('#article-text [data-start]')];
          const first = segs.find((s) => s.textContent.includes('over the last')).firstChild;
          const second = segs.find((s) => s.textContent.includes('is home')).firstChild;
          const range = document.createRange();
          range.setStart(first, first.data.indexOf('over') + 2);
          range.setEnd(second, second.data.indexOf('home') + 2);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    # The button works from the keyboard too, without losing the selection.
    page.get_by_role("button", name=BUTTON).focus()
    page.keyboard.press("Enter")
    quote = page.locator("#claim-form").get_by_label("Quote")
    expect(quote).to_have_value("over the last two years.\nKyrgyzstan is home")
    _save(page)

    claim = Claim.objects.get()
    assert claim.quote == "over the last two years.\nKyrgyzstan is home"
    assert ARTICLE_BODY[claim.start : claim.end] == claim.quote
    assert problems == []


def test_it_finds_typed_words_in_any_case_and_spacing_and_suggests_for_a_misspelling(
    page, article, editor
):
    problems = _open_article(page, article)
    page.get_by_text("Type in a claim from this article").click()
    form = page.locator("#claim-form")
    form.get_by_label("Quote").fill("  FOUR   confucius\ninstitutes ")
    _save(page)
    first = Claim.objects.get()
    assert first.quote == "four Confucius Institutes"

    page.goto(article.get_absolute_url())
    page.get_by_text("Type in a claim from this article").click()
    form = page.locator("#claim-form")
    form.get_by_label("Quote").fill("the shared bordr spans")
    _save(page, claimant="Example Times")
    # Said once in the form's error summary (a link to the field) and once at the field.
    expect(
        form.get_by_role("link", name="Quote: These words are not in the article. Did you mean")
    ).to_be_visible()
    expect(
        form.locator(".errorlist").get_by_text("These words are not in the article. Did you mean")
    ).to_be_visible()
    choices = form.get_by_role("group", name="Did you mean:")
    expect(choices).to_be_visible()
    screenshot(page, "select_to_claim_suggestions")
    choices.get_by_role("radio").first.check()
    with page.expect_navigation():
        form.get_by_role("button", name="Add claim").click()

    claim = Claim.objects.exclude(pk=first.pk).get()
    assert page.url.endswith(claim.get_absolute_url())
    assert claim.quote == "The shared border spans"
    assert ARTICLE_BODY[claim.start : claim.end] == claim.quote
    assert problems == []
