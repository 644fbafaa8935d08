"""The seed articles and the demo data: they load, they fit the workflow, bad ones are refused.

fixtures/articles.json holds the five source articles and the claims drawn from them;
fixtures/demo.json holds the demo users and a workflow state with claims in every status.
"""

from io import StringIO
from itertools import pairwise

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from claims.models import (
    Article,
    Assignment,
    Claim,
    Claimant,
    Evidence,
    Review,
    StatusChange,
    Verdict,
    rating_spread,
)
from claims.models.claimants import PLACEHOLDERS
from claims.validators import is_web_url

from .fixture_files import (
    AFTER_REVIEW,
    ARTICLES,
    DEMO,
    DEMO_PASSWORD,
    DEMO_USERS,
    WORKFLOW_STATUSES,
    Status,
    counts,
    fixture_records,
    load,
)

# --- The seed articles and claims


def test_articles_then_demo_load_into_an_empty_database(db):
    assert not Article.objects.exists()
    load(ARTICLES, DEMO)
    assert Article.objects.count() == 5
    assert User.objects.filter(username__in=DEMO_USERS).count() == 4


def test_every_claim_quote_is_the_article_text_at_its_offsets(demo):
    claims = list(Claim.objects.select_related("article"))
    assert claims
    wrong = [c.pk for c in claims if c.article.body[c.start : c.end] != c.quote]
    assert wrong == []
    assert not Claim.objects.with_quote_mismatch().exists()


def test_every_quote_is_a_sentence_or_clause_not_a_whole_paragraph(seeded):
    for claim in Claim.objects.select_related("article"):
        para_start, para_end = claim.article.paragraph_bounds(claim.start, claim.end)
        assert "\n" not in claim.quote, claim.pk
        assert len(claim.quote) < 300, claim.pk
        if para_end - para_start > 300:
            assert claim.end - claim.start < para_end - para_start, claim.pk


def seed_texts():
    """The seed article files' text, decoded without newline translation, in name order."""
    sources = sorted(settings.FACTCHECK_SEED_ARTICLES.glob("*.txt"))
    return {path.name: path.read_bytes().decode("utf-8") for path in sources}


def test_the_seed_articles_are_kept_in_the_repository():
    # The tests must not depend on anything beside the checkout.
    assert settings.FACTCHECK_SEED_ARTICLES.is_relative_to(settings.BASE_DIR)
    assert len(seed_texts()) == 5


def test_article_bodies_are_the_source_files_exactly(seeded):
    texts = seed_texts()
    assert len(texts) == 5
    for pk, (name, text) in enumerate(texts.items(), start=1):
        assert Article.objects.get(pk=pk).body == text, name


def test_the_article_fixture_holds_the_seed_files_and_nothing_else():
    records = sorted(fixture_records(ARTICLES, "claims.article"), key=lambda r: r["pk"])
    assert [r["fields"]["body"] for r in records] == list(seed_texts().values())


def test_article_content_hashes_are_the_sha256_of_their_bodies(seeded):
    for article in Article.objects.all():
        assert article.content_hash == Article.hash_body(article.body), article.pk


def test_articles_have_titles_and_only_the_metadata_their_text_gives(seeded):
    for article in Article.objects.select_related("outlet"):
        assert article.title
        assert article.title in article.body.splitlines(), article.pk
        if article.author:
            assert article.author in article.body, article.pk
        if article.outlet:
            assert article.outlet.name in article.body, article.pk
    cgtn = Article.objects.get(pk=3)
    assert (cgtn.outlet.name, cgtn.author, str(cgtn.published_on)) == (
        "CGTN",
        "Aktilek Musaeva",
        "2023-05-26",
    )


def test_at_least_thirty_claims_spread_over_all_five_articles(seeded):
    assert Claim.objects.count() >= 30
    for article in Article.objects.all():
        assert article.claims.count() >= 3, article.title
    assert not Claim.objects.exclude(status=Status.DRAFT).exists()


@pytest.mark.parametrize("fixtures", [[ARTICLES], [ARTICLES, DEMO]])
def test_unattributed_claims_follow_the_one_rule(db, fixtures):
    for fixture in fixtures:
        load(fixture)
    claimants = Claimant.objects.count()
    speakers = {"CGTN", "Xinhua"}  # named by their sentences in article 3
    for article in Article.objects.all():
        rule = Claimant.objects.for_unattributed(article)
        unattributed = article.claims.exclude(claimant_name__in=speakers)
        assert set(unattributed.values_list("claimant", flat=True)) == {rule.pk}, article.pk
    assert Claimant.objects.count() == claimants  # the rule found each, made none
    musaeva = Claimant.objects.get(name="Aktilek Musaeva")
    assert (musaeva.kind, musaeva.claims.count()) == ("person", 11)
    # the 29 claims that were "the article's author" in articles with no author, and 2 speakers
    assert Claim.objects.filter(claimant__kind="organisation").count() == 31


