"""The Atom feed of fact-checks: valid Atom, the newest 50, published records only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from claims.models import Rating, VerdictRevision
from factcheck.testing import make_claim
from publishing import feeds

FEED = reverse("public:atom_feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    # The feed the site itself wrote, not outside input: defusedxml has nothing to guard here.
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def test_feed_is_atom_with_what_a_feed_reader_needs(client, published_claim, settings):
    settings.FACTCHECK_ORGANISATION = "Northern Checks"
    root = parse(client)
    revision = VerdictRevision.objects.get()
    assert root.findtext(f"{ATOM}title") == "Fact-checks by Northern Checks"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Northern Checks"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver" + FEED
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver" + reverse("public:index")
    )
    (entry,) = entries(root)
    url = "http://testserver" + reverse("public:factcheck", args=[published_claim.pk])
    assert entry.findtext(f"{ATOM}title") == "grew by 35% over the last two years"
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.findtext(f"{ATOM}summary") == "Mostly true. Customs data bear the figure out."
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Edna"
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated == revision.published_at
    assert root.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}updated")


def test_feed_lists_nothing_unpublished(client, settled_claim, article):
    make_claim(article, "four Confucius Institutes")
    assert entries(parse(client)) == []


def test_feed_says_a_reopened_fact_check_is_being_reviewed_again(client, published_claim, editor):
    published_claim.reopen(editor=editor, reason="New data.")
    published_claim.refresh_from_db()
    published_claim.settle(editor=editor, rating=Rating.FALSE, summary="Unpublished draft.")
    (entry,) = entries(parse(client))
    summary = entry.findtext(f"{ATOM}summary")
    assert "Unpublished draft." not in summary
    assert summary == (
        "Mostly true. Customs data bear the figure out. This fact-check is being reviewed again."
    )


def test_corrected_fact_check_is_updated_but_keeps_its_first_publication_date(
    client, published_claim, editor
):
    published_claim.reopen(editor=editor, reason="New data.")
    published_claim.refresh_from_db()
    published_claim.settle(editor=editor, rating=Rating.HALF_TRUE, summary="Corrected.")
    published_claim.publish(editor=editor)
    first, second = VerdictRevision.objects.all()
    (entry,) = entries(parse(client))
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published == first.published_at
    assert updated == second.published_at
    assert entry.findtext(f"{ATOM}summary") == "Half true. Corrected."


def test_summary_text_reaches_the_reader_as_written(client, published_claim):
    VerdictRevision.objects.update(summary="Imports < exports & <b>not</b> bold.")
    (entry,) = entries(parse(client))
    # Atom's type="html": the HTML a reader's app renders shows the characters themselves.
    assert entry.findtext(f"{ATOM}summary") == (
        "Mostly true. Imports &lt; exports &amp; &lt;b&gt;not&lt;/b&gt; bold."
    )


def test_feed_holds_the_newest_fifty(client, publish_on, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    for day, quote in enumerate(
        ["grew by 35%", "four Confucius Institutes", "a thousand kilometers"], 1
    ):
        publish_on(quote, datetime.date(2026, 3, day))
    titles = [e.findtext(f"{ATOM}title") for e in entries(parse(client))]
    assert titles == ["a thousand kilometers", "four Confucius Institutes"]


def test_feed_links_follow_the_request_not_the_sites_framework(client, published_claim):
    Site.objects.filter(pk=1).update(domain="elsewhere.example")
    Site.objects.clear_cache()
    root = parse(client)
    assert "elsewhere.example" not in ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_feed_answers_only_get(client, db, method):
    assert getattr(client, method)(FEED).status_code == 405


def test_feed_costs_three_queries(client, published_claim, publish_on, django_assert_num_queries):
    publish_on("four Confucius Institutes", datetime.date(2026, 3, 1))
    Site.objects.clear_cache()
    # the sites framework's one site (django.contrib.syndication asks for it; cached after),
    # the newest claims with when they were reopened, their publications with their editors
    with django_assert_num_queries(3):
        parse(client)
