"""Personas and a small article shared by the tests.

Three people use factcheck: reviewers (two, so independence can be tested),
an editor and an admin. Each is a real user in the real group the data
migration created.
"""

import pytest
from django.contrib.auth.models import Group, User

from claims.models import Article, Claim, Outlet

PASSWORD = "correct-horse-battery-staple"

ARTICLE_BODY = (
    "Trade between the two countries grew by 35% over the last two years.\n"
    "Kyrgyzstan is home to four Confucius Institutes, the minister said.\n"
    "The shared border spans over a thousand kilometers."
)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Password hashing is deliberately slow; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The claims list caches its filter choices; each test starts without them.
    from django.core.cache import cache

    cache.clear()


def restore_role_groups():
    """The Reviewer and Editor groups, as the data migration made them.

    A transactional test ends by flushing every table; the permissions come back
    (post_migrate recreates them) but the groups do not.
    """
    from django.contrib.auth.models import Permission

    from claims import roles

    for name, codenames in (
        (roles.REVIEWER, roles.REVIEWER_PERMISSIONS),
        (roles.EDITOR, roles.EDITOR_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def make_user(username, group=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


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


def make_claim(article, quote, **extra):
    start = article.body.index(quote)
    return Claim.objects.create(
        article=article,
        quote=quote,
        start=start,
        end=start + len(quote),
        claimant=extra.pop("claimant", "Example Times"),
        **extra,
    )


def add_primary_evidence(claim, by, **extra):
    """A primary source, which publishing requires."""
    from claims.models import Evidence

    fields = {
        "url": "https://stats.example.org/trade",
        "title": "Trade statistics",
        "stance": Evidence.Stance.SUPPORTS,
        "source_type": Evidence.SourceType.PRIMARY,
        **extra,
    }
    return claim.add_evidence(Evidence(**fields), by=by)


@pytest.fixture
def claim(article):
    return make_claim(article, "grew by 35% over the last two years", kind=Claim.Kind.QUANTITY)


@pytest.fixture
def claim_in_review(claim, editor, reviewer, reviewer2):
    claim.assign([reviewer, reviewer2], by=editor)
    return claim


@pytest.fixture
def reviewed_claim(claim_in_review, reviewer, reviewer2):
    from claims.models import Rating

    claim_in_review.submit_review(
        reviewer=reviewer, rating=Rating.MOSTLY_TRUE, confidence=4, rationale="Customs data agree."
    )
    claim_in_review.submit_review(
        reviewer=reviewer2, rating=Rating.HALF_TRUE, confidence=3, rationale="Period is unclear."
    )
    return claim_in_review
