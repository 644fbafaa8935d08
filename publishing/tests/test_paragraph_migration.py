"""Migration 0002 gives publications made before it the paragraph of their quote."""

import importlib

from django.apps import apps

from claims.models import Article, VerdictRevision

migration = importlib.import_module("publishing.migrations.0002_published_paragraphs")


def forget_paragraph():
    revision = VerdictRevision.objects.get()
    del revision.appearance["paragraph"]
    VerdictRevision.objects.filter(pk=revision.pk).update(appearance=revision.appearance)


def test_an_earlier_publication_gets_the_paragraph_its_quote_stands_in(published_claim):
    forget_paragraph()
    migration.record_paragraphs(apps, None)
    appearance = VerdictRevision.objects.get().appearance
    assert appearance["paragraph"] == {"before": "Trade between the two countries ", "after": "."}
    assert appearance["headline"] == "Trade and ties"  # the rest of the record kept


def test_a_quote_no_longer_in_the_text_gets_no_paragraph(published_claim):
    forget_paragraph()
    Article.objects.filter(pk=published_claim.article_id).update(body="Another text altogether.")
    migration.record_paragraphs(apps, None)
    assert VerdictRevision.objects.get().appearance["paragraph"] == {}


def test_a_publication_that_has_its_paragraph_is_left_alone(published_claim):
    revision = VerdictRevision.objects.get()
    revision.appearance["paragraph"] = {"before": "As published: ", "after": ""}
    VerdictRevision.objects.filter(pk=revision.pk).update(appearance=revision.appearance)
    migration.record_paragraphs(apps, None)
    assert VerdictRevision.objects.get().appearance["paragraph"]["before"] == "As published: "
