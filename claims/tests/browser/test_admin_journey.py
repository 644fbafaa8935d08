"""An admin's work in a real browser: import an article, see its candidates, add a reviewer.

Fixtures are loaded from the command line (`manage.py loaddata articles demo`,
or `load_demo`): the Django admin has no fixture loader, and a web page that
loads arbitrary fixtures would be a hole. The admin brings articles in through
the import page instead.
"""

from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article

from .helpers import NEWS_BODY, login, screenshot

NEW_PASSWORD = "quiet-harbour-lantern-4172"


def test_it_takes_an_admin_from_import_to_a_new_reviewer(page, admin_user, tmp_path):
    article_file = tmp_path / "exports-rail-corridor.txt"
    article_file.write_text("Regional exports climb as new rail corridor opens\n" + NEWS_BODY)

    login(page, "ada")
    page.goto("/intake/import/")
    page.get_by_label("Article files").set_input_files(article_file)
    page.get_by_label("Outlet").fill("The Northern Ledger")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-summary")).to_contain_text("1 still to do")
    # The worker imports it; the first import loads the text and quantity parsers.
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    summary = page.locator("#import-summary")
    expect(summary).to_have_text("1 imported, 0 already present, 0 refused, 0 failed.")
    screenshot(page, "admin_import_done")
    page.get_by_role("link", name="Regional exports climb as new rail corridor opens").click()
    candidates = page.get_by_role("region", name="Candidate claims")
    expect(candidates).to_be_visible()
    expect(candidates).to_contain_text("18 percent in 2024")
    article = Article.objects.get()
    assert article.claims.candidates().exists()
    screenshot(page, "admin_article_candidates")

    page.goto("/admin/auth/user/add/")
    # The admin's labels end in a colon; its fields have stable ids.
    page.locator("#id_username").fill("rosa")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("rosa")
    page.locator("#id_groups_from option", has_text="Reviewer").dblclick()
    expect(page.locator("#id_groups_to option", has_text="Reviewer")).to_have_count(1)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    screenshot(page, "admin_user_added")

    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/login/" not in page.url
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto("/claims/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claims")


def test_it_saves_pictures_of_the_reports_and_the_public_page(page, newsroom):
    login(page, "edna")
    for name, url in [
        ("reports_overview", "/reports/"),
        ("reports_agreement", "/reports/agreement/"),
        ("reports_by_article", "/reports/by/article/"),
        ("reports_by_claimant", "/reports/by/claimant/"),
        ("reports_scorecard", f"/reports/scorecard/?article={newsroom.article.pk}"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, name)

    page.context.clear_cookies()
    response = page.goto(f"/factchecks/{newsroom.settled.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "public_factcheck")
