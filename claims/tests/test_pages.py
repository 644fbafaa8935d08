"""Every workbench page, per role: who may open it and what it shows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Evidence, Rating
from factcheck.testing import PASSWORD, make_claim, make_user, post_failing


def page_urls(claim):
    return [
        reverse("claims:home"),
        reverse("claims:claim_list"),
        reverse("claims:claim", args=[claim.pk]),
        reverse("claims:article_list"),
        reverse("claims:article", args=[claim.article_id]),
    ]


def test_anonymous_is_sent_to_login_from_every_page(client, claim):
    for url in page_urls(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["reviewer", "editor", "admin_user"])
def test_every_page_opens_for_each_role(client, claim_in_review, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in page_urls(claim_in_review):
        assert client.get(url).status_code == 200, url


def test_user_without_role_is_refused(client, claim):
    client.force_login(make_user("nobody"))
    for url in page_urls(claim):
        assert client.get(url).status_code == 403, url


def test_missing_claim_and_article_are_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim", args=[999999])).status_code == 404
    assert client.get(reverse("claims:article", args=[999999])).status_code == 404


def test_header_shows_who_and_role(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:home"))
    assert "Edna" in response.text
    assert '<span class="role">Editor</span>' in response.text


def test_login_page_logs_in_and_lands_on_queue(client, reviewer):
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("claims:home")


def test_login_page_says_when_password_is_wrong(client, reviewer):
    response = client.post(reverse("login"), {"username": "rita", "password": "wrong"})
    assert response.status_code == 200
    assert "Your username and password didn't match" in response.text


def test_logout_is_post_only_and_ends_the_session(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("claims:home")).status_code == 302


class TestQueue:
    def test_lists_claims_waiting_for_my_review_oldest_first(
        self, client, article, editor, reviewer, reviewer2
    ):
        first = make_claim(article, "four Confucius Institutes")
        second = make_claim(article, "over a thousand kilometers")
        done = make_claim(article, "grew by 35%")
        not_mine = make_claim(article, "the minister said")
        first.assign([reviewer], by=editor)
        second.assign([reviewer], by=editor)
        done.assign([reviewer], by=editor)
        not_mine.assign([reviewer2], by=editor)
        done.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=5, rationale="ok")

        client.force_login(reviewer)
        response = client.get(reverse("claims:home"))
        rows = list(response.context["my_table"].rows)
        assert [row.record.pk for row in rows] == [first.pk, second.pk]

    def test_editor_sees_claims_waiting_for_a_verdict(self, client, editor, reviewed_claim):
        client.force_login(editor)
        response = client.get(reverse("claims:home"))
        assert "Waiting for a verdict" in response.text
        _heading, _hint, table = response.context["editor_tables"][0]
        assert [row.record.pk for row in table.rows] == [reviewed_claim.pk]

    def test_reviewer_does_not_see_editor_sections(self, client, reviewer):
        client.force_login(reviewer)
        assert "Waiting for a verdict" not in client.get(reverse("claims:home")).text


def _table_rows(html):
    """Each body row's cells as text, and the header's, from a page's first table."""
    import re

    table = html[html.index("<table") : html.index("</table>")]
    head = re.findall(r"<th[^>]*>(.*?)</th>", table[: table.index("</thead>")], re.S)
    body = table[table.index("<tbody>") :]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("<tr>")[1:]]
    strip = lambda cell: re.sub(r"<[^>]+>|\s+", " ", cell).strip()  # noqa: E731
    # A sortable header says so to screen readers: "Status, sort".
    head = [strip(h).removesuffix(" , sort") for h in head]
    return head, [[strip(c) for c in row] for row in rows]


