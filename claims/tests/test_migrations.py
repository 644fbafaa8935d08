"""Migration 0004 gives verdicts published earlier their first revision, so their pages exist.

A transactional test: the database is emptied after it, groups included, so
pytest-django runs it after the other database tests.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0003_history_and_candidates")]
AFTER = [("claims", "0004_verdict_revisions")]


@pytest.mark.django_db(transaction=True)
def test_published_verdicts_get_their_first_revision():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    Article = apps.get_model("claims", "Article")
    Claim = apps.get_model("claims", "Claim")
    Verdict = apps.get_model("claims", "Verdict")
    editor = User.objects.create(username="old_editor")
    article = Article.objects.create(title="Old", body="Old claim. Newer claim.", content_hash="x")
    published_at = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
    published = Claim.objects.create(
        article=article, quote="Old claim.", start=0, end=10, claimant="A", status="published"
    )
    settled = Claim.objects.create(
        article=article, quote="Newer claim.", start=11, end=23, claimant="A", status="settled"
    )
    Verdict.objects.create(
        claim=published, rating=2, summary="Mostly wrong.", editor=editor, published_at=published_at
    )
    Verdict.objects.create(claim=settled, rating=5, summary="Right.", editor=editor)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    revisions = list(
        apps.get_model("claims", "VerdictRevision").objects.values_list(
            "claim_id", "rating", "summary", "editor_id", "published_at"
        )
    )
    assert revisions == [(published.pk, 2, "Mostly wrong.", editor.pk, published_at)]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
