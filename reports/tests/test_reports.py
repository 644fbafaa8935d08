"""Report pages: who may see them, and the numbers they give on known data."""

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Claim, Claimant, RatingLevel
from factcheck.testing import make_claimant, make_user

from .world import add_claim, build_world

OVERVIEW = reverse("reports:overview")


def by(dimension):
    return reverse("reports:breakdown", args=[dimension])


AGREEMENT = reverse("reports:agreement")
SCORECARD = reverse("reports:scorecard")
ALL_PAGES = [
    OVERVIEW,
    by("article"),
    by("outlet"),
    by("claimant"),
    by("kind"),
    AGREEMENT,
    SCORECARD,
]


class TestAccess:
    @pytest.mark.parametrize("url", ALL_PAGES)
    def test_anonymous_is_sent_to_login(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("url", ALL_PAGES)
    def test_reviewer_is_refused(self, client, reviewer, url):
        client.force_login(reviewer)
        assert client.get(url).status_code == 403
        assert client.get(url + "?format=csv").status_code == 403

    def test_user_without_role_is_refused(self, client, db):
        client.force_login(make_user("nobody"))
        assert client.get(OVERVIEW).status_code == 403

    @pytest.mark.parametrize("persona", ["editor", "admin_user"])
    def test_editors_and_admins_open_every_report(self, client, world, persona, request):
        client.force_login(request.getfixturevalue(persona))
        for url in ALL_PAGES:
            assert client.get(url).status_code == 200, url

    def test_unknown_dimension_is_404(self, client, editor):
        client.force_login(editor)
        assert client.get(by("weather")).status_code == 404

    def test_reports_link_shows_for_editors_only(self, client, editor, reviewer):
        client.force_login(editor)
        assert f'href="{OVERVIEW}"' in client.get(reverse("claims:home")).text
        client.force_login(reviewer)
        assert f'href="{OVERVIEW}"' not in client.get(reverse("claims:home")).text


class TestOverview:
    def test_counts_and_medians(self, client, editor, world):
        client.force_login(editor)
        context = client.get(OVERVIEW).context
        statuses = {s.value: n for s, n, _url in context["statuses"]}
        assert statuses == {
            "candidate": 0,
            "rejected": 0,
            "draft": 1,
            "in_review": 0,
            "reviewed": 0,
            "settled": 4,
            "published": 1,
        }
        ratings = {r.pk: n for r, n, _url in context["ratings"]}
        assert ratings == {5: 2, 4: 0, 3: 0, 2: 1, 1: 1, 0: 1}
        assert context["to_verdict"] == 3.0
        assert context["to_review"] == 2.0
        waiting = {s.key: [c.statement for c in s.claims] for s in context["waiting"]}
        assert waiting == {
            "assignment": ["H four."],
            "reviewer": [],
            "verdict": [],
            "publication": ["H one.", "H two.", "H three.", "S two."],
        }

    def test_even_count_median_is_the_mean_of_the_middle_two(self, client, editor, world):
        # Verdicts in the Daily Ledger: 2, 4 and 10 days; add an outlet filter on the
        # Evening Post: 1 and 3 days -> 2 days.
        client.force_login(editor)
        context = client.get(OVERVIEW, {"outlet": world["post"].pk}).context
        assert context["to_verdict"] == 2.0
        assert context["to_review"] is None

    def test_filters_by_outlet_article_and_dates(self, client, editor, world):
        client.force_login(editor)
        context = client.get(OVERVIEW, {"article": world["harbour"].pk}).context
        assert sum(n for _s, n, _u in context["statuses"]) == 4
        context = client.get(OVERVIEW, {"start": "2026-01-20"}).context
        assert sum(n for _s, n, _u in context["statuses"]) == 1  # only h4, 20 days after T0
        context = client.get(OVERVIEW, {"end": "2026-01-05"}).context
        assert sum(n for _s, n, _u in context["statuses"]) == 5

    def test_rows_link_to_the_filtered_claims_list(self, client, editor, world):
        client.force_login(editor)
        text = client.get(OVERVIEW, {"outlet": world["ledger"].pk}).text
        assert f'href="/claims/?outlet={world["ledger"].pk}&amp;rating=1"' in text
        assert f'href="/claims/?outlet={world["ledger"].pk}&amp;status=draft"' in text

    def test_charts_have_text_alternatives_and_no_inline_style_or_script(
        self, client, editor, world
    ):
        client.force_login(editor)
        text = client.get(OVERVIEW).text
        assert text.count('<svg class="bar-chart" role="img"') == 2
        assert '<title id="rating-chart-title">' in text
        assert (
            "True: 2; Mostly true: 0; Half true: 0; Mostly false: 1; False: 1; Unverifiable: 1"
            in (text)
        )
        assert "style=" not in text
        # The scripts are static files (the CSP allows script-src 'self'): the pickers' and
        # the one that folds the filters on a phone.
        assert re.findall(r"<script[^>]*>", text) == [
            '<script src="/static/js/picker.js" defer>',
            '<script src="/static/js/fold_filters.js" defer>',
        ]

    def test_csv_and_json_downloads(self, client, editor, world):
        client.force_login(editor)
        response = client.get(OVERVIEW, {"format": "csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="overview.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["Group", "Value", "Claims"]
        assert ["status", "Settled", "4"] in rows
        assert ["verdict", "True", "2"] in rows
        data = client.get(OVERVIEW, {"format": "json"}).json()
        assert data["median_days_to_verdict"] == 3.0
        assert data["median_days_assignment_to_review"] == 2.0
        assert {"group": "verdict", "value": "False", "count": 1} in data["rows"]


class TestBreakdowns:
    def test_by_article_least_reliable_first(self, client, editor, world):
        client.force_login(editor)
        rows = client.get(by("article")).context["rows"]
        assert [(r["label"], r["total"], r["with_verdict"]) for r in rows] == [
            ("Harbour figures", 4, 3),
            ("School budgets", 2, 2),
        ]
        harbour, schools = rows
        assert [n for _r, n in harbour["ratings"]] == [1, 0, 0, 1, 1, 0]
        assert harbour["false_share"] == pytest.approx(2 / 3)
        assert schools["false_share"] == 0
        text = client.get(by("article")).text
        assert ">67%<" in text
        assert ">0%<" in text

    def test_by_claimant_rows_are_claimants_linked_to_their_pages(self, client, editor, world):
        # On PostgreSQL the rows come from the trigger-kept report tables, elsewhere live.
        client.force_login(editor)
        minister = Claimant.objects.get(name="The minister")
        ledger = Claimant.objects.get(name="Daily Ledger")
        rows = client.get(by("claimant")).context["rows"]
        assert rows[0]["url"] == reverse("claims:claimant", args=[minister.pk])
        assert f"claimant={minister.pk}" in rows[0]["rating_links"][0][2]
        Claimant.objects.get(name="The mayor").merge_into(minister, by=editor)
        minister.name = "Minister Ana Ruiz"
        minister.save()
        rows = client.get(by("claimant")).context["rows"]
        assert [(r["label"], r["total"], r["url"]) for r in rows] == [
            ("Minister Ana Ruiz", 5, reverse("claims:claimant", args=[minister.pk])),
            ("Daily Ledger", 1, reverse("claims:claimant", args=[ledger.pk])),
        ]

    def test_by_claimant_and_kind(self, client, editor, world):
        client.force_login(editor)
        rows = client.get(by("claimant")).context["rows"]
        assert [(r["label"], r["total"], r["false_count"]) for r in rows] == [
            ("The minister", 3, 2),
            ("The mayor", 2, 0),  # ties on share: more claims first
            ("Daily Ledger", 1, 0),
        ]
        minister = rows[0]
        assert minister["false_share"] == 1.0  # both verdicts on the minister are false
        rows = client.get(by("kind")).context["rows"]
        assert [(r["label"], r["total"], r["with_verdict"]) for r in rows] == [
            ("Quantity", 3, 3),
            ("Event", 2, 1),
            ("Other", 1, 1),
        ]

    def test_by_outlet_rows_link_to_the_claims_list(self, client, editor, world):
        client.force_login(editor)
        text = client.get(by("outlet")).text
        ledger = world["ledger"].pk
        assert f'<a href="/claims/?outlet={ledger}">Daily Ledger</a>' in text
        assert f'<a href="/claims/?outlet={ledger}&amp;rating=1">1</a>' in text

    def test_filter_applies_to_the_breakdown(self, client, editor, world):
        client.force_login(editor)
        rows = client.get(by("article"), {"outlet": world["post"].pk}).context["rows"]
        assert [r["label"] for r in rows] == ["School budgets"]

    def test_csv_and_json_downloads(self, client, editor, world):
        client.force_login(editor)
        response = client.get(by("article"), {"format": "csv"})
        assert response["Content-Disposition"] == 'attachment; filename="claims-by-article.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [
            "Article",
            "Claims",
            "With a verdict",
            "True",
            "Mostly true",
            "Half true",
            "Mostly false",
            "False",
            "Unverifiable",
            "Share rated mostly false or false (%)",
        ]
        assert rows[1][:9] == ["Harbour figures", "4", "3", "1", "0", "0", "1", "1", "0"]
        assert rows[1][9] == "67"  # as the page shows it
        data = client.get(by("article"), {"format": "json"}).json()
        assert data["rows"][1] == {
            "label": "School budgets",
            "total": 2,
            "with_verdict": 2,
            "r5": 1,
            "r4": 0,
            "r3": 0,
            "r2": 0,
            "r1": 0,
            "r0": 1,
            "false_percent": 0,
        }

    def test_by_article_comes_a_page_at_a_time_and_downloads_whole(self, client, editor, world):
        for i in range(55):
            article = Article.objects.create(title=f"Extra {i:02}", body=f"Claim {i} here.")
            add_claim(article, f"Claim {i} here.", claimant="Someone")
        client.force_login(editor)
        response = client.get(by("article"))
        assert len(response.context["rows"]) == 50
        assert "57 rows; showing 1 to 50, page 1 of 2." in response.text
        assert (
            '<a href="?page=2" rel="next">Next<span class="visually-hidden"> page</span></a>'
            in (response.text)
        )
        second = client.get(by("article"), {"page": 2})
        assert len(second.context["rows"]) == 7
        assert 'rel="prev"' in second.text
        assert 'rel="next"' not in second.text
        labels = [r["label"] for r in response.context["rows"] + second.context["rows"]]
        assert len(set(labels)) == 57
        rows = list(
            csv.reader(io.StringIO(client.get(by("article"), {"format": "csv", "page": 2}).text))
        )
        assert len(rows) == 1 + 57

    def test_csv_cells_cannot_start_a_formula(self, client, editor, world):
        world["harbour"].title = "=HYPERLINK(1)"
        world["harbour"].save()
        client.force_login(editor)
        rows = list(
            csv.reader(io.StringIO(client.get(by("article"), {"format": "csv"}).content.decode()))
        )
        assert rows[1][0] == "'=HYPERLINK(1)"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The filter form reads nothing (outlets and articles are picked by name); a query
        # per list of claims waiting, and none here is in review, so no reviewers to read.
        # One more for the reviews by their due date (queries.on_time), counted live.
        (OVERVIEW, 12),
        # The page and its count in one grouped query, live or from the report tables.
        (by("article"), 4),
        (by("outlet"), 4),
        (by("claimant"), 5),  # the rows' claimants, looked up by name to link them
        (by("kind"), 4),
        (AGREEMENT, 8),
        (SCORECARD, 3),
        (OVERVIEW + "?format=csv", 8),  # the download holds the counts, not the lists waiting
        (by("article") + "?format=json", 4),
        (AGREEMENT + "?format=csv", 8),
    ],
)
def test_report_queries_do_not_grow_with_data(
    client, editor, reviewer, reviewer2, world, url, expected
):
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    client.force_login(editor)
    RatingLevel.objects.scale()  # the rating scale is read from the cache, as on a running site
    assert count_queries(client, url) == expected
    for i in range(4):
        build_world(editor, reviewer, reviewer2, prefix=f"{i} ")
    assert count_queries(client, url) == expected