class TestRows:
    """The rows are written out by hand: each cell must sit under its own header."""

    def test_claims_list_row_has_a_cell_per_column(self, client, editor, reviewed_claim):
        reviewed_claim.settle(editor=editor, rating=Rating.MOSTLY_TRUE, summary="Customs data.")
        client.force_login(editor)
        head, rows = _table_rows(client.get(reverse("claims:claim_list")).text)
        # An editor's list starts with the tick boxes of the bulk actions (claims.bulk).
        assert head == [
            "Select", "Claim", "Article", "Claimant", "Kind", "Tags", "Status", "Priority", "Due",
            "Verdict",
            "Reviews", "Updated",
        ]  # fmt: skip
        cells = dict(zip(head, rows[0], strict=True))
        assert cells["Claim"] == reviewed_claim.statement
        assert cells["Status"] == "Settled"
        assert (cells["Priority"], cells["Due"]) == ("Normal", "—")
        assert cells["Verdict"] == "Mostly true"
        assert cells["Reviews"] == "2 of 2"

    def test_reviewer_sees_a_dash_for_a_verdict_not_yet_theirs_to_see(
        self, client, editor, reviewer, claim
    ):
        from claims.models import Verdict

        Verdict.objects.create(claim=claim, rating=Rating.FALSE, summary="s", editor=editor)
        client.force_login(reviewer)
        head, rows = _table_rows(client.get(reverse("claims:claim_list")).text)
        verdict = head.index("Verdict")
        assert rows[0][verdict] == "—"

    def test_queue_row_has_no_verdict_and_ends_with_the_assignment(
        self, client, reviewer, claim_in_review
    ):
        client.force_login(reviewer)
        head, rows = _table_rows(client.get(reverse("claims:home")).text)
        assert head == [
            "Claim", "Article", "Claimant", "Kind", "Tags", "Status", "Priority", "Due", "Reviews",
            "Assigned",
        ]  # fmt: skip
        assert len(rows[0]) == len(head)
        assert rows[0][5] == "In review"
        assert rows[0][6:9] == ["Normal", "—", "0 of 2"]


class TestClaimList:
    def test_shows_count_and_rows(self, client, reviewer, claim):
        client.force_login(reviewer)
        response = client.get(reverse("claims:claim_list"))
        assert "1 claim</p>" in response.text
        assert claim.statement in response.text

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status": "in_review"}, {"institutes"}),
            ({"kind": "quantity"}, {"trade"}),
            ({"q": "kilometers"}, {"border"}),
            ({"claimant": "institutes"}, {"institutes"}),  # by the claim's claimant's id
            ({"rating": "5"}, {"border"}),
        ],
    )
    def test_filters(self, client, editor, reviewer, article, params, expected):
        claims = {
            "trade": make_claim(article, "grew by 35%", kind=Claim.Kind.QUANTITY),
            "institutes": make_claim(article, "four Confucius Institutes", claimant="The minister"),
            "border": make_claim(article, "over a thousand kilometers"),
        }
        claims["institutes"].assign([reviewer], by=editor)
        border = claims["border"]
        border.assign([reviewer], by=editor)
        border.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=5, rationale="x")
        border.settle(editor=editor, rating=Rating.TRUE, summary="Matches the survey.")
        client.force_login(editor)
        if "claimant" in params:
            params = {"claimant": claims[params["claimant"]].claimant_id}
        response = client.get(reverse("claims:claim_list"), params)
        found = {row.record.pk for row in response.context["table"].rows}
        assert found == {claims[name].pk for name in expected}

    def test_filter_by_assigned_reviewer_and_article(
        self, client, editor, reviewer, reviewer2, claim, article, outlet
    ):
        from claims.models import Article

        other_article = Article.objects.create(
            title="Other", outlet=outlet, body="Other text here."
        )
        other = make_claim(other_article, "Other text")
        claim.assign([reviewer, reviewer2], by=editor)
        other.assign([reviewer2], by=editor)
        client.force_login(editor)
        url = reverse("claims:claim_list")
        rows = client.get(url, {"reviewer": reviewer2.pk}).context["table"].rows
        assert sorted(r.record.pk for r in rows) == sorted([claim.pk, other.pk])
        rows = client.get(url, {"article": other_article.pk}).context["table"].rows
        assert [r.record.pk for r in rows] == [other.pk]
        rows = client.get(url, {"outlet": outlet.pk}).context["table"].rows
        assert len(rows) == 2

    def test_sorts_by_each_column(self, client, editor, reviewer, article):
        # Four claims whose update times, statuses and ids each give a different order:
        # two drafts and two in review, last updated out of step with when they were made.
        quotes = {
            "trade": "grew by 35% over the last two years",
            "institutes": "four Confucius Institutes",
            "border": "spans over a thousand kilometers",
            "countries": "Trade between the two countries",
        }
        claims = {name: make_claim(article, quote) for name, quote in quotes.items()}
        for name in ("institutes", "countries"):
            claims[name].assign([reviewer], by=editor)
        base = timezone.now() - datetime.timedelta(days=1)
        for hours, name in enumerate(["institutes", "border", "countries", "trade"]):
            moment = base + datetime.timedelta(hours=hours)
            Claim.objects.filter(pk=claims[name].pk).update(created_at=moment, updated_at=moment)
        by_update = ["institutes", "border", "countries", "trade"]
        expected = {
            "updated_at": by_update,
            "-updated_at": by_update[::-1],
            # Status, then when it last changed: draft < in_review as stored.
            "status": ["border", "trade", "institutes", "countries"],
            "-status": ["countries", "institutes", "trade", "border"],
        }
        client.force_login(editor)
        url = reverse("claims:claim_list")

        def order(sort):
            response = client.get(url, {"sort": sort})
            assert response.status_code == 200, sort
            return [row.record.pk for row in response.context["table"].rows]

        table = client.get(url).context["table"]
        assert [c.name for c in table.columns if c.orderable] == ["status", "updated_at"]
        for sort, names in expected.items():
            assert order(sort) == [claims[n].pk for n in names], sort
        # The other columns are not sortable (no index serves them): asking for
        # them leaves the list in its usual order, most recently updated first.
        for column in ["statement", "article", "claimant", "kind", "rating", "reviews"]:
            for sort in (column, "-" + column):
                assert order(sort) == order("-updated_at"), sort

    def test_reviewer_cannot_find_unpublished_verdict_by_rating(
        self, client, editor, reviewer, reviewer2, reviewed_claim
    ):
        reviewed_claim.settle(editor=editor, rating=Rating.FALSE, summary="Wrong period.")
        outsider = make_user("otto", "Reviewer")
        client.force_login(outsider)
        response = client.get(reverse("claims:claim_list"), {"rating": str(Rating.FALSE.value)})
        assert list(response.context["table"].rows) == []
        response = client.get(reverse("claims:claim_list"))
        assert "rating-false" not in response.text
        client.force_login(reviewer)
        response = client.get(reverse("claims:claim_list"), {"rating": str(Rating.FALSE.value)})
        assert [r.record.pk for r in response.context["table"].rows] == [reviewed_claim.pk]

    def test_bad_filter_values_give_a_normal_page(self, client, editor, claim):
        client.force_login(editor)
        for params in [{"status": "nope"}, {"rating": "x"}, {"article": "abc"}, {"page": "999"}]:
            assert client.get(reverse("claims:claim_list"), params).status_code in (200, 404)


