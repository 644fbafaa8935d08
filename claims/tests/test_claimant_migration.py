"""Migration 0018 turns claimant texts into entities, and placeholders into real ones.

A transactional test: the database is emptied after it, groups included, so
pytest-django runs it after the other database tests.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0017_review_blind_rating")]
AFTER = [("claims", "0018_claimants")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_texts_become_entities_and_placeholders_follow_the_rule():
    apps = migrate(BEFORE)
    try:
        Article = apps.get_model("claims", "Article")
        Outlet = apps.get_model("claims", "Outlet")
        Claim = apps.get_model("claims", "Claim")
        cgtn = Outlet.objects.create(name="CGTN")
        body = "One. Two. Three. Four."
        by_author = Article.objects.create(
            title="Signed", body=body, author="Aktilek Musaeva", outlet=cgtn, content_hash="a"
        )
        by_outlet = Article.objects.create(
            title="Unsigned", body=body, outlet=cgtn, content_hash="b"
        )
        bare = Article.objects.create(title="Nobody's", body=body, content_hash="c")

        def claim(article, start, claimant):
            quote = body[start : start + 4]
            return Claim.objects.create(
                article=article, quote=quote, start=start, end=start + 4, claimant=claimant
            )

        made = {
            "signed placeholder": claim(by_author, 0, "the article's author"),
            "signed named": claim(by_author, 5, "Aktilek Musaeva"),
            "outlet placeholder": claim(by_outlet, 0, "The article"),
            "outlet by name": claim(by_outlet, 5, "cgtn"),
            "bare placeholder": claim(bare, 0, "the article's author"),
            "speaker": claim(bare, 5, "The minister"),
            "speaker again": claim(by_outlet, 10, "The minister"),
        }

        apps = migrate(AFTER)
        Claim = apps.get_model("claims", "Claim")
        Claimant = apps.get_model("claims", "Claimant")
        got = {
            name: Claim.objects.values_list(
                "claimant__name", "claimant__kind", "claimant_name"
            ).get(pk=c.pk)
            for name, c in made.items()
        }
        assert got == {
            "signed placeholder": ("Aktilek Musaeva", "person", "Aktilek Musaeva"),
            "signed named": ("Aktilek Musaeva", "person", "Aktilek Musaeva"),
            "outlet placeholder": ("CGTN", "organisation", "CGTN"),
            "outlet by name": ("CGTN", "organisation", "CGTN"),
            "bare placeholder": (
                "Publisher of “Nobody's”",
                "organisation",
                "Publisher of “Nobody's”",
            ),
            "speaker": ("The minister", "person", "The minister"),
            "speaker again": ("The minister", "person", "The minister"),
        }
        assert Claimant.objects.count() == 4
        assert not Claimant.objects.filter(name__icontains="the article").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
