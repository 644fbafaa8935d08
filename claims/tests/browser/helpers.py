"""What the browser tests do on a page (log in, keep a screenshot) and the article they read."""

from pathlib import Path

from factcheck.testing import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def screenshot(page, name):
    """Keep a full-page picture of what the test sees, for people and the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def login(page, username, *, next_url=None):
    """Log in through the real form, as a person would."""
    page.goto("/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert not page.url.rstrip("/").endswith("/login"), f"{username} could not log in"


NEWS_BODY = (
    "Exports from the northern provinces rose sharply last year, officials said on "
    "Thursday, crediting the rail corridor that opened in the spring.\n"
    "According to the regional statistics office, the value of goods shipped abroad grew "
    "by 18 percent in 2024, the fastest rise in a decade.\n"
    "Transport minister Helena Voss told reporters that the corridor had cut freight times "
    "to the coast by half, and that more than 40,000 containers used it in its first nine "
    "months.\n"
    "Critics say the figures flatter the project. Opposition spokesman Daniel Okafor noted "
    "that grain prices were unusually high last year, which inflated export values "
    "regardless of how the goods travelled.\n"
    "The corridor cost 2.3 billion euros, roughly a third more than its original budget, "
    "and is due to be extended to the border by 2027."
)
