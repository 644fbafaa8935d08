"""The public fact-check page: quote in its paragraph, article link, byline, rating scale, meta."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from claims.models import Article, Rating, RatingLevel, VerdictRevision


class HeadParser(HTMLParser):
    """The page's <meta> and <link> elements, by name/property and rel."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content")
        if tag == "link" and "rel" in attrs:
            self.links.setdefault(attrs["rel"], []).append(attrs)


def head_of(html):
    parser = HeadParser()
    parser.feed(html)
    return parser


def byline_of(html):
    return html.split('class="meta byline"')[1].split("</p>")[0]


def page_of(client, claim):
    response = client.get(reverse("public:factcheck", args=[claim.pk]))
    assert response.status_code == 200
    return response.text


def test_the_quote_is_highlighted_in_its_paragraph(client, published_claim):
    text = page_of(client, published_claim)
    assert (
        "Trade between the two countries "
        '<span class="visually-hidden">[claim begins] </span>'
        '<mark class="claim-mark current">grew by 35% over the last two years</mark>'
        '<span class="visually-hidden"> [claim ends]</span>.'
    ) in text
    # Only its own paragraph: the article's other lines are not quoted.
    assert "Confucius" not in text


def test_the_paragraph_is_the_one_published_whatever_happens_to_the_article(
    client, published_claim
):
    Article.objects.filter(pk=published_claim.article_id).update(
        body="Rewritten: trade grew by 35% over the last two years, says a new sentence."
    )
    text = page_of(client, published_claim)
    assert "Rewritten" not in text
    assert "Trade between the two countries <span" in text


def test_a_publication_without_its_paragraph_shows_the_quote_alone(client, published_claim):
    revision = VerdictRevision.objects.get()
    del revision.appearance["paragraph"]
    VerdictRevision.objects.filter(pk=revision.pk).update(appearance=revision.appearance)
    text = page_of(client, published_claim)
    assert '<p><mark class="claim-mark current">grew by 35% over the last two years</mark></p>' in (
        text
    )
    assert "Trade between the two countries" not in text
    assert "highlighted in its paragraph" not in text


def test_a_quote_no_longer_at_its_offsets_is_published_without_a_paragraph(settled_claim, editor):
    # Written around the model (the database's offsets no longer match the text).
    Article.objects.filter(pk=settled_claim.article_id).update(body="Something else entirely.")
    settled_claim.refresh_from_db()
    settled_claim.publish(editor=editor)
    assert VerdictRevision.objects.get().appearance["paragraph"] == {}


def test_paragraph_text_is_escaped(client, published_claim):
    revision = VerdictRevision.objects.get()
    revision.appearance["paragraph"] = {"before": "<b>bold</b> ", "after": " <script>x</script>"}
    VerdictRevision.objects.filter(pk=revision.pk).update(appearance=revision.appearance)
    text = page_of(client, published_claim)
    assert "&lt;b&gt;bold&lt;/b&gt; <span" in text
    assert "<script>x" not in text


def test_the_original_article_is_linked_with_outlet_title_and_date(client, published_claim):
    text = page_of(client, published_claim)
    assert (
        '<a class="article-link" href="https://times.example.org/trade-and-ties" '
        'rel="noopener noreferrer">Trade and ties</a>'
    ) in text
    assert '<span class="outlet">Example Times</span>' in text
    assert '<time class="article-date" datetime="2026-03-14">14 March 2026</time>' in text
    assert "Read the original article at Example Times" in text


def test_byline_names_the_organisation_and_the_editor_who_published(
    client, published_claim, settings
):
    settings.FACTCHECK_ORGANISATION = "Northern Checks"
    text = page_of(client, published_claim)
    published_on = VerdictRevision.objects.get().published_at
    assert 'By <strong class="organisation">Northern Checks</strong>' in text
    assert 'verdict published by <span class="editor">Edna</span>, editor' in text
    assert f'datetime="{published_on:%Y-%m-%d}"' in text
    assert "corrected" not in byline_of(text)


def test_byline_shows_the_corrected_date_after_a_correction(client, published_claim, editor):
    published_claim.reopen(editor=editor, reason="New data.")
    published_claim.refresh_from_db()
    published_claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Two years, not one.")
    published_claim.publish(editor=editor)
    corrected = VerdictRevision.objects.latest().published_at
    byline = byline_of(page_of(client, published_claim))
    assert f'<time class="date-corrected" datetime="{corrected.isoformat()}">' in byline


def test_byline_leaves_out_a_deleted_editor(client, published_claim):
    VerdictRevision.objects.update(editor=None)
    text = page_of(client, published_claim)
    assert "verdict published by" not in text
    assert 'By <strong class="organisation">' in text


def test_rating_scale_explains_every_rating_and_marks_the_given_one(client, published_claim):
    text = page_of(client, published_claim)
    for level in RatingLevel.objects.all():
        assert str(level.label) in text
        assert str(level.description) in text
    given = text.split('rating-scale-item given">')
    assert len(given) == 2  # exactly one marked
    assert given[1].split("</div>")[0].count("Mostly true") == 1
    assert "this fact-check\u2019s rating" in given[1].split("</div>")[0]


def test_page_links_the_methodology_and_corrections_policy(client, published_claim):
    text = page_of(client, published_claim)
    assert f'href="{reverse("public:methodology")}">how we check claims</a>' in text
    assert f'href="{reverse("public:corrections")}">corrections policy</a>' in text


def test_page_has_description_og_meta_canonical_and_feed_link(client, published_claim):
    head = head_of(page_of(client, published_claim))
    url = "http://testserver" + reverse("public:factcheck", args=[published_claim.pk])
    assert head.meta["description"] == "Mostly true: Customs data bear the figure out."
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:title"] == "Fact-check: grew by 35% over the last two years"
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == url
    assert head.meta["twitter:card"] == "summary"
    assert [link["href"] for link in head.links["canonical"]] == [url]
    assert head.links["alternate"] == [
        {
            "rel": "alternate",
            "type": "application/atom+xml",
            "title": "Fact-checks by The Factcheck Desk",
            "href": reverse("public:atom_feed"),
        }
    ]


def test_meta_content_is_escaped(client, published_claim):
    hostile = 'Quote " onmouseover="alert(1)" <script>'
    VerdictRevision.objects.update(statement=hostile, summary=hostile)
    text = page_of(client, published_claim)
    assert 'onmouseover="alert(1)"' not in text
    head = head_of(text)
    assert head.meta["og:title"] == "Fact-check: " + hostile
    assert head.meta["description"] == "Mostly true: " + hostile


def test_public_page_has_no_workbench_navigation(client, published_claim, editor):
    client.force_login(editor)  # even for a signed-in editor: the reader's page
    text = page_of(client, published_claim)
    assert "My queue" not in text
    assert reverse("claims:claim_list") not in text
    assert "Log out" not in text


@pytest.mark.parametrize("fixture", ["claim", "settled_claim"])
def test_no_public_page_before_publication(client, db, fixture, request):
    claim = request.getfixturevalue(fixture)
    assert client.get(reverse("public:factcheck", args=[claim.pk])).status_code == 404


def test_page_costs_two_queries(client, published_claim, django_assert_num_queries):
    # the claim with when it was last reopened; its publications with their editors
    with django_assert_num_queries(2):
        page_of(client, published_claim)
