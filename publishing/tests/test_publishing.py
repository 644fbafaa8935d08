"""Publishing: the gate, the public page, its ClaimReview markup, the feed, corrections."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Claimant, Rating, Verdict, VerdictRevision, WorkflowError
from claims.models.reporting import Reporting
from factcheck.testing import add_primary_evidence, make_claim
from publishing import claimreview


class ScriptCollector(HTMLParser):
    """Collects the text of every <script type="application/ld+json"> and every <script>."""

    def __init__(self):
        super().__init__()
        self.json_ld = []
        self.scripts = 0
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
            self._in_json_ld = dict(attrs).get("type") == "application/ld+json"
            if self._in_json_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def parse_page(html):
    collector = ScriptCollector()
    collector.feed(html)
    return collector


def public_url(claim):
    return reverse("public:factcheck", args=[claim.pk])


class TestPublishGate:
    def test_settled_claim_with_sources_and_reviews_publishes(self, settled_claim, editor):
        assert settled_claim.publish_blockers() == []
        settled_claim.publish(editor=editor)
        settled_claim.refresh_from_db()
        assert settled_claim.status == Claim.Status.PUBLISHED
        assert VerdictRevision.objects.get().rating == Rating.MOSTLY_TRUE

    def test_missing_primary_source_is_named_and_nothing_changes(self, reviewed_claim, editor):
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        with pytest.raises(WorkflowError) as error:
            reviewed_claim.publish(editor=editor)
        assert str(error.value) == (
            "The verdict cannot be published yet: at least 1 confirmed primary source (it has 0)."
        )
        reviewed_claim.refresh_from_db()
        assert reviewed_claim.status == Claim.Status.SETTLED
        assert not VerdictRevision.objects.exists()

    def test_secondary_source_does_not_count(self, reviewed_claim, editor):
        add_primary_evidence(reviewed_claim, editor, source_type="secondary")
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        assert [str(m) for m in reviewed_claim.publish_blockers()] == [
            "at least 1 confirmed primary source (it has 0)"
        ]

    def test_rated_verdict_needs_enough_reviews(self, article, editor, reviewer):
        claim = make_claim(article, "four Confucius Institutes")
        claim.assign([reviewer], by=editor)
        claim.submit_review(reviewer=reviewer, rating=Rating.FALSE, confidence=4, rationale="No.")
        add_primary_evidence(claim, editor)
        claim.settle(editor=editor, rating=Rating.FALSE, summary="There are two.")
        with pytest.raises(WorkflowError, match=r"at least 2 submitted reviews \(it has 1\)"):
            claim.publish(editor=editor)

    def test_unverifiable_verdict_needs_no_second_review(self, article, editor, reviewer):
        claim = make_claim(article, "four Confucius Institutes")
        claim.assign([reviewer], by=editor)
        claim.submit_review(
            reviewer=reviewer, rating=Rating.UNVERIFIABLE, confidence=2, rationale="No data."
        )
        add_primary_evidence(claim, editor)
        claim.settle(editor=editor, rating=Rating.UNVERIFIABLE, summary="No register exists.")
        claim.publish(editor=editor)
        assert claim.status == Claim.Status.PUBLISHED

    def test_thresholds_come_from_settings(self, settings, settled_claim, editor):
        settings.FACTCHECK_PUBLISH_MIN_PRIMARY_EVIDENCE = 2
        settings.FACTCHECK_PUBLISH_MIN_REVIEWS = 3
        assert [str(m) for m in settled_claim.publish_blockers()] == [
            "at least 2 confirmed primary sources (it has 1)",
            "at least 3 submitted reviews (it has 2)",
        ]

    def test_claim_page_says_what_is_missing_before_publishing(
        self, client, reviewed_claim, editor
    ):
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        client.force_login(editor)
        page = client.get(reviewed_claim.get_absolute_url()).text
        assert "Not ready to publish." in page
        assert "at least 1 confirmed primary source (it has 0)" in page
        assert reverse("public:preview", args=[reviewed_claim.pk]) not in page

    def test_claim_page_offers_publishing_when_ready(self, client, settled_claim, editor):
        client.force_login(editor)
        page = client.get(settled_claim.get_absolute_url()).text
        assert "Not ready to publish." not in page
        assert reverse("public:preview", args=[settled_claim.pk]) in page

    def test_refused_publish_shows_the_reason(self, client, reviewed_claim, editor):
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
        client.force_login(editor)
        response = client.post(
            reverse("claims:publish", args=[reviewed_claim.pk]), {"previewed": "True"}, follow=True
        )
        assert "The verdict cannot be published yet" in response.text


class TestPublicPage:
    def test_anyone_can_read_a_published_factcheck(self, client, published_claim):
        response = client.get(public_url(published_claim))
        assert response.status_code == 200
        text = response.text
        assert published_claim.statement in text
        assert "Customs data bear the figure out." in text
        assert "Trade and ties" in text
        assert "Example Times" in text
        assert 'href="https://times.example.org/trade-and-ties"' in text
        assert 'href="https://stats.example.org/trade"' in text
        assert "14 March 2026" in text
        assert "Mostly true" in text

    @pytest.mark.parametrize("fixture", ["claim", "claim_in_review", "settled_claim"])
    def test_unpublished_claims_are_404(self, client, db, fixture, request):
        claim = request.getfixturevalue(fixture)
        assert client.get(public_url(claim)).status_code == 404

    def test_claim_reopened_before_publishing_is_404(self, client, settled_claim, editor):
        settled_claim.reopen(editor=editor, reason="Check again.")
        assert client.get(public_url(settled_claim)).status_code == 404

    def test_missing_claim_is_404(self, client, db):
        assert client.get(reverse("public:factcheck", args=[999999])).status_code == 404

    def test_only_http_links_become_href(self, client, published_claim):
        # Rows written around the model's validation (imports, raw SQL) must not become links,
        # whether the article held it when published or the publication's record was written so.
        revision = VerdictRevision.objects.get()
        revision.appearance["url"] = "javascript:alert(1)"
        VerdictRevision.objects.filter(pk=revision.pk).update(appearance=revision.appearance)
        text = client.get(public_url(published_claim)).text
        assert "javascript:" not in text
        assert "<cite>Trade and ties</cite>" in text

    def test_a_non_web_article_link_is_not_recorded_when_published(
        self, client, settled_claim, editor
    ):
        type(settled_claim.article).objects.filter(pk=settled_claim.article_id).update(
            url="javascript:alert(1)"
        )
        settled_claim.refresh_from_db()
        settled_claim.publish(editor=editor)
        assert VerdictRevision.objects.get().appearance["url"] == ""
        assert "javascript:" not in client.get(public_url(settled_claim)).text

    def test_public_page_has_no_workbench_controls(self, client, published_claim):
        text = client.get(public_url(published_claim)).text
        assert "Reopen" not in text
        assert "Rita" not in text  # reviewers stay anonymous


class TestClaimReviewMarkup:
    def test_page_embeds_exactly_one_claimreview_matching_the_page(
        self, client, published_claim, settings
    ):
        settings.FACTCHECK_ORGANISATION = "Example Checks"
        settings.FACTCHECK_PUBLISHER_URL = "https://checks.example.org/"
        response = client.get(public_url(published_claim))
        parsed = parse_page(response.text)
        assert parsed.scripts == 1
        assert len(parsed.json_ld) == 1
        data = json.loads(parsed.json_ld[0])
        published_on = VerdictRevision.objects.get().published_at.date().isoformat()
        assert data == {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "http://testserver" + public_url(published_claim),
            "claimReviewed": "grew by 35% over the last two years",
            "author": {
                "@type": "Organization",
                "name": "Example Checks",
                "url": "https://checks.example.org/",
            },
            "datePublished": published_on,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 4,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "Mostly true",
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": "Example Times"},
                "datePublished": "2026-03-14",
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://times.example.org/trade-and-ties",
                    "headline": "Trade and ties",
                },
            },
        }
        text = response.text
        for shown in [
            data["claimReviewed"],
            data["reviewRating"]["alternateName"],
            data["itemReviewed"]["author"]["name"],
            data["itemReviewed"]["appearance"]["headline"],
            f'datetime="{published_on}"',
            'datetime="2026-03-14"',
            "Example Checks",
        ]:
            assert shown in text.split("<script")[0], shown

    def test_person_claimant_and_unverifiable_rating(self, article, editor, reviewer):
        claim = make_claim(article, "four Confucius Institutes", claimant="The minister")
        claim.assign([reviewer], by=editor)
        claim.submit_review(
            reviewer=reviewer,
            rating=Rating.UNVERIFIABLE,
            confidence=2,
            rationale="No data.",
            reporting=Reporting.FAITHFUL,
        )
        add_primary_evidence(claim, editor)
        claim.settle(
            editor=editor,
            rating=Rating.UNVERIFIABLE,
            summary="No register exists.",
            reporting=Reporting.FAITHFUL,
        )
        claim.publish(editor=editor)
        review = claimreview.claim_review(claimreview.public_claims().get(), "https://x.example/")
        assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
        assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "The minister"}
        assert "datePublished" not in review["itemReviewed"]  # the article has no date
        assert "url" not in review["itemReviewed"]["appearance"]  # nor a link

    def test_author_is_the_claimants_entity_with_its_links(self, settled_claim, editor):
        claimant = settled_claim.claimant
        claimant.kind = Claimant.Kind.PERSON
        claimant.description = "Columnist"
        claimant.same_as = "https://www.wikidata.org/wiki/Q42\nhttps://example.org/about"
        claimant.save()
        Claim.objects.get(pk=settled_claim.pk).publish(editor=editor)
        review = claimreview.claim_review(claimreview.public_claims().get(), "https://x.example/")
        assert review["itemReviewed"]["author"] == {
            "@type": "Person",
            "name": "Example Times",
            "sameAs": ["https://www.wikidata.org/wiki/Q42", "https://example.org/about"],
            "description": "Columnist",
        }
        # A link written into the record behind the model's back is still no link.
        revision = VerdictRevision.objects.get()
        revision.claimant["sameAs"] = ["javascript:alert(1)"]
        VerdictRevision.objects.filter(pk=revision.pk).update(claimant=revision.claimant)
        author = claimreview.claim_review(claimreview.public_claims().get(), "https://x.example/")
        assert "sameAs" not in author["itemReviewed"]["author"]

    def test_the_author_is_as_published_until_published_again(self, published_claim):
        claimant = published_claim.claimant
        claimant.kind = Claimant.Kind.PERSON
        claimant.same_as = "https://www.wikidata.org/wiki/Q42"
        claimant.save()
        review = claimreview.claim_review(claimreview.public_claims().get(), "https://x.example/")
        assert review["itemReviewed"]["author"]["@type"] == "Organization"
        assert "sameAs" not in review["itemReviewed"]["author"]

    def test_claim_text_cannot_close_the_script_element(self, client, published_claim):
        hostile = "</script><script>alert(1)</script> & <!--"
        VerdictRevision.objects.filter(claim=published_claim).update(
            claimant={"@type": "Person", "name": hostile}, statement=hostile
        )
        text = client.get(public_url(published_claim)).text
        assert "<script>alert(1)" not in text
        parsed = parse_page(text)
        assert parsed.scripts == 1
        data = json.loads(parsed.json_ld[0])
        assert data["claimReviewed"] == hostile
        assert data["itemReviewed"]["author"]["name"] == hostile
        assert "\\u003c/script\\u003e" in parsed.json_ld[0]
        assert "\\u0026" in parsed.json_ld[0]


class TestFeed:
    def test_feed_lists_every_published_claimreview_and_nothing_else(
        self, client, published_claim, article, editor, reviewer
    ):
        make_claim(article, "four Confucius Institutes")  # a draft: not in the feed
        response = client.get(reverse("public:claimreview_feed"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        feed = response.json()
        assert feed["@context"] == "https://schema.org"
        assert len(feed["@graph"]) == 1
        item = feed["@graph"][0]
        page = parse_page(client.get(public_url(published_claim)).text)
        expected = json.loads(page.json_ld[0])
        del expected["@context"]
        assert item == expected

    def test_feed_needs_no_login_and_a_fixed_number_of_queries(
        self, client, published_claim, django_assert_num_queries
    ):
        # the page's claims with when they were reopened, then their publications,
        # whose records hold everything the feed says
        with django_assert_num_queries(2):
            assert client.get(reverse("public:claimreview_feed")).status_code == 200

    def test_feed_comes_a_page_at_a_time_with_a_link_to_the_next(
        self, client, published_claim, article, editor, monkeypatch
    ):
        from publishing import views

        later = make_claim(article, "four Confucius Institutes")
        Verdict.objects.create(
            claim=later, rating=Rating.TRUE, summary="s", editor=editor, published_at=timezone.now()
        )
        VerdictRevision.objects.create(
            claim=later, rating=Rating.TRUE, summary="s", editor=editor, statement=later.statement
        )
        monkeypatch.setattr(views, "FEED_PAGE_SIZE", 1)
        feed = reverse("public:claimreview_feed")
        first = client.get(feed)
        assert [r["claimReviewed"] for r in first.json()["@graph"]] == [later.statement]
        assert first["Link"] == f'<http://testserver{feed}?page=2>; rel="next"'
        second = client.get(feed + "?page=2")
        assert [r["claimReviewed"] for r in second.json()["@graph"]] == [published_claim.statement]
        assert "Link" not in second  # nothing older
        for page in ["0", "-1", "x", "3"]:
            assert client.get(feed + f"?page={page}").status_code == 404


class TestCorrections:
    def republish(self, claim, editor, rating, summary):
        claim.reopen(editor=editor, reason="New customs data.")
        claim.refresh_from_db()
        claim.settle(editor=editor, rating=rating, summary=summary)
        claim.publish(editor=editor)

    def test_reopened_claim_keeps_its_page_with_the_published_verdict(
        self, client, published_claim, editor
    ):
        published_claim.reopen(editor=editor, reason="New customs data.")
        text = client.get(public_url(published_claim)).text
        assert "Customs data bear the figure out." in text
        assert "being reviewed again" in text
        published_claim.refresh_from_db()
        published_claim.settle(editor=editor, rating=Rating.FALSE, summary="Draft, not public.")
        text = client.get(public_url(published_claim)).text
        assert "Draft, not public." not in text
        assert "Customs data bear the figure out." in text

    def test_republished_verdict_shows_a_correction_note(self, client, published_claim, editor):
        self.republish(published_claim, editor, Rating.HALF_TRUE, "The period was two years.")
        text = client.get(public_url(published_claim)).text
        assert "The period was two years." in text
        assert "Correction" in text
        assert (
            "the verdict changed from <strong>Mostly true</strong> to <strong>Half true</strong>"
            " and the explanation was rewritten." in text
        )
        assert "being reviewed again" not in text
        first, second = VerdictRevision.objects.all()
        assert (first.rating, second.rating) == (Rating.MOSTLY_TRUE, Rating.HALF_TRUE)
        data = json.loads(parse_page(text).json_ld[0])
        assert data["reviewRating"]["ratingValue"] == 3
        assert data["datePublished"] == first.published_at.date().isoformat()
        assert data["dateModified"] == second.published_at.isoformat()

    def test_same_rating_new_explanation_is_noted(self, client, published_claim, editor):
        self.republish(published_claim, editor, Rating.MOSTLY_TRUE, "Now with 2025 data.")
        text = client.get(public_url(published_claim)).text
        assert "the explanation was rewritten; the verdict stays <strong>Mostly true" in text
