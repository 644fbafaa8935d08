"""The whole path: a new article file in, its candidates ranked, one accepted, its matches found."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Claim

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
    assert response.status_code == 200
    assert "2 imported" in response.text

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
