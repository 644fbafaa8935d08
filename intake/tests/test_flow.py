"""The whole path: a new article file in, its candidates ranked, one accepted, its matches found.

The upload is imported by the real worker, as in production (intake.tasks)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Claim
from factcheck.testing import restore_role_groups

from .worker import run_the_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows


@pytest.fixture(autouse=True)
def _groups():
    restore_role_groups()  # a transactional test's flush takes them away


FIRST = (
    "Trade up again\n"
    "Bilateral trade between China and Kyrgyzstan grew by 35% over the last two years, "
    "the ministry said.\n"
    "Officials hope the new road will help.\n"
)
SECOND = (
    "A slower rise\n"
    "Customs data show bilateral trade between China and Kyrgyzstan grew by 12% over the last "
    "two years.\n"
)


def test_upload_propose_accept_and_match(client, editor):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("first.txt", FIRST.encode()),
        SimpleUploadedFile("second.txt", SECOND.encode()),
    ]
    response = client.post(reverse("intake:import"), {"files": files})
    assert response.status_code == 303
    run_the_worker()
    assert "2 imported" in client.get(response.url).text

    first = Article.objects.get(title="Trade up again")
    page = client.get(first.get_absolute_url()).text
    growth = first.claims.candidates().get(quote__contains="35%")
    assert (growth.value, growth.unit) == (35, "percent")
    assert page.index(growth.quote) < page.index("Find candidate claims")
    assert not first.claims.candidates().filter(quote__startswith="Officials hope").exists()

    other = Claim.objects.candidates().get(quote__contains="12%")
    other.accept(by=editor)
    url = reverse("intake:review_candidates", args=[first.pk])
    response = client.post(url, {"action": f"accept:{growth.pk}"})
    assert response.url == growth.get_absolute_url()

    claim_page = client.get(response.url).text
    similar_url = reverse("claims:similar", args=[growth.pk])
    assert similar_url in claim_page
    similar = client.get(similar_url).text
    assert "Customs data show bilateral trade" in similar
    assert "Possible contradiction: 12 percent there, 35 percent here." in similar


CITY = (
    "City news\n"
    "Bishkek, 3 March 2025.\n"
    "Nearly 90% of the city's roads were repaired in 2024, the annual report shows.\n"
    "The museum reopened on 12 February after two years of repairs.\n"
    "The city will open its first metro line by 2030.\n"
    "The city opened its first tram line in 2020.\n"
    "The airport cost 1200000000 USD to build.\n"
)


def test_a_new_users_article_reads_right(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("city.txt", CITY.encode())
    client.post(reverse("intake:import"), {"files": [upload], "outlet": "City Herald"})
    run_the_worker()
    article = Article.objects.get(title="City news")
    candidates = {c.quote: c for c in article.claims.candidates()}

    assert "Bishkek, 3 March 2025." not in candidates
    museum = candidates["The museum reopened on 12 February after two years of repairs."]
    assert museum.value is None
    metro = candidates.get("The city will open its first metro line by 2030.")
    tram = candidates["The city opened its first tram line in 2020."]
    assert metro is None or metro.score < tram.score - 0.25
    airport = candidates["The airport cost 1200000000 USD to build."]
    assert (airport.value, airport.unit) == (1_200_000_000, "USD")
    page = client.get(article.get_absolute_url()).text
    assert "Quantity: 1.2 billion USD" in page

    roads = next(c for q, c in candidates.items() if q.startswith("Nearly 90%"))
    assert (roads.value, roads.unit, roads.claimant_name) == (90, "percent", "City Herald")
    statement = "The city government said it spent 45 million som on the roads."
    response = client.post(
        reverse("intake:review_candidates", args=[article.pk]),
        {"action": f"accept:{roads.pk}", f"statement-{roads.pk}": statement},
    )
    roads.refresh_from_db()
    assert (roads.status, roads.statement) == ("draft", statement)
    assert (roads.value, roads.unit, roads.period) == (45_000_000, "KGS", "")
    assert roads.claimant_name == "The city government"
    assert "45 million" in client.get(response.url).text
