"""Editors see every recorded change to a claim, its evidence, reviews and verdict, in one list."""

from django.urls import URLPattern, URLResolver, get_resolver

from claims.history import claim_history
from claims.models import Rating
from factcheck.testing import add_primary_evidence


def test_history_merges_claim_evidence_reviews_and_verdict_newest_first(
    editor, reviewer, reviewed_claim
):
    add_primary_evidence(reviewed_claim, editor)
    reviewed_claim.submit_review(
        reviewer=reviewer,
        rating=Rating.FALSE,
        confidence=5,
        rationale="Re-checked.",
        reason="New data.",
    )
    reviewed_claim.settle(editor=editor, rating=Rating.FALSE, summary="Wrong figure.")

    entries = claim_history(reviewed_claim)

    subjects = [e.subject for e in entries]
    assert subjects[0] == "Claim"  # the move to settled is the last thing that happened
    assert "Verdict" in subjects
    assert "Evidence “Trade statistics”" in subjects
    assert "Review by rita" in subjects
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    changed_review = next(e for e in entries if e.subject == "Review by rita" and e.changes)
    assert {(c.field, c.old, c.new) for c in changed_review.changes} >= {
        ("rating", "Mostly true", "False"),
        ("rationale", "Customs data agree.", "Re-checked."),
    }
    status_change = next(e for e in entries if e.subject == "Claim" and e.changes)
    assert ("status", "Reviewed", "Settled") in {
        (c.field, c.old, c.new) for c in status_change.changes
    }


def test_history_costs_the_same_queries_however_long(
    editor, reviewer, reviewer2, reviewed_claim, django_assert_num_queries
):
    with django_assert_num_queries(4):
        short = claim_history(reviewed_claim)
    for n in range(5):
        add_primary_evidence(
            reviewed_claim, editor, title=f"Source {n}", url=f"https://stats.example.org/{n}"
        )
        reviewed_claim.submit_review(
            reviewer=reviewer2,
            rating=Rating.FALSE,
            confidence=1 + n % 5,
            rationale=f"Take {n}.",
            reason=f"Revision {n}.",
        )
    with django_assert_num_queries(4):
        longer = claim_history(reviewed_claim)
    assert len(longer) > len(short) + 9


def test_editors_see_the_history_on_the_claim_page(client, editor, reviewed_claim):
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    client.force_login(editor)
    page = client.get(reviewed_claim.get_absolute_url())
    assert "Every change" in page.text
    assert "Review by ravi added" in page.text
    assert "Reviewed</del> → <ins>Settled" in page.text


def test_reviewers_do_not_see_the_history(client, reviewer, reviewed_claim):
    client.force_login(reviewer)
    page = client.get(reviewed_claim.get_absolute_url())
    assert page.status_code == 200
    assert "Every change" not in page.text
    assert "Review by ravi" not in page.text


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name or ""


def test_no_page_outside_the_admin_deletes_anything():
    routes = list(_routes())
    assert len(routes) > 10
    assert [r for r in routes if "delete" in r[0] or "delete" in r[1]] == []


def test_only_a_superuser_may_delete_reviews_or_verdicts_in_the_admin(editor):
    from django.contrib import admin
    from django.test import RequestFactory

    from claims.models import Review, Verdict

    request = RequestFactory().get("/admin/")
    editor.is_staff = True
    request.user = editor
    for model in (Review, Verdict):
        assert not admin.site._registry[model].has_delete_permission(request), model
