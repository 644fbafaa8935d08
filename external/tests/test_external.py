"""Other organisations' fact-checks: read from ClaimReview in its three shapes, kept by
address, fetched under the fetch guard, and offered on a claim's page as "checked before"."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from external.claimreview import Unreadable, read
from external.models import ExternalFactCheck, Feed, MatchDecision
from external.services import import_data, read_feed
from factcheck.testing import make_claim, restore_role_groups

REVIEW = {
    "@type": "ClaimReview",
    "url": "https://check.example.org/trade-35",
    "claimReviewed": "Trade between the two countries grew by 35% over the last two years",
    "author": {
        "@type": "Organization",
        "name": "Central Asia Check",
        "url": "https://check.example.org/",
    },
    "datePublished": "2023-06-02",
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Half true",
    },
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "The minister"}},
}
OTHER = {
    **REVIEW,
    "url": "https://else.example.net/b",
    "claimReviewed": "The border is 1,000 km long",
}


def as_bytes(data):
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "data",
    [
        {"@context": "https://schema.org", "@graph": [REVIEW, OTHER]},  # factcheck's own feed
        [REVIEW, OTHER],
        {"dataFeedElement": [{"item": [REVIEW]}, {"item": [OTHER]}]},  # Data Commons
    ],
    ids=["graph", "list", "data-commons"],
)
def test_every_feed_shape_is_read(data):
    found, refused = read(as_bytes(data))
    assert [f.url for f in found] == [REVIEW["url"], OTHER["url"]]
    assert refused == []
    first = found[0]
    assert (first.publisher, first.rating, first.rating_value) == (
        "Central Asia Check",
        "Half true",
        3,
    )
    assert first.claimant == "The minister"
    assert first.date_published.isoformat() == "2023-06-02"


def test_a_page_s_json_ld_is_read():
    html = (
        "<html><head><script type='application/ld+json'>{broken</script>"
        f"<script type='application/ld+json'>{json.dumps(REVIEW)}</script></head>"
        "<body><p>Our verdict.</p></body></html>"
    )
    found, _refused = read(html.encode(), media_type="text/html")
    assert [f.url for f in found] == [REVIEW["url"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02", "binary"),
        (b"{not json", "not valid JSON"),
        (b'{"@type": "NewsArticle"}', "holds no ClaimReview"),
        (b"<html><body>No markup</body></html>", "holds no ClaimReview"),
        (b"\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_what_holds_no_fact_check_is_refused_by_name(data, message):
    with pytest.raises(Unreadable, match=message):
        read(data)


def test_a_review_lacking_its_address_or_claim_is_left_out_with_why():
    found, refused = read(
        as_bytes([REVIEW, {**REVIEW, "url": "javascript:x"}, {**OTHER, "claimReviewed": ""}])
    )
    assert len(found) == 1
    assert refused == [
        "a review has no web address (url)",
        "the review at https://else.example.net/b does not say what claim it reviewed",
    ]


def test_a_fact_check_is_kept_once_by_its_address(db):
    outcome = import_data(as_bytes([REVIEW]))
    assert (outcome.made, outcome.updated) == (1, 0)
    moved = {
        **REVIEW,
        "url": "HTTPS://Check.Example.org/trade-35/?utm_source=x",
        "reviewRating": {"alternateName": "False"},
    }
    outcome = import_data(as_bytes([moved]))
    assert (outcome.made, outcome.updated) == (0, 1)
    assert ExternalFactCheck.objects.get().rating == "False"
    assert (import_data(as_bytes([moved])).made, import_data(as_bytes([moved])).updated) == (0, 0)


def test_a_feed_is_fetched_and_its_outcome_kept(page_server, db):
    page_server.routes["/feed.json"] = (
        200,
        {"Content-Type": "application/json"},
        as_bytes([REVIEW, OTHER]),
    )
    feed = Feed.objects.create(url=page_server.url("/feed.json"))
    assert str(read_feed(feed)) == "2 new, 0 updated"
    feed.refresh_from_db()
    assert (feed.last_count, feed.last_error) == (2, "")
    page_server.routes["/feed.json"] = (503, {}, b"down")
    with pytest.raises(Unreadable):
        read_feed(feed)
    feed.refresh_from_db()
    assert feed.last_error == "the address answered HTTP 503"


def test_a_feed_at_a_private_address_is_refused_by_the_guard(page_server, settings, db):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    feed = Feed.objects.create(url=page_server.url("/feed.json", host="localhost"))
    with pytest.raises(CommandError, match=r"localhost resolves to 127\.0\.0\.1, a loopback"):
        call_command("import_claimreviews", feed.url)
    feed.refresh_from_db()
    assert "loopback" in feed.last_error
    assert page_server.requests == []


# The claim's page: checked before.


def test_an_editor_sees_checked_before_and_links_or_dismisses(client, claim, editor):
    import_data(as_bytes([REVIEW, OTHER]))
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Checked before elsewhere" in page
    assert "Central Asia Check" in page
    assert "The border is 1,000 km long" not in page  # not alike enough
    review = ExternalFactCheck.objects.get(url=REVIEW["url"])
    url = reverse("external:decide", args=[claim.pk])
    client.post(url, {"external": review.pk, "action": "dismiss"})
    assert "Central Asia Check" not in client.get(claim.get_absolute_url()).content.decode()
    client.post(url, {"external": review.pk, "action": "link"})
    assert MatchDecision.objects.get().linked
    assert "Linked by an editor" in client.get(claim.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"external": "x", "action": "link"},
        {"external": 10**30, "action": "link"},
        {"action": "burn"},
    ],
)
def test_a_forged_decision_changes_nothing(client, claim, editor, data):
    client.force_login(editor)
    response = client.post(reverse("external:decide", args=[claim.pk]), data, follow=True)
    assert response.status_code == 200
    assert not MatchDecision.objects.exists()


def test_a_reviewer_sees_no_other_desk_s_rating_before_their_own_review(
    client, claim_in_review, reviewer
):
    import_data(as_bytes([REVIEW]))
    client.force_login(reviewer)
    page = client.get(claim_in_review.get_absolute_url()).content.decode()
    assert "Checked before elsewhere" not in page
    assert "Central Asia Check" not in page
    claim_in_review.submit_review(reviewer=reviewer, rating=4, confidence=3, rationale="x")
    assert "Central Asia Check" in client.get(claim_in_review.get_absolute_url()).content.decode()
    response = client.post(
        reverse("external:decide", args=[claim_in_review.pk]),
        {"external": ExternalFactCheck.objects.get().pk, "action": "link"},
    )
    assert response.status_code == 403


def test_factcheck_s_own_feed_is_recognised_claim_for_claim(
    client, published_claim, article, editor
):
    """Our feed, read as another desk would read it: each claim restated is recognised."""
    feed = client.get("/claimreview.json").content
    import_data(feed)
    restated = make_claim(article, "Kyrgyzstan is home to four Confucius Institutes")
    restated.statement = published_claim.statement
    restated.save()
    client.force_login(editor)
    page = client.get(restated.get_absolute_url()).content.decode()
    assert f"/factchecks/{published_claim.pk}/" in page
    assert "Mostly true" in page


# The desk's page of fact-checks elsewhere.


def test_the_page_is_for_editors(client, reviewer, editor):
    client.force_login(reviewer)
    assert client.get(reverse("external:index")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("external:index")).status_code == 200
    assert client.get(reverse("external:index"), {"page": "99999999999"}).status_code == 404


def test_a_file_is_imported_from_the_page(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("feed.json", as_bytes([REVIEW]), content_type="application/json")
    page = client.post(reverse("external:import"), {"file": upload}, follow=True).content.decode()
    assert "feed.json: 1 new, 0 updated." in page
    binary = SimpleUploadedFile("x.json", b"\x00\x01", content_type="application/json")
    page = client.post(reverse("external:import"), {"file": binary}, follow=True).content.decode()
    assert "x.json was not read: the file is binary" in page
    assert ExternalFactCheck.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Give an address or choose a file."), ({"url": "javascript:alert(1)"}, "http://")],
)
def test_a_bad_import_form_says_why(client, editor, data, message):
    client.force_login(editor)
    page = client.post(reverse("external:import"), data, follow=True)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Feed.objects.exists()


@pytest.fixture
def role_groups(transactional_db):
    # A transactional test that ran before this one emptied every table, the role groups with them.
    restore_role_groups()


@pytest.mark.django_db(transaction=True)
def test_an_address_given_on_the_page_is_read_by_the_worker(
    role_groups, client, page_server, editor
):
    page_server.routes["/feed.json"] = (
        200,
        {"Content-Type": "application/json"},
        as_bytes([REVIEW]),
    )
    client.force_login(editor)
    client.post(reverse("external:import"), {"url": page_server.url("/feed.json"), "follow": "on"})
    assert not ExternalFactCheck.objects.exists()  # the page answered before reading
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    assert ExternalFactCheck.objects.get().publisher == "Central Asia Check"
    feed = Feed.objects.get()
    assert feed.followed
    assert feed.last_count == 1
    call_command("refresh_claimreview_feeds", verbosity=0)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    assert page_server.requests == ["/feed.json", "/feed.json"]
    assert ExternalFactCheck.objects.count() == 1


def test_the_page_reads_a_fixed_number_of_queries(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("external:index")).status_code == 200
        return len(queries)

    before = count()
    import_data(as_bytes([REVIEW, OTHER]))
    for n in range(3):
        Feed.objects.create(url=f"https://feeds{n}.example.org/")
    # The session, the user, the user's groups (the editors' check), the feeds, the fact-checks.
    assert count() == before == 5


def test_the_demo_s_fact_checks_elsewhere_are_found_for_the_seed_claims(db, client, settings):
    """The seed claims and the demo's ClaimReview fixture, as `make run` loads them."""
    from pathlib import Path

    from django.contrib.auth.models import User

    from claims.models import Claim
    from factcheck.testing import restore_role_groups

    call_command("loaddata", "articles", "demo", verbosity=0)
    restore_role_groups()
    call_command(
        "import_claimreviews", str(Path(settings.BASE_DIR) / "fixtures" / "claimreviews_demo.json")
    )
    claim = Claim.objects.get(statement="There are four Confucius Institutes in Kyrgyzstan.")
    client.force_login(User.objects.get(username="editor"))  # the demo's editor
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Checked before elsewhere" in page
    assert "Example Check (demo)" in page
    assert "https://check.example.org/2023/06/confucius-institutes-kyrgyzstan" in page


def test_an_address_is_followed_read_again_and_unfollowed_from_the_page(
    client, editor, django_capture_on_commit_callbacks
):
    feed = Feed.objects.create(url="https://check.example.org/feed.json")
    client.force_login(editor)
    url = reverse("external:feed", args=[feed.pk])
    client.post(url, {"action": "follow"})
    feed.refresh_from_db()
    assert feed.followed
    with django_capture_on_commit_callbacks() as queued:
        page = client.post(url, {"action": "read"}, follow=True).content.decode()
    assert "Reading https://check.example.org/feed.json again." in page
    assert len(queued) == 1  # a worker reads it
    client.post(url, {"action": "unfollow"})
    feed.refresh_from_db()
    assert not feed.followed
    page = client.post(url, {"action": "burn"}, follow=True).content.decode()
    assert "Choose to read, follow or stop following the address." in page
    assert client.post(reverse("external:feed", args=[10**20])).status_code == 404
