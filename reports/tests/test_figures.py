"""Downloads carry the figures the pages print: rounded once, in reports.figures."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from reports import figures

AGREEMENT = reverse("reports:agreement")


def test_alpha_is_three_decimals_and_float_noise_goes():
    assert figures.alpha(0.29999999999999993) == 0.3
    assert str(figures.alpha(0.29999999999999993)) == "0.3"
    assert figures.alpha(0.81512) == 0.815
    assert figures.alpha(None) is None


def test_percent_and_days():
    assert figures.percent(2, 3) == 67
    assert figures.percent(0, 2) == 0
    assert figures.percent(1, 0) is None
    assert figures.days(datetime.timedelta(hours=84)) == 3.5
    assert figures.days(None) is None


@pytest.mark.usefixtures("world")
def test_the_agreement_download_prints_what_the_page_prints(client, editor):
    client.force_login(editor)
    page = client.get(AGREEMENT)
    rows = list(csv.reader(io.StringIO(client.get(AGREEMENT, {"format": "csv"}).text)))
    reviewers = {r[1]: r for r in rows if r[0] == "reviewer"}
    for row in page.context["reviewers"]:
        shown = f"{row['agreed']} of {row['with_verdict']} ({row['agreement_percent']}%)"
        assert shown in page.text
        assert reviewers[row["name"]][3] == str(row["agreement_percent"])
        assert "." not in reviewers[row["name"]][3]  # whole per cent, as on the page
    assert reviewers["Rita"][3] == "100"
    assert reviewers["Ravi"][3] == "0"