def test_claims_are_checkable_and_well_formed(seeded):
    for claim in Claim.objects.all():
        assert claim.statement.strip(), claim.pk
        assert claim.claimant_name == claim.claimant.name, claim.pk
        assert claim.claimant_name.casefold() not in PLACEHOLDERS, claim.pk
        assert claim.kind in Claim.Kind.values, claim.pk
        if claim.kind == Claim.Kind.QUANTITY:
            assert claim.value is not None, claim.pk
            assert claim.unit, claim.pk
        else:
            assert claim.value is None, claim.pk
            assert (claim.unit, claim.period) == ("", ""), claim.pk


@pytest.mark.parametrize(
    ("quote_part", "value", "unit", "period"),
    [
        ("35% increase in bilateral trade", 35, "percent", "the last two years"),
        ("four Confucius Institutes", 4, "institutes", ""),
        ("13 ministerial-level cooperation platforms", 13, "platforms", ""),
        ("spans over a thousand kilometers", 1000, "km", ""),
    ],
)
def test_the_named_quantity_claims_exist_with_their_values(seeded, quote_part, value, unit, period):
    claim = Claim.objects.get(quote__contains=quote_part)
    assert claim.kind == Claim.Kind.QUANTITY
    assert (claim.value, claim.unit, claim.period) == (value, unit, period)


def test_the_repeated_photo_caption_is_quoted_at_its_first_occurrence(seeded):
    claim = Claim.objects.get(quote__startswith="Chinese President Xi Jinping holds talks")
    body = claim.article.body
    assert body.count(claim.quote) > 1
    assert claim.start == body.index(claim.quote)


def test_demo_claims_repeat_the_seed_claims_apart_from_workflow_fields():
    seed = {r["pk"]: r["fields"] for r in fixture_records(ARTICLES, "claims.claim")}
    for record in fixture_records(DEMO, "claims.claim"):
        fields = dict(record["fields"])
        assert fields.pop("status") != Status.DRAFT
        fields.pop("updated_at")
        expected = dict(seed[record["pk"]])
        expected.pop("status")
        expected.pop("updated_at")
        assert fields == expected, record["pk"]


# --- The demo workflow state


def test_every_workflow_status_appears_in_the_demo(demo):
    assert set(Claim.objects.values_list("status", flat=True)) == WORKFLOW_STATUSES


def test_in_review_claims_wait_for_an_assigned_reviewer(demo):
    in_review = Claim.objects.filter(status=Status.IN_REVIEW)
    assert in_review.count() >= 3
    for claim in in_review:
        reviewed_by = set(claim.reviews.values_list("reviewer", flat=True))
        waiting = claim.assignments.exclude(reviewer__in=reviewed_by)
        assert waiting.exists(), claim.pk


def test_claims_past_review_have_every_assigned_reviewers_review(demo):
    for claim in Claim.objects.filter(status__in=AFTER_REVIEW):
        assigned = set(claim.assignments.values_list("reviewer", flat=True))
        reviewed_by = set(claim.reviews.values_list("reviewer", flat=True))
        assert assigned, claim.pk
        assert assigned <= reviewed_by, claim.pk


def test_draft_claims_have_no_workflow_records(demo):
    for claim in Claim.objects.filter(status=Status.DRAFT):
        assert not claim.assignments.exists(), claim.pk
        assert not claim.reviews.exists(), claim.pk
        assert not claim.status_changes.exists(), claim.pk
        assert not Verdict.objects.filter(claim=claim).exists(), claim.pk


def test_settled_claims_have_an_unpublished_verdict(demo):
    settled = Claim.objects.filter(status=Status.SETTLED)
    assert settled.exists()
    for claim in settled:
        assert claim.verdict.published_at is None, claim.pk


def test_published_claims_have_a_published_verdict(demo):
    published = Claim.objects.filter(status=Status.PUBLISHED)
    assert published.exists()
    for claim in published:
        verdict = claim.verdict
        assert verdict.published_at is not None, claim.pk
        assert verdict.published_at > verdict.settled_at, claim.pk


def test_in_review_claims_have_no_verdict(demo):
    assert not Verdict.objects.filter(claim__status=Status.IN_REVIEW).exists()


