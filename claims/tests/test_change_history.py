"""Editors see every recorded change to a claim, its evidence, reviews and verdict, in one list."""

import datetime

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from claims.history import SHOWN_CHARS, claim_history, shortened
from claims.models import Claim, Rating
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
    assert "Review by Rita" in subjects
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    changed_review = next(e for e in entries if e.subject == "Review by Rita" and e.changes)
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
    with django_assert_num_queries(5):
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
    with django_assert_num_queries(5):
        longer = claim_history(reviewed_claim)
    assert len(longer) > len(short) + 9


def test_editors_see_the_history_on_the_claim_page(client, editor, reviewed_claim):
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    client.force_login(editor)
    page = client.get(reviewed_claim.get_absolute_url())
    assert "Every change" in page.text
    assert "Review by Ravi added" in page.text
    assert (
        '<del><span class="visually-hidden">was </span>Reviewed</del> '
        '<span aria-hidden="true">→</span> <ins><span class="visually-hidden">now </span>Settled'
    ) in page.text


def test_an_added_record_says_what_it_holds(editor, reviewed_claim):
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    entries = claim_history(reviewed_claim)
    verdict = next(e for e in entries if e.subject == "Verdict")
    assert verdict.action == "added"
    assert [(c.field, c.old, c.new) for c in verdict.changes] == [
        ("rating", None, "True"),
        ("summary", None, "Right."),
    ]
    review = next(e for e in entries if e.subject == "Review by Rita")
    assert ("rating", None, "Mostly true") in [(c.field, c.old, c.new) for c in review.changes]


def test_a_save_that_changes_nothing_shown_has_no_entry(claim):
    before = len(claim_history(claim))
    claim.save()  # the same values again: only updated_at moves
    Claim.objects.get(pk=claim.pk).save()
    assert len(claim_history(claim)) == before
    claim.statement = "Trade grew by 35% in two years."
    claim.save()
    (latest, *_older) = claim_history(claim)
    assert [(c.field, c.new) for c in latest.changes] == [
        ("statement", "Trade grew by 35% in two years.")
    ]


def test_a_change_with_no_earlier_record_to_compare_has_no_entry(claim):
    Claim.history.filter(id=claim.pk).delete()  # as for a claim loaded before its history
    claim.statement = "Trade grew by 35% in two years."
    claim.save()
    assert claim_history(claim) == []


def test_times_in_changes_are_in_the_sites_time_zone(settings, editor, published_claim):
    settings.TIME_ZONE = "Asia/Bishkek"  # UTC+6, no daylight saving
    published = published_claim.verdict.published_at
    local = published.astimezone(datetime.timezone(datetime.timedelta(hours=6)))
    verdicts = [e for e in claim_history(published_claim) if e.subject == "Verdict"]
    change = next(c for e in verdicts for c in e.changes if c.field == "published at")
    assert change.new == f"{local:%-d %b %Y, %H:%M}"


def test_long_texts_are_shown_around_where_they_differ():
    base = "The customs office counted every crossing of the border in both years, " * 3
    old, new = shortened(base + "and found 35% more.", base + "and found 53% more.")
    assert old != new
    assert (old[0], new[0]) == ("…", "…")
    assert ("35%" in old, "53%" in new) == (True, True)
    assert max(len(old), len(new)) <= SHOWN_CHARS
    assert shortened("short", "shorter") == ("short", "shorter")
    (nothing, added) = shortened(None, "x" * 500)
    assert (nothing, len(added), added[-1]) == (None, SHOWN_CHARS, "…")


def test_the_page_names_people_by_display_name_and_says_the_verdicts_standing(
    client, editor, settled_claim
):
    client.force_login(editor)
    text = client.get(settled_claim.get_absolute_url()).text
    settled = timezone.localtime(settled_claim.verdict.settled_at)
    assert "Review by Rita added by" in text
    assert "Review by rita" not in text
    assert (
        f'Settled by Edna on <time datetime="{settled.isoformat()}">{settled:%-d %b %Y, %H:%M}'
        "</time>;\n        not yet published"
    ) in text


def test_reviewers_do_not_see_the_history(client, reviewer, reviewed_claim):
    client.force_login(reviewer)
    page = client.get(reviewed_claim.get_absolute_url())
    assert page.status_code == 200
    assert "Every change" not in page.text
    assert "Review by Ravi added" not in page.text


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
