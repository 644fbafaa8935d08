"""generate_data builds valid data on either database, in every workflow state."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from claims.models import Assignment, Claim, Review, StatusChange, Verdict, VerdictRevision


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command("generate_data", claims=120, seed=7, stdout=out)
    return out.getvalue()


def test_it_reports_rows_per_second(generated):
    assert "rows/s overall" in generated
    assert "claims_claim" in generated


def test_it_adds_the_claims_asked_for_in_every_state(generated):
    assert Claim.objects.count() == 120
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)


def test_quotes_are_the_article_text_at_their_offsets(generated):
    assert not Claim.objects.with_quote_mismatch().exists()


def test_statuses_agree_with_reviews_and_verdicts(generated):
    claims = Claim.objects.annotate(
        reviews_in=Count("reviews", distinct=True), assigned=Count("assignments", distinct=True)
    )
    for claim in claims:
        if claim.status in ("candidate", "rejected", "draft"):
            assert claim.assigned == claim.reviews_in == 0
        elif claim.status == "in_review":
            assert claim.reviews_in < claim.assigned
        else:
            assert claim.reviews_in == claim.assigned == 3
    settled = {"settled", "published"}
    assert set(Verdict.objects.values_list("claim__status", flat=True)) == settled
    assert Verdict.objects.count() == Claim.objects.filter(status__in=settled).count()
    published = Claim.objects.filter(status="published")
    assert VerdictRevision.objects.count() == published.count()
    assert all(not claim.publish_blockers() for claim in published.select_related("verdict"))
    assigned = set(Assignment.objects.values_list("claim", "reviewer"))
    assert set(Review.objects.values_list("claim", "reviewer")) <= assigned


def test_reviewers_sometimes_disagree(generated):
    spread = Review.objects.values("claim").annotate(n=Count("rating", distinct=True))
    assert spread.filter(n__gt=1).exists()
    assert spread.filter(n=1).exists()


def test_every_move_is_recorded_and_sequences_continue(generated):
    last = StatusChange.objects.filter(claim__status="published").order_by("pk").last()
    assert last.to_status == "published"
    claim = Claim.objects.first()
    new = Claim.objects.create(
        article=claim.article, quote=claim.quote, start=claim.start, end=claim.end, claimant="X"
    )
    assert new.pk > Claim.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_reviewers_and_editors_are_in_their_groups(generated):
    from claims import roles

    reviewer = Assignment.objects.first().reviewer
    editor = Verdict.objects.first().editor
    assert reviewer.has_perm("claims.add_review")
    assert roles.is_editor(editor)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")
def test_bulk_loaded_claims_are_searchable(generated):
    # COPY runs with triggers off for foreign keys; the search vector's trigger still fires.
    assert not Claim.objects.filter(search_vector__isnull=True).exists()