class TestClaimPage:
    def test_shows_statement_quote_in_its_paragraph_and_article(self, client, reviewer, claim):
        client.force_login(reviewer)
        response = client.get(claim.get_absolute_url())
        text = response.text
        assert claim.statement in text
        assert '<mark class="claim-mark current">grew by 35% over the last two years</mark>' in text
        assert "Trade between the two countries " in text  # the rest of its paragraph
        assert "Confucius" not in text  # another paragraph of the article
        assert "Trade and ties" in text

    def test_reviewer_does_not_see_other_ratings_before_own_review(
        self, client, claim_in_review, reviewer, reviewer2
    ):
        claim_in_review.submit_review(
            reviewer=reviewer2, rating=Rating.FALSE, confidence=5, rationale="Secret reasoning."
        )
        client.force_login(reviewer)
        response = client.get(claim_in_review.get_absolute_url())
        assert "Secret reasoning" not in response.text
        assert "rating-false" not in response.text
        assert "1 other review submitted" in response.text
        assert "Submit review" in response.text

        claim_in_review.submit_review(
            reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="My reasoning."
        )
        response = client.get(claim_in_review.get_absolute_url())
        assert "Secret reasoning" in response.text
        assert "Reviewers disagree" in response.text

    def test_unassigned_reviewer_sees_no_ratings_nor_unpublished_verdict(
        self, client, settled_claim
    ):
        client.force_login(make_user("otto", "Reviewer"))
        response = client.get(settled_claim.get_absolute_url())
        assert "Customs data agree" not in response.text
        assert settled_claim.verdict.summary not in response.text
        assert "Submit review" not in response.text

    def test_published_verdict_is_visible_to_every_reviewer(self, client, published_claim):
        client.force_login(make_user("otto", "Reviewer"))
        response = client.get(published_claim.get_absolute_url())
        assert "Customs data bear the figure out." in response.text

    def test_editor_sees_everything_and_the_controls(self, client, editor, reviewed_claim):
        client.force_login(editor)
        text = client.get(reviewed_claim.get_absolute_url()).text
        assert "Customs data agree" in text
        assert "Period is unclear" in text
        assert "Settle verdict" in text
        assert "History" in text
        assert "Assigned rita" in text
        assert "Publish verdict" not in text

    def test_reviewer_sees_no_editor_controls(self, client, reviewer, reviewed_claim):
        client.force_login(reviewer)
        text = client.get(reviewed_claim.get_absolute_url()).text
        for control in ("Settle verdict", "Publish verdict", "Reopen claim", ">Assign<"):
            assert control not in text

    def test_disagreement_of_two_steps_is_flagged_for_editor(
        self, client, editor, claim_in_review, reviewer, reviewer2
    ):
        claim_in_review.submit_review(
            reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="a"
        )
        claim_in_review.submit_review(
            reviewer=reviewer2, rating=Rating.HALF_TRUE, confidence=3, rationale="b"
        )
        client.force_login(editor)
        assert "ratings are 2 steps apart" in client.get(claim_in_review.get_absolute_url()).text

    def test_javascript_evidence_link_is_never_an_href(self, client, editor, claim):
        Evidence.objects.bulk_create(
            [
                Evidence(
                    claim=claim,
                    url="javascript:alert(1)",
                    title="Sneaky",
                    stance="supports",
                    source_type="primary",
                )
            ]
        )
        client.force_login(editor)
        text = client.get(claim.get_absolute_url()).text
        assert "javascript:" not in text
        assert "link withheld" in text

    def test_user_text_is_escaped(self, client, editor, article):
        claim = make_claim(article, "grew by 35%", claimant="<script>alert('x')</script>")
        client.force_login(editor)
        text = client.get(claim.get_absolute_url()).text
        assert "<script>alert" not in text
        assert "&lt;script&gt;" in text


