"""Statements have a length a person would write; longer text gets a clear message, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import QUOTE_MAX_LENGTH, STATEMENT_MAX_LENGTH, Article, Claim
from factcheck.testing import make_claim, make_claimant, post_failing
from intake.services import articles_import_paths

LONG_SENTENCE = "The delegation noted " + "that trade and transit grew " * 60 + "in 2024."


def test_the_model_refuses_a_statement_over_the_limit(claim):
    claim.statement = "x" * (STATEMENT_MAX_LENGTH + 1)
    with pytest.raises(ValidationError, match=f"at most {STATEMENT_MAX_LENGTH} characters"):
        claim.full_clean()


def test_the_database_refuses_a_statement_over_the_limit_written_around_the_model(claim):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(statement="x" * (STATEMENT_MAX_LENGTH + 1))


def test_a_quote_too_long_to_be_the_statement_asks_for_a_statement(db, outlet):
    body = "x" * (STATEMENT_MAX_LENGTH + 50)
    article = Article.objects.create(title="Long", outlet=outlet, body=body)
    claim = Claim(article=article, quote=body, start=0, end=len(body), claimant=make_claimant("X"))
    with pytest.raises(ValidationError, match="state the claim in at most"):
        claim.full_clean()
    claim.statement = "A short statement of it."
    claim.full_clean()
    assert len(body) < QUOTE_MAX_LENGTH


def test_the_edit_form_says_so_and_changes_nothing(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_edit", args=[claim.pk]),
        {"statement": "y" * (STATEMENT_MAX_LENGTH + 1), "new_claimant": "X", "kind": "other"},
    )
    assert response.status_code == 400
    assert f"at most {STATEMENT_MAX_LENGTH} characters" in response.text
    assert Claim.objects.get(pk=claim.pk).statement == claim.statement


def test_the_claim_form_says_so(client, editor, article):
    client.force_login(editor)
    response = post_failing(
        client,
        reverse("claims:claim_create", args=[article.pk]),
        {
            "quote": "grew by 35%",
            "statement": "z" * (STATEMENT_MAX_LENGTH + 1),
            "new_claimant": "X",
            "kind": "other",
        },
    )
    assert f"at most {STATEMENT_MAX_LENGTH} characters" in response.text
    assert not Claim.objects.exists()


def test_an_import_with_one_long_sentence_imports_and_names_what_it_left_out(tmp_path, db):
    path = tmp_path / "long.txt"
    path.write_text(
        "A long report\n\nTrade grew by 35% over the last two years.\n" + LONG_SENTENCE + "\n",
        encoding="utf-8",
    )
    summary = articles_import_paths([path])
    assert summary.ok
    [(_name, article, count)] = summary.imported
    assert count >= 1
    assert not article.claims.filter(quote__startswith="The delegation").exists()
    [(noted, note)] = summary.notes
    assert noted == str(path)
    assert f"1 sentence is over {STATEMENT_MAX_LENGTH} characters" in note


@pytest.mark.django_db(transaction=True)  # the worker reads committed rows
def test_the_import_page_shows_the_note(client, transactional_db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from factcheck.testing import make_user, restore_role_groups

    restore_role_groups()  # a transactional test's flush takes them away
    client.force_login(make_user("edna", "Editor"))
    upload = SimpleUploadedFile(
        "long.txt", ("Report\n\n" + LONG_SENTENCE + "\n").encode(), content_type="text/plain"
    )
    response = client.post(reverse("intake:import"), {"files": [upload]})
    assert response.status_code == 303
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    page = client.get(response.url).text
    assert "long.txt" in page
    assert "Left out: 1 sentence is over" in page
    assert "too long to be one claim" in page


def test_a_claim_at_the_limit_is_accepted(article):
    claim = make_claim(article, "grew by 35% over the last two years")
    claim.statement = "s" * STATEMENT_MAX_LENGTH
    claim.full_clean()


def test_the_import_command_names_the_file_and_what_it_left_out(tmp_path, db):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "long.txt"
    path.write_text("Report\n\n" + LONG_SENTENCE + "\n", encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert f"Note on {path}: 1 sentence is over {STATEMENT_MAX_LENGTH} characters" in out.getvalue()
    assert Article.objects.count() == 1
