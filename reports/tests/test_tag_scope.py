"""Every report filters by tag: its figures are then counted live over the tagged claims."""

import csv
import io

import pytest
from django.urls import reverse

from claims.models import Claim, Rating, Tag
from factcheck.testing import make_claim
from reports import queries
from reports.filters import ReportFilter
from reports.scope import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(settled_claim, article, editor):
    """Two claims tagged trade (one settled, one draft) and one untagged draft."""
    draft = make_claim(article, "home to four Confucius Institutes")
    make_claim(article, "spans over a thousand kilometers")
    settled_claim.add_tags(["Trade"], by=editor)
    draft.add_tags(["trade", "education"], by=editor)
    return Tag.objects.named("trade").get()


def scope_of(data):
    return Scope.from_filter(ReportFilter(data, queryset=Claim.objects.all()))


def test_a_tag_makes_the_report_count_live(tagged):
    assert scope_of({"tag": tagged.pk}).rolled_up is False
    assert scope_of({"tag": "TRADE"}).tag == tagged.pk


def test_tagged_figures_agree_with_a_count_over_the_tagged_claims(tagged):
    scope = scope_of({"tag": tagged.pk})
    claims = Claim.objects.filter(tags=tagged)
    statuses = dict(queries.status_counts(scope))
    for status in Claim.Status:
        assert statuses[status] == claims.filter(status=status).count(), status
    ratings = {level.pk: count for level, count in queries.rating_counts(scope)}
    for rating in Rating:
        assert ratings[rating] == claims.filter(verdict__rating=rating).count(), rating
    assert sum(statuses.values()) == 2


def test_every_report_page_and_download_takes_a_tag(client, editor, tagged):
    client.force_login(editor)
    pages = [
        reverse("reports:overview"),
        reverse("reports:agreement"),
        reverse("reports:breakdown", args=["article"]),
        reverse("reports:breakdown", args=["kind"]),
    ]
    for url in pages:
        assert client.get(url, {"tag": tagged.pk}).status_code == 200, url
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("reports:breakdown", args=["kind"]), {"tag": "trade", "format": "csv"}
                ).text
            )
        )
    )
    assert rows[0]  # a header
    counted = sum(int(row[1]) for row in rows[1:] if row[1].isdigit())
    assert counted == Claim.objects.filter(tags=tagged).count()


def test_an_unknown_tag_is_a_form_error_not_a_500(client, editor, tagged):
    client.force_login(editor)
    response = client.get(reverse("reports:overview"), {"tag": "no-such-topic"})
    assert response.status_code in (200, 400)
    assert "No tag matches" in response.text
    response = client.get(reverse("reports:overview"), {"tag": "99999999999999999999"})
    assert response.status_code in (200, 400)
    assert "no tag number" in response.text.lower()