def test_each_review_comes_from_an_assigned_reviewer(demo):
    assert Review.objects.exists()
    for review in Review.objects.all():
        assert Assignment.objects.filter(claim=review.claim, reviewer=review.reviewer).exists(), (
            review.pk
        )
        assert review.reviewer.has_perm("claims.add_review"), review.pk


def test_each_review_cites_only_its_own_claims_evidence(demo):
    for review in Review.objects.prefetch_related("evidence"):
        for evidence in review.evidence.all():
            assert evidence.claim_id == review.claim_id, (review.pk, evidence.pk)


def test_evidence_links_are_web_links(demo):
    assert Evidence.objects.exists()
    for evidence in Evidence.objects.all():
        assert evidence.url.startswith("https://"), evidence.pk
        assert is_web_url(evidence.url), evidence.pk


def test_every_verdict_summary_and_review_rationale_says_it_is_a_demo_example(demo):
    assert Verdict.objects.exists()
    for verdict in Verdict.objects.all():
        assert verdict.summary.startswith("Demo example, not a finding: "), verdict.pk
    for review in Review.objects.all():
        assert review.rationale.startswith("Demo example, not a finding: "), review.pk


def test_status_history_runs_from_draft_to_the_current_status(demo):
    for claim in Claim.objects.exclude(status=Status.DRAFT):
        changes = list(claim.status_changes.order_by("created_at", "pk"))
        assert changes, claim.pk
        assert changes[0].from_status == Status.DRAFT, claim.pk
        for before, after in pairwise(changes):
            assert after.from_status == before.to_status, claim.pk
            assert after.created_at > before.created_at, claim.pk
        assert changes[-1].to_status == claim.status, claim.pk
        assert claim.updated_at == changes[-1].created_at, claim.pk


def test_workflow_times_are_in_order_for_each_claim(demo):
    for claim in Claim.objects.exclude(status=Status.DRAFT):
        assigned = min(a.assigned_at for a in claim.assignments.all())
        assert claim.created_at < assigned, claim.pk
        for evidence in claim.evidence.all():
            assert evidence.added_at > assigned, evidence.pk
        for review in claim.reviews.all():
            assert review.submitted_at > assigned, review.pk
            assert review.updated_at >= review.submitted_at, review.pk
            for evidence in review.evidence.all():
                assert evidence.added_at < review.submitted_at, (review.pk, evidence.pk)
        if claim.status in AFTER_REVIEW:
            last_review = max(r.submitted_at for r in claim.reviews.all())
            moved = claim.status_changes.get(
                to_status=Status.REVIEWED, from_status=Status.IN_REVIEW
            )
            assert moved.created_at == last_review, claim.pk
        verdict = Verdict.objects.filter(claim=claim).first()
        if verdict:
            settled = claim.status_changes.get(to_status=Status.SETTLED)
            assert verdict.settled_at == settled.created_at, claim.pk
            assert verdict.settled_at > max(r.submitted_at for r in claim.reviews.all())


def test_one_claim_was_reopened_with_a_reason(demo):
    reopens = StatusChange.objects.filter(
        from_status__in=[Status.SETTLED, Status.PUBLISHED],
        to_status__in=[Status.IN_REVIEW, Status.REVIEWED],
    )
    assert reopens.count() == 1
    reopen = reopens.get()
    assert reopen.note.strip()
    assert reopen.actor.has_perm("claims.reopen_claim")
    assert reopen.claim.status in (Status.IN_REVIEW, Status.REVIEWED)


def test_the_reviewers_queue_has_several_claims(demo):
    reviewer = User.objects.get(username="reviewer")
    assert Claim.objects.awaiting_review_by(reviewer).count() >= 2


def test_some_reviewed_claim_has_reviewers_two_steps_apart(demo):
    spreads = [
        rating_spread(claim.reviews.values_list("rating", flat=True))
        for claim in Claim.objects.filter(status=Status.REVIEWED)
    ]
    assert max(spreads) >= 2


def test_workflow_actors_hold_the_permissions_for_their_moves(demo):
    for assignment in Assignment.objects.all():
        assert assignment.assigned_by.has_perm("claims.assign_claim"), assignment.pk
    for verdict in Verdict.objects.all():
        assert verdict.editor.has_perm("claims.settle_claim"), verdict.pk


def test_every_demo_claim_is_in_a_state_the_workflow_produces(demo):
    assert Claim.objects.impossible_states() == []
    for claim in Claim.objects.prefetch_related("status_changes"):
        changes = list(claim.status_changes.all())
        if changes:
            assert changes[-1].to_status == claim.status, claim.pk
        else:
            assert claim.status == Status.DRAFT, claim.pk


