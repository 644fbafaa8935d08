"""Reports' figures and published fact-checks through the API."""

import pytest

from api.models import ApiToken


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


@pytest.mark.parametrize("report", ["overview", "agreement", "by/outlet", "scorecard"])
def test_a_report_gives_the_same_figures_as_its_page(client, published_claim, editor, report):
    params = {"article": published_claim.article_id} if report == "scorecard" else {}
    api = client.get(f"/api/v1/reports/{report.replace('/', '-')}/", params, **token_for(editor))
    assert api.status_code == 200
    client.force_login(editor)
    path = "/reports/" if report == "overview" else f"/reports/{report}/"
    page = client.get(path, {**params, "format": "json"})
    assert api.json() == page.json()
    assert api.json()["rows"]


def test_reports_are_for_editors(client, published_claim, reviewer):
    response = client.get("/api/v1/reports/overview/", **token_for(reviewer))
    assert response.status_code == 403
    assert response.json() == {"detail": "Reports are for editors."}


@pytest.mark.parametrize(
    ("report", "status", "message"),
    [
        ("nothing", 404, "There is no report nothing."),
        ("by-nothing", 404, "There is no report by-nothing."),
        ("scorecard", 400, "send ?article=<its number>"),
    ],
)
def test_an_unknown_report_or_a_missing_article_says_so(client, editor, report, status, message):
    response = client.get(f"/api/v1/reports/{report}/", **token_for(editor))
    assert response.status_code == status
    assert message in str(response.json())


def test_published_fact_checks_are_public_claimreview(client, published_claim, claim_in_review):
    response = client.get("/api/v1/factchecks/")
    assert response.status_code == 200
    reviews = response.json()["results"]
    assert len(reviews) == 1
    assert reviews[0]["@type"] == "ClaimReview"
    assert reviews[0]["url"].endswith(f"/factchecks/{published_claim.pk}/")
    assert reviews[0]["reviewRating"]["alternateName"] == "Mostly true"
    feed = client.get("/claimreview.json").json()["@graph"][0]
    assert {k: v for k, v in reviews[0].items() if k != "@context"} == feed
