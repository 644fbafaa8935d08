"""Fixtures every app's tests share: personas, a small article, and a claim in each state.

Three people use factcheck: reviewers (two, so independence can be tested),
an editor and an admin. Each is a real user in the real group the data
migration created. The claim fixtures move one claim through the real workflow
methods, each state built on the one before. The helpers they call live in
factcheck/testing.py, which tests import directly.
"""

import datetime

import pytest
from django.core.cache import caches

from claims.models import Article, Claim, Outlet, Rating
from factcheck.testing import ARTICLE_BODY, add_primary_evidence, make_claim, make_user


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Password hashing is deliberately slow; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test starts with an empty cache, whatever the one before left in it.
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def reviewer(db):
    return make_user("rita", "Reviewer", first_name="Rita")


@pytest.fixture
def reviewer2(db):
    return make_user("ravi", "Reviewer", first_name="Ravi")


@pytest.fixture
def editor(db):
    return make_user("edna", "Editor", first_name="Edna")


@pytest.fixture
def admin_user(db):
    return make_user("ada", is_staff=True, is_superuser=True)


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(name="Example Times", homepage="https://times.example.org/")


@pytest.fixture
def article(outlet):
    return Article.objects.create(title="Trade and ties", outlet=outlet, body=ARTICLE_BODY)


@pytest.fixture
def claim(article):
    """A draft."""
    return make_claim(article, "grew by 35% over the last two years", kind=Claim.Kind.QUANTITY)


@pytest.fixture
def claim_in_review(claim, editor, reviewer, reviewer2):
    claim.assign([reviewer, reviewer2], by=editor)
    return claim


@pytest.fixture
def reviewed_claim(claim_in_review, reviewer, reviewer2):
    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data agree."
    )
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.HALF_TRUE, confidence=3, rationale="Period is unclear."
    )
    return claim_in_review


@pytest.fixture
def settled_claim(reviewed_claim, editor):
    add_primary_evidence(reviewed_claim, editor)  # publishing needs a primary source
    reviewed_claim.settle(
        editor=editor, rating=Rating.MOSTLY_TRUE, summary="Customs data bear the figure out."
    )
    return reviewed_claim


@pytest.fixture
def published_claim(settled_claim, editor):
    # The public page cites the article, so it gets the address and date a real one has.
    article = settled_claim.article
    article.url = "https://times.example.org/trade-and-ties"
    article.published_on = datetime.date(2026, 3, 14)
    article.save(update_fields=["url", "published_on"])
    settled_claim.publish(editor=editor)
    return settled_claim


@pytest.fixture
def page_server(settings):
    """A web server on 127.0.0.1 (factcheck.testing.PageServer), with fetching from
    loopback allowed, as FACTCHECK_FETCH_ALLOW_PRIVATE=127.0.0.0/8 would."""
    from factcheck.testing import PageServer

    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = ["127.0.0.0/8"]
    with PageServer() as server:
        yield server