def test_published_demo_claims_have_a_revision_as_published(demo):
    published = Claim.objects.filter(status=Status.PUBLISHED).select_related("verdict")
    assert published.count() == 3
    for claim in published:
        revision = claim.verdict_revisions.get()
        verdict = claim.verdict
        assert (revision.rating, revision.summary, revision.editor, revision.published_at) == (
            verdict.rating,
            verdict.summary,
            verdict.editor,
            verdict.published_at,
        ), claim.pk


def test_published_demo_claims_have_public_pages_and_are_in_the_feed(demo, client):
    published = list(Claim.objects.filter(status=Status.PUBLISHED).order_by("pk"))
    assert published
    for claim in published:
        page = client.get(reverse("public:factcheck", args=[claim.pk]))
        assert page.status_code == 200, claim.pk
        assert claim.statement in page.content.decode(), claim.pk
    feed = client.get(reverse("public:claimreview_feed")).json()["@graph"]
    urls = {f"http://testserver{reverse('public:factcheck', args=[c.pk])}": c for c in published}
    assert {review["url"] for review in feed} == set(urls)
    for review in feed:
        claim = urls[review["url"]]
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim.statement
        assert review["author"]["name"]
        assert review["datePublished"] == claim.verdict.published_at.date().isoformat()
        assert review["reviewRating"]["alternateName"], claim.pk
        assert review["itemReviewed"]["author"]["name"] == claim.claimant.name
        assert review["itemReviewed"]["appearance"]["headline"] == claim.article.title


# --- Loading again, logging in


def test_loading_the_fixtures_twice_changes_nothing(demo):
    before = counts()
    statuses = dict(Claim.objects.values_list("pk", "status"))
    load(ARTICLES, DEMO)
    assert counts() == before
    assert dict(Claim.objects.values_list("pk", "status")) == statuses
    assert Group.objects.filter(name="Reviewer").count() == 1
    assert Group.objects.filter(name="Editor").count() == 1


def test_demo_users_have_their_roles(demo):
    for username, group in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.first_name, username
        assert user.last_name, username
        assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_demo_users_log_in_with_the_documented_password(demo, settings):
    # The demo passwords are real PBKDF2 hashes; the shared conftest swaps in a fast hasher.
    # django-axes, the first authentication backend, needs the request it would get from
    # the login page.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    for username in DEMO_USERS:
        assert User.objects.get(username=username).password.startswith("pbkdf2_sha256$")
        assert Client().login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), (
            username
        )
    assert not Client().login(request=HttpRequest(), username="reviewer", password="wrong")


# --- manage.py load_demo


def test_load_demo_loads_both_fixtures_into_an_empty_database(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data loaded" in out.getvalue()
    assert Article.objects.count() == 5
    assert Claim.objects.count() == len(fixture_records(ARTICLES, "claims.claim"))
    assert Verdict.objects.count() == len(fixture_records(DEMO, "claims.verdict"))
    assert User.objects.count() == 4


def test_load_demo_does_nothing_when_articles_exist(article):
    before = counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already has articles" in out.getvalue()
    assert counts() == before
    assert not User.objects.filter(username="reviewer").exists()


def test_load_demo_twice_loads_once(db):
    call_command("load_demo", stdout=StringIO())
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before


def test_the_demo_shows_a_thread_of_notes_with_a_mention_and_a_resolved_note(demo):
    from claims.models import Note
    from notifications.models import Event

    notes = Note.objects.all()
    assert notes.filter(body__contains="@reviewer", anchor_on=Note.Anchor.QUOTE).exists()
    assert notes.filter(resolved_at__isnull=False, revisions__isnull=False).exists()
    for note in notes.filter(anchor_on=Note.Anchor.QUOTE):
        assert note.claim.quote[note.anchor_start : note.anchor_end] == note.anchor_text
    mentioned = User.objects.get(username="reviewer")
    assert mentioned.notifications.filter(event=Event.MENTIONED).exists()
    # The rule holds in the demo: the reviewer yet to review reads no other reviewer's note.
    claim = notes.first().claim
    visible = Note.objects.visible_to(mentioned, claim)
    assert not claim.reviews.filter(reviewer=mentioned).exists()
    assert set(visible.values_list("author__username", flat=True)) == {"editor", "reviewer"}
    assert notes.filter(claim=claim).exclude(pk__in=visible).exists()
