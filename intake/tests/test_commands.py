"""The intake commands, driven as an editor would run them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article


def test_propose_claims_names_an_article_that_does_not_exist(db):
    Article.objects.create(title="One", body="Trade grew by 35% in 2023, the ministry said.")
    with pytest.raises(CommandError, match=r"No article with id 424242\."):
        call_command("propose_claims", "424242", stdout=StringIO())


def test_propose_claims_reports_per_article(db):
    article = Article.objects.create(
        title="One", body="Trade grew by 35% in 2023, the ministry said."
    )
    out = StringIO()
    call_command("propose_claims", str(article.pk), stdout=out)
    assert out.getvalue().startswith(f"Article {article.pk}: ")
    assert article.claims.candidates().exists()


def test_candidate_quality_prints_the_figures():
    out = StringIO()
    call_command("candidate_quality", stdout=out)
    text = out.getvalue()
    assert "Labelled claims: 39" in text
    assert "Recall of number-bearing claims: 1.00 (18/18)" in text


def test_candidate_quality_refuses_a_folder_without_the_labelled_articles(tmp_path):
    (tmp_path / "unrelated.txt").write_text("Nothing labelled here.", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the labelled article files"):
        call_command("candidate_quality", "--articles", str(tmp_path), stdout=StringIO())
