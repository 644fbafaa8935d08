"""What the models and the database guarantee on their own, whoever writes the rows."""

import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from claims import roles
from claims.models import (
    Article,
    Claim,
    Evidence,
    Rating,
    RatingLevel,
    Review,
    rating_spread,
    ratings_disagree,
)
from claims.validators import is_web_url
from factcheck.testing import ARTICLE_BODY, make_claim, make_claimant

# Articles


def test_article_content_hash_is_computed_on_save(article):
    assert article.content_hash == hashlib.sha256(ARTICLE_BODY.encode()).hexdigest()

    article.body = ARTICLE_BODY + "\nA fourth line."
    article.save()
    article.refresh_from_db()
    assert article.content_hash == hashlib.sha256(article.body.encode()).hexdigest()


def test_article_with_same_body_twice_is_refused(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="The same text again", body=ARTICLE_BODY)


def test_article_empty_body_is_refused_by_the_database_on_insert(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.bulk_create(
            [Article(title="Nothing", body="", content_hash=Article.hash_body(""))]
        )


def test_article_empty_body_is_refused_by_the_database_on_update(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(body="")
    article.refresh_from_db()
    assert article.body == ARTICLE_BODY


# Claims


def test_claim_statement_defaults_to_the_quote(claim):
    assert claim.statement == "grew by 35% over the last two years"


def test_claim_keeps_a_statement_it_is_given(article):
    claim = make_claim(article, "four Confucius Institutes", statement="Kyrgyzstan has 4 CIs.")
    assert claim.statement == "Kyrgyzstan has 4 CIs."


def test_claim_save_refuses_a_quote_that_is_not_the_text_at_its_offsets(article):
    start = ARTICLE_BODY.index("grew by 35%")
    claim = Claim(
        article=article,
        quote="grew by 53%",
        start=start,
        end=start + len("grew by 53%"),
        claimant=make_claimant("Example Times"),
    )
    with pytest.raises(ValidationError) as excinfo:
        claim.save()
    assert set(excinfo.value.error_dict) == {"quote"}
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (len(ARTICLE_BODY) - 3, len(ARTICLE_BODY) + 2),  # runs past the end
        (len(ARTICLE_BODY) + 5, len(ARTICLE_BODY) + 10),  # starts past the end
        (10, 10),  # empty span
    ],
)
def test_claim_save_refuses_offsets_outside_the_body(article, start, end):
    claimant = make_claimant("X")
    claim = Claim(
        article=article, quote="x" * (end - start), start=start, end=end, claimant=claimant
    )
    with pytest.raises(ValidationError) as excinfo:
        claim.save()
    assert set(excinfo.value.error_dict) == {"start"}
    assert not Claim.objects.exists()


def test_claim_offsets_must_match_the_quote_length_even_through_update(claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=F("end") + 1)
    claim.refresh_from_db()
    assert claim.end == claim.start + len(claim.quote)


def test_with_quote_mismatch_finds_a_claim_whose_article_changed_behind_its_back(article, claim):
    untouched = make_claim(article, "four Confucius Institutes")
    assert not Claim.objects.with_quote_mismatch().exists()

    Article.objects.filter(pk=article.pk).update(body=ARTICLE_BODY.replace("35%", "53%"))

    assert list(Claim.objects.with_quote_mismatch()) == [claim]
    assert untouched not in Claim.objects.with_quote_mismatch()


# Reviews


def test_review_is_unique_per_reviewer_per_claim(claim, reviewer):
    Review.objects.create(
        claim=claim, reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="First."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            claim=claim, reviewer=reviewer, rating=Rating.FALSE, confidence=3, rationale="Again."
        )
    assert Review.objects.filter(claim=claim, reviewer=reviewer).count() == 1


@pytest.mark.parametrize("confidence", [0, 6])
def test_review_confidence_outside_1_to_5_is_refused_by_the_database(claim, reviewer, confidence):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            claim=claim, reviewer=reviewer, rating=Rating.TRUE, confidence=confidence, rationale="?"
        )
    assert not Review.objects.exists()


@pytest.mark.parametrize("confidence", [1, 5])
def test_review_confidence_at_the_ends_of_the_scale_is_accepted(claim, reviewer, confidence):
    Review.objects.create(
        claim=claim, reviewer=reviewer, rating=Rating.TRUE, confidence=confidence, rationale="Ok."
    )
    assert Review.objects.get().confidence == confidence


# Evidence links


def evidence_for(claim, added_by, url):
    return Evidence(
        claim=claim,
        added_by=added_by,
        url=url,
        title="Customs statistics",
        stance=Evidence.Stance.SUPPORTS,
        source_type=Evidence.SourceType.PRIMARY,
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/f"])
def test_evidence_url_refuses_schemes_other_than_http_and_https(claim, reviewer, url):
    with pytest.raises(ValidationError) as excinfo:
        evidence_for(claim, reviewer, url).full_clean()
    assert set(excinfo.value.error_dict) == {"url"}


@pytest.mark.parametrize("url", ["https://stat.example.kg/trade/2024", "http://example.org/"])
def test_evidence_url_accepts_web_links(claim, reviewer, url):
    evidence_for(claim, reviewer, url).full_clean()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=c", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("  https://example.org/  ", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("ftp://x.org/f", False),
        ("https:///no-host", False),
        ("/relative/path", False),
        ("", False),
        (None, False),
        ("http://[::1", False),  # urlsplit raises on this
    ],
)
def test_is_web_url(url, expected):
    assert is_web_url(url) is expected


# The rating scale


@pytest.mark.django_db
def test_the_seeded_scale_is_ordered_from_false_to_true():
    scale = [Rating.FALSE, Rating.MOSTLY_FALSE, Rating.HALF_TRUE, Rating.MOSTLY_TRUE, Rating.TRUE]
    assert RatingLevel.objects.scale().rated_ids == scale
    assert [level.pk for level in RatingLevel.objects.scale()] == [5, 4, 3, 2, 1, 0]


@pytest.mark.django_db
def test_only_unverifiable_is_not_rated_on_the_seeded_scale():
    assert [r.pk for r in RatingLevel.objects.scale() if not r.is_rated] == [Rating.UNVERIFIABLE]


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], False),
        ([Rating.TRUE], False),
        ([Rating.HALF_TRUE, Rating.HALF_TRUE], False),
        ([Rating.HALF_TRUE, Rating.MOSTLY_TRUE], True),
        ([Rating.FALSE, Rating.UNVERIFIABLE], True),
    ],
)
def test_ratings_disagree(ratings, expected):
    assert ratings_disagree(ratings) is expected


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], 0),
        ([Rating.UNVERIFIABLE], 0),
        ([Rating.HALF_TRUE, Rating.HALF_TRUE], 0),
        ([Rating.TRUE, Rating.FALSE], 4),
        ([Rating.MOSTLY_FALSE, Rating.UNVERIFIABLE, Rating.MOSTLY_TRUE], 2),
    ],
)
@pytest.mark.django_db
def test_rating_spread_leaves_unverifiable_out(ratings, expected):
    assert rating_spread(ratings) == expected


# Roles


@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        (roles.REVIEWER, roles.REVIEWER_PERMISSIONS),
        (roles.EDITOR, roles.EDITOR_PERMISSIONS),
    ],
)
def test_role_groups_exist_after_migrations_with_their_permissions(db, group, codenames):
    permissions = Group.objects.get(name=group).permissions.all()
    assert {p.content_type.app_label for p in permissions} == {"claims"}
    assert {p.codename for p in permissions} == set(codenames)
