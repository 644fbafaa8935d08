"""Verdicts that hold "as of" a day, and come back for a re-check (claims.models.rechecks)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.models import Claim, Rating, Recheck, VerdictRevision, WorkflowError, flag_due_rechecks
from claims.models.scheduling import today
from factcheck.testing import make_user, post_failing

DAY = datetime.timedelta(days=1)


def _come_due(claim, day=None):
    """Give `claim` a re-check date that has come (set as if on an earlier day)."""
    Claim.objects.filter(pk=claim.pk).update(recheck_on=day or today() - DAY)
    claim.refresh_from_db()


# As of.


def test_a_verdict_holds_as_of_the_day_it_is_settled_unless_told(settled_claim):
    assert settled_claim.verdict.as_of == today()


def test_a_verdict_can_hold_as_of_an_earlier_day(reviewed_claim, editor):
    day = datetime.date(2023, 5, 26)
    verdict = reviewed_claim.settle(
        editor=editor, rating=Rating.TRUE, summary="Customs data.", as_of=day
    )
    verdict.refresh_from_db()
    assert verdict.as_of == day


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (today() + DAY, "is still to come; a verdict holds as of today or an earlier day"),
        ("2023-05-26", "is not a date"),
    ],
)
def test_a_verdict_cannot_hold_as_of_a_day_to_come(reviewed_claim, editor, day, message):
    with pytest.raises(WorkflowError, match=message):
        reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="x", as_of=day)
    reviewed_claim.refresh_from_db()
    assert reviewed_claim.status == Claim.Status.REVIEWED


def test_the_settle_form_takes_the_day_and_refuses_one_to_come(client, reviewed_claim, editor):
    client.force_login(editor)
    url = reverse("claims:settle", args=[reviewed_claim.pk])
    data = {"rating": Rating.TRUE, "summary": "Customs data.", "version": reviewed_claim.version}
    page = post_failing(client, url, {**data, "as_of": (today() + DAY).isoformat()})
    assert "is still to come" in page.text
    assert not hasattr(Claim.objects.get(pk=reviewed_claim.pk), "verdict")
    client.post(url, {**data, "as_of": "2023-05-26"})
    claim = Claim.objects.get(pk=reviewed_claim.pk)
    assert claim.verdict.as_of == datetime.date(2023, 5, 26)
    assert (
        'Holds as of <time datetime="2023-05-26">26 May 2023</time>'
        in client.get(claim.get_absolute_url()).content.decode()
    )


def test_a_publication_keeps_the_day_its_verdict_holds(published_claim):
    assert published_claim.verdict_revisions.get().as_of == published_claim.verdict.as_of


# The re-check date.


def test_an_editor_sets_a_re_check_date_kept_in_the_history(published_claim, editor):
    day = today() + 30 * DAY
    published_claim.schedule_recheck(day, by=editor)
    published_claim.refresh_from_db()
    assert (published_claim.recheck_on, published_claim.recheck_by) == (day, editor)
    record = published_claim.history.latest()
    assert (record.recheck_on, record.history_user) == (day, editor)
    published_claim.schedule_recheck(None, by=editor)
    published_claim.refresh_from_db()
    assert (published_claim.recheck_on, published_claim.recheck_by) == (None, None)


def test_a_reviewer_cannot_set_a_re_check(published_claim, reviewer):
    with pytest.raises(PermissionDenied):
        published_claim.schedule_recheck(today() + DAY, by=reviewer)


def test_only_a_decided_verdict_is_re_checked(reviewed_claim, editor):
    with pytest.raises(WorkflowError, match="Only a settled or published verdict can be re-"):
        reviewed_claim.schedule_recheck(today() + DAY, by=editor)


def test_a_re_check_date_that_has_passed_is_refused(published_claim, editor):
    with pytest.raises(WorkflowError, match="has passed; choose today or a later day"):
        published_claim.schedule_recheck(today() - DAY, by=editor)
    published_claim.refresh_from_db()
    assert published_claim.recheck_on is None


def test_the_page_form_sets_the_date_and_names_a_bad_one(client, published_claim, editor):
    client.force_login(editor)
    url = reverse("claims:recheck", args=[published_claim.pk])
    page = post_failing(client, url, {"recheck_on": "next spring"})
    assert "Enter a date as YYYY-MM-DD" in page.text
    day = today() + 90 * DAY
    response = client.post(url, {"recheck_on": day.isoformat()})
    assert response.status_code == 302
    assert Claim.objects.get(pk=published_claim.pk).recheck_on == day
    page = client.get(published_claim.get_absolute_url()).content.decode()
    assert "To be checked again on" in page


def test_a_reviewer_posting_a_re_check_is_forbidden(client, published_claim, reviewer):
    client.force_login(reviewer)
    url = reverse("claims:recheck", args=[published_claim.pk])
    response = client.post(url, {"recheck_on": (today() + DAY).isoformat()})
    assert response.status_code == 403
    assert Claim.objects.get(pk=published_claim.pk).recheck_on is None


# The daily run.


def test_the_daily_run_flags_a_due_re_check_once(published_claim, editor):
    published_claim.schedule_recheck(today(), by=editor)
    assert flag_due_rechecks() == 1
    assert flag_due_rechecks() == 0
    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.recheck_due_since == today()
    assert claim.is_due_for_recheck()
    assert list(Claim.objects.due_for_recheck()) == [claim]


def test_a_re_check_to_come_waits(published_claim, editor):
    published_claim.schedule_recheck(today() + DAY, by=editor)
    assert flag_due_rechecks() == 0
    assert flag_due_rechecks(today() + DAY) == 1


def test_a_claim_reopened_meanwhile_is_not_flagged(published_claim, editor):
    published_claim.schedule_recheck(today() + DAY, by=editor)
    published_claim.reopen(editor=editor, reason="A reader wrote in.")
    assert flag_due_rechecks(today() + DAY) == 0


def test_the_command_says_how_many_it_flagged(published_claim, editor):
    published_claim.schedule_recheck(today(), by=editor)
    out = io.StringIO()
    call_command("flag_due_rechecks", stdout=out)
    assert out.getvalue().strip() == "Claims due for a re-check: 1."


def test_the_editors_queue_lists_the_claims_due(client, published_claim, editor):
    published_claim.schedule_recheck(today(), by=editor)
    client.force_login(editor)
    page = client.get(reverse("claims:home")).content.decode()
    assert "Due for a re-check" in page
    assert f'href="/claims/{published_claim.pk}/"' not in page.rsplit("Due for a re-check", 1)[1]
    flag_due_rechecks()
    page = client.get(reverse("claims:home")).content.decode()
    assert f'href="/claims/{published_claim.pk}/"' in page.rsplit("Due for a re-check", 1)[1]
    assert "Re-check date" in page  # the re-check's own date, not a due date


# What a re-check finds.


def test_a_confirmed_verdict_holds_as_of_a_later_day_and_leaves_the_queue(published_claim, editor):
    _come_due(published_claim)
    flag_due_rechecks()
    next_on = today() + 180 * DAY
    recheck = published_claim.confirm_recheck(
        by=editor, note="The ministry's list still names four.", next_on=next_on
    )
    claim = Claim.objects.get(pk=published_claim.pk)
    assert (recheck.outcome, recheck.as_of, recheck.due_on) == (
        Recheck.Outcome.CONFIRMED,
        today(),
        today() - DAY,
    )
    assert claim.verdict.as_of == today()
    assert (claim.recheck_on, claim.recheck_due_since) == (next_on, None)
    assert not claim.is_due_for_recheck()
    assert claim.status == Claim.Status.PUBLISHED
    assert VerdictRevision.objects.filter(claim=claim).count() == 1  # nothing republished


def test_a_confirmation_says_what_was_checked(published_claim, editor):
    with pytest.raises(WorkflowError, match="Say what you checked again"):
        published_claim.confirm_recheck(by=editor, note="  ")
    assert not Recheck.objects.exists()


def test_a_confirmation_cannot_move_the_day_back(reviewed_claim, editor):
    reviewed_claim.settle(editor=editor, rating=Rating.TRUE, summary="x", as_of=today())
    with pytest.raises(WorkflowError, match=r"holds as of .* already"):
        reviewed_claim.confirm_recheck(by=editor, note="Checked.", as_of=today() - DAY)


def test_the_database_refuses_a_confirmation_without_its_day(published_claim, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recheck.objects.create(
            claim=published_claim, outcome=Recheck.Outcome.CONFIRMED, note="x", by=editor
        )


def test_the_public_page_says_when_it_was_last_checked(client, published_claim, editor):
    public = reverse("public:factcheck", args=[published_claim.pk])
    day = published_claim.verdict.as_of
    page = client.get(public).content.decode()
    assert f'The verdict holds as of <time class="as-of" datetime="{day:%Y-%m-%d}">' in page
    published_claim.confirm_recheck(by=editor, note="Checked again.")
    recheck = Recheck.objects.get()
    page = client.get(public).content.decode()
    assert f'class="last-checked" datetime="{recheck.done_at.isoformat()}' in page
    assert 'id="corrections-heading"' not in page


def test_a_re_check_that_changes_the_verdict_publishes_a_correction(
    client, published_claim, editor
):
    _come_due(published_claim)
    flag_due_rechecks()
    published_claim.reopen(editor=editor, reason="The 2024 figures are out: trade fell.")
    recheck = Recheck.objects.get()
    assert (recheck.outcome, recheck.note) == (
        Recheck.Outcome.REOPENED,
        "The 2024 figures are out: trade fell.",
    )
    claim = Claim.objects.get(pk=published_claim.pk)
    assert (claim.recheck_on, claim.recheck_due_since) == (None, None)
    claim.settle(editor=editor, rating=Rating.FALSE, summary="Trade fell in 2024.")
    claim.publish(editor=editor)
    assert claim.verdict_revisions.last().recheck == recheck
    page = client.get(reverse("public:factcheck", args=[claim.pk])).content.decode()
    changed = "after a scheduled re-check, the verdict changed from <strong>Mostly true</strong>"
    assert changed in page


def test_a_reopening_with_no_re_check_due_is_no_re_check(published_claim, editor):
    published_claim.schedule_recheck(today() + DAY, by=editor)
    published_claim.reopen(editor=editor, reason="A typo in the summary.")
    assert not Recheck.objects.exists()
    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.recheck_on == today() + DAY  # still wanted once it is published again


def test_the_page_confirms_and_lists_the_re_checks(client, published_claim, editor):
    _come_due(published_claim)
    flag_due_rechecks()
    client.force_login(editor)
    page = client.get(published_claim.get_absolute_url()).content.decode()
    assert "Due for a re-check" in page
    url = reverse("claims:confirm_recheck", args=[published_claim.pk])
    failed = post_failing(client, url, {"note": "", "as_of": (today() + DAY).isoformat()})
    assert "This field is required" in failed.text
    assert "is still to come" in failed.text
    client.post(url, {"note": "Four still.", "version": published_claim.version})
    page = client.get(published_claim.get_absolute_url()).content.decode()
    assert "The verdict still holds, as of" in page
    assert "Four still." in page
    assert "Due for a re-check</strong>" not in page


def test_the_re_check_editor_and_the_verdicts_editor_are_told(published_claim, editor):
    other = make_user("eric", "Editor", first_name="Eric")
    published_claim.schedule_recheck(today(), by=other)
    flag_due_rechecks()
    for person in (editor, other):
        (told,) = person.notifications.filter(event="recheck_due")
        assert told.text.startswith(
            "The verdict on “grew by 35% over the last two years” is due for a re-check"
        )
        assert told.claim_id == published_claim.pk