class TestScorecard:
    def url(self, article, **extra):
        return reverse("reports:scorecard") + "?" + urlencode({"article": article.pk, **extra})

    def test_marks_every_claim_in_its_verdicts_colour(self, client, editor, world):
        client.force_login(editor)
        response = client.get(self.url(world["harbour"]))
        text = response.text
        assert 'class="verdict-mark verdict-false"' in text
        assert 'class="verdict-mark verdict-mostly-false"' in text
        assert 'class="verdict-mark verdict-true"' in text
        assert 'class="verdict-mark verdict-none"' in text  # h4, a draft
        assert "4 claims, 1 without a verdict yet." in text
        counts = {r.pk: n for r, n, _url in response.context["ratings"]}
        assert counts == {5: 1, 4: 0, 3: 0, 2: 1, 1: 1, 0: 0}
        assert f'href="/claims/?article={world["harbour"].pk}&amp;rating=2"' in text

    def test_date_range_narrows_the_claims(self, client, editor, world):
        client.force_login(editor)
        text = client.get(self.url(world["harbour"], end="2026-01-10")).text
        assert "3 claims, 0 without a verdict yet." in text
        assert "verdict-none" not in text

    def test_without_an_article_asks_for_one(self, client, editor, world):
        client.force_login(editor)
        assert "Choose an article" in client.get(reverse("reports:scorecard")).text

    def test_csv_download(self, client, editor, world):
        client.force_login(editor)
        response = client.get(self.url(world["schools"], format="csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == [
            ["ID", "Claim", "Claimant", "Verdict"],
            [rows[1][0], "S one.", "The mayor", "True"],
            [rows[2][0], "S two.", "The mayor", "Unverifiable"],
        ]

    def test_by_article_links_to_each_scorecard(self, client, editor, world):
        client.force_login(editor)
        text = client.get(by("article")).text
        assert f'href="/reports/scorecard/?article={world["harbour"].pk}"' in text

    def test_queries_do_not_grow_with_claims(self, client, editor, reviewer, reviewer2, world):
        client.force_login(editor)
        url = self.url(world["harbour"])
        RatingLevel.objects.scale()  # read from the cache, as on a running site
        before = count_queries(client, url)
        assert before == 8
        for i in range(3):
            build_world(editor, reviewer, reviewer2, prefix=f"{i} ")
        for quote in ["H two.", "H three."]:
            body = world["harbour"].body
            start = body.index(quote)
            Claim.objects.create(
                article=world["harbour"],
                quote=quote,
                start=start,
                end=start + len(quote),
                claimant=make_claimant("Another"),
            )
        assert count_queries(client, url) == before

    def test_reviewer_is_refused(self, client, reviewer, world):
        client.force_login(reviewer)
        assert client.get(self.url(world["harbour"])).status_code == 403


@pytest.mark.parametrize("url", ALL_PAGES)
def test_bad_filter_values_give_a_page_with_the_error(client, editor, world, url):
    client.force_login(editor)
    response = client.get(url, {"article": "abc", "start": "not-a-date"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.text