class TestArticlePages:
    def test_article_list_counts_claims(self, client, reviewer, claim, article):
        client.force_login(reviewer)
        response = client.get(reverse("claims:article_list"))
        row = next(iter(response.context["table"].rows))
        assert row.record.claim_count == 1
        assert row.record.published_count == 0
        assert "Trade and ties" in response.text

    def test_article_list_leaves_candidates_out_and_counts_published_verdicts(
        self, client, reviewer, claim, article
    ):
        make_claim(article, "four Confucius Institutes")
        candidate = make_claim(article, "over a thousand kilometers")
        Claim.objects.filter(pk=candidate.pk).update(status=Claim.Status.CANDIDATE)
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
        client.force_login(reviewer)
        row = next(iter(client.get(reverse("claims:article_list")).context["table"].rows))
        assert (row.record.claim_count, row.record.published_count) == (2, 1)

    def test_article_page_highlights_each_claim_with_a_link(self, client, reviewer, article):
        first = make_claim(article, "four Confucius Institutes")
        second = make_claim(article, "over a thousand kilometers")
        client.force_login(reviewer)
        text = client.get(article.get_absolute_url()).text
        for claim in (first, second):
            assert f'href="{claim.get_absolute_url()}"' in text
            assert f">{claim.quote}</a>" in text
        assert text.count("<p>") >= 3  # the article's paragraphs are kept

    def test_editor_can_add_claim_from_article_page(self, client, editor, article):
        client.force_login(editor)
        url = reverse("claims:claim_create", args=[article.pk])
        response = client.post(
            url,
            {
                "quote": "four Confucius Institutes",
                "new_claimant": "The minister",
                "kind": "quantity",
                "value": "4",
                "unit": "institutes",
            },
        )
        claim = Claim.objects.get()
        assert response.status_code == 302
        assert response.url == claim.get_absolute_url()
        assert article.body[claim.start : claim.end] == "four Confucius Institutes"
        assert claim.statement == claim.quote
        assert claim.created_by == editor
        assert claim.status == Claim.Status.DRAFT

    def test_claim_form_refuses_words_not_in_article_and_suggests_the_nearest(
        self, client, editor, article
    ):
        client.force_login(editor)
        url = reverse("claims:claim_create", args=[article.pk])
        response = post_failing(
            client,
            url,
            {"quote": "five Confucius Institutes", "new_claimant": "x", "kind": "other"},
        )
        assert "These words are not in the article. Did you mean" in response.text
        start = article.body.index("four Confucius Institutes")
        assert f'value="{start}:{start + 25}"' in response.text
        assert not Claim.objects.exists()

    def test_claim_form_offers_each_place_when_quote_repeats(self, client, editor, article):
        client.force_login(editor)
        url = reverse("claims:claim_create", args=[article.pk])
        response = post_failing(client, url, {"quote": "the", "new_claimant": "x", "kind": "other"})
        assert "Choose the place you mean" in response.text
        assert "offset" not in response.text.lower()
        start = article.body.index("the", 10)
        response = client.post(
            url,
            {"quote": "the", "place": f"{start}:{start + 3}", "new_claimant": "x", "kind": "other"},
        )
        assert response.status_code == 302
        assert Claim.objects.get().start == start

    def test_reviewer_cannot_add_claims(self, client, reviewer, article):
        client.force_login(reviewer)
        url = reverse("claims:claim_create", args=[article.pk])
        response = client.post(
            url, {"quote": "four Confucius Institutes", "new_claimant": "x", "kind": "other"}
        )
        assert response.status_code == 403
        assert not Claim.objects.exists()
