"""Priority and due dates: set by editors through the claim's methods, shown to everyone,
sorting the queues, and the rule of what is on time (claims.models.scheduling)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from claims.models import Assignment, Claim, Priority, Rating, Review, WorkflowError
from claims.models.scheduling import is_due_soon, is_overdue, today
from factcheck.testing import make_claim, post_failing

DAY = datetime.timedelta(days=1)


@pytest.fixture
def later():
    return today() + 7 * DAY


def test_a_new_claim_is_normal_with_no_due_date(claim):
    assert (claim.priority, claim.due) == (Priority.NORMAL, None)


def test_an_editor_sets_the_priority_and_the_history_says_who(claim, editor):
    claim.set_priority(Priority.URGENT, by=editor)
    claim.refresh_from_db()
    assert claim.priority == Priority.URGENT
    record = claim.history.latest()
    assert (record.priority, record.history_user) == (Priority.URGENT, editor)


def test_the_same_priority_again_writes_nothing(claim, editor):
    before = claim.history.count()
    claim.set_priority(Priority.NORMAL, by=editor)
    assert claim.history.count() == before


@pytest.mark.parametrize("forged", [99, 0, "urgent", True, None, 2.5])
def test_a_value_that_is_not_a_priority_is_refused_naming_the_choices(claim, editor, forged):
    with pytest.raises(WorkflowError, match="is not a priority; choose one of urgent, high"):
        claim.set_priority(forged, by=editor)
    claim.refresh_from_db()
    assert claim.priority == Priority.NORMAL


def test_the_database_refuses_a_priority_off_the_list(claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(priority=99)


def test_a_reviewer_cannot_set_priority_or_due_date(claim, reviewer, later):
    with pytest.raises(PermissionDenied):
        claim.set_priority(Priority.URGENT, by=reviewer)
    with pytest.raises(PermissionDenied):
        claim.set_due(later, by=reviewer)


def test_a_published_claim_keeps_its_priority_and_due_date(published_claim, editor, later):
    with pytest.raises(WorkflowError, match="published claim has no priority or due date"):
        published_claim.set_priority(Priority.URGENT, by=editor)
    with pytest.raises(WorkflowError, match="published claim"):
        published_claim.set_due(later, by=editor)
    published_claim.refresh_from_db()
    assert (published_claim.priority, published_claim.due) == (Priority.NORMAL, None)


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ("yesterdayish", "is not a date"),
        (datetime.datetime(2030, 1, 1, 12), "is not a date"),
        (today() - DAY, "has passed; choose today or a later day"),
    ],
)
def test_a_due_date_that_is_no_day_to_come_is_refused(claim, editor, reviewer, forged, message):
    with pytest.raises(WorkflowError, match=message):
        claim.set_due(forged, by=editor)
    with pytest.raises(WorkflowError, match=message):
        claim.assign([reviewer], by=editor, due=forged)
    claim.refresh_from_db()
    assert claim.due is None
    assert not claim.assignments.exists()


def test_a_stale_version_is_refused(claim, editor, later):
    with pytest.raises(WorkflowError, match="changed by someone else"):
        claim.set_priority(Priority.HIGH, by=editor, expected_version=claim.version + 1)
    with pytest.raises(WorkflowError, match="changed by someone else"):
        claim.set_due(later, by=editor, expected_version=claim.version + 1)


def test_setting_them_leaves_the_version_so_open_forms_stay_good(claim, editor, later):
    version = claim.version
    claim.set_priority(Priority.HIGH, by=editor, expected_version=version)
    claim.set_due(later, by=editor, expected_version=version)
    claim.refresh_from_db()
    assert (claim.version, claim.priority, claim.due) == (version, Priority.HIGH, later)


def test_an_assignment_is_due_when_the_claim_is_unless_told_otherwise(
    claim, editor, reviewer, reviewer2, later
):
    claim.set_due(later, by=editor)
    claim.assign([reviewer], by=editor)
    claim.assign([reviewer2], by=editor, due=later - DAY)
    due = dict(claim.assignments.values_list("reviewer__username", "due"))
    assert due == {"rita": later, "ravi": later - DAY}


def test_an_assignment_without_dates_has_none(claim_in_review):
    assert set(claim_in_review.assignments.values_list("due", flat=True)) == {None}


def test_a_new_due_date_moves_the_waiting_assignments_that_had_the_claims(
    claim, editor, reviewer, reviewer2, later
):
    claim.set_due(later, by=editor)
    claim.assign([reviewer], by=editor)
    claim.assign([reviewer2], by=editor, due=later + DAY)  # a date of its own
    Assignment.objects.update(reminded_due_soon_at=timezone.now())
    claim.set_due(later + 2 * DAY, by=editor)
    rows = {a.reviewer.username: a for a in claim.assignments.select_related("reviewer")}
    assert rows["rita"].due == later + 2 * DAY
    assert rows["rita"].reminded_due_soon_at is None  # to be reminded of the new date
    assert rows["ravi"].due == later + DAY
    assert rows["ravi"].reminded_due_soon_at is not None


def test_a_submitted_review_keeps_the_date_it_was_due(claim, editor, reviewer, later):
    claim.set_due(later, by=editor)
    claim.assign([reviewer], by=editor)
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="r")
    claim.set_due(later + DAY, by=editor)
    assert claim.assignments.get().due == later


def test_the_same_due_date_again_changes_nothing_even_once_past(claim_in_review, editor):
    past = today() - 3 * DAY
    Claim.objects.filter(pk=claim_in_review.pk).update(due=past)
    Assignment.objects.update(due=past, reminded_overdue_at=timezone.now())
    claim_in_review.set_due(past, by=editor)
    assert Assignment.objects.filter(reminded_overdue_at__isnull=True).count() == 0


def test_overdue_and_due_soon_are_days_in_the_sites_time_zone():
    on = datetime.date(2026, 12, 3)
    assert is_overdue(datetime.date(2026, 12, 2), on=on)
    assert not is_overdue(datetime.date(2026, 12, 3), on=on)
    assert not is_overdue(datetime.date(2026, 12, 2), done=True, on=on)
    assert not is_overdue(None, on=on)
    assert is_due_soon(on, on=on)
    assert is_due_soon(on + DAY, on=on)
    assert not is_due_soon(on + 2 * DAY, on=on)
    assert not is_due_soon(on - DAY, on=on)


# Queues


@pytest.fixture
def four_claims(article):
    quotes = ["Trade between", "grew by 35%", "Kyrgyzstan is home", "The shared border"]
    return [make_claim(article, quote) for quote in quotes]


def test_my_queue_is_by_priority_then_due_date_then_assignment(
    four_claims, editor, reviewer, later
):
    low, plain_late, urgent, plain_soon = four_claims
    for claim in four_claims:
        claim.assign([reviewer], by=editor)
    low.set_priority(Priority.LOW, by=editor)
    urgent.set_priority(Priority.URGENT, by=editor)
    Assignment.objects.filter(claim=plain_soon).update(due=later)
    # plain_late has no due date: it comes after the normal one that has.
    queue = list(Claim.objects.awaiting_review_by(reviewer))
    assert queue == [urgent, plain_soon, plain_late, low]


def test_an_editors_queue_is_by_priority_then_due_date(four_claims, editor, later):
    for claim in four_claims:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REVIEWED)
    a, b, c, d = four_claims
    c.set_priority(Priority.HIGH, by=editor)
    b.set_due(later, by=editor)
    d.set_due(later - DAY, by=editor)
    queue = list(Claim.objects.awaiting_verdict().by_urgency())
    assert queue[:3] == [c, d, b]
    assert queue[3] == a


def test_the_queue_says_priority_in_words_and_marks_overdue_work(client, claim, editor, reviewer):
    claim.assign([reviewer], by=editor)
    claim.set_priority(Priority.URGENT, by=editor)
    due = today() - 2 * DAY
    Assignment.objects.update(due=due)
    client.force_login(reviewer)
    html = client.get(reverse("claims:home")).content.decode()
    assert "Urgent" in html
    assert f"Overdue: due {due.day} {due:%b}" in html


def test_the_queue_says_due_today_and_tomorrow(client, four_claims, editor, reviewer):
    for claim in four_claims[:2]:
        claim.assign([reviewer], by=editor)
    Assignment.objects.filter(claim=four_claims[0]).update(due=today())
    Assignment.objects.filter(claim=four_claims[1]).update(due=today() + DAY)
    client.force_login(reviewer)
    html = client.get(reverse("claims:home")).content.decode()
    assert "Due today" in html
    assert "Due tomorrow" in html


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_the_queue_costs_the_same_with_priorities_and_due_dates(
    client, four_claims, editor, reviewer, persona, request, django_assert_num_queries, later
):
    for i, claim in enumerate(four_claims):
        claim.assign([reviewer], by=editor)
        claim.set_priority(Priority.values[i], by=editor)
        claim.set_due(later, by=editor)
    client.force_login(request.getfixturevalue(persona))
    client.get(reverse("claims:home"))  # the rating scale read once, as a running site has it
    # The counts of claims/tests/test_queries.py, the saved views beside the queue included.
    with django_assert_num_queries(5 if persona == "reviewer" else 8):
        assert client.get(reverse("claims:home")).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_an_editors_queue_reads_its_order_from_the_index(four_claims):
    queryset = Claim.objects.awaiting_verdict().by_urgency().values("pk")[:10]
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # With sorting priced out, a plan without a Sort shows the index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_status_urgency" in plan, plan
    assert "Sort" not in plan, plan


# The claim page's form


def test_the_claim_page_shows_priority_and_due_date_to_a_reviewer(
    client, claim_in_review, editor, reviewer, later
):
    claim_in_review.set_priority(Priority.HIGH, by=editor)
    claim_in_review.set_due(later, by=editor)
    client.force_login(reviewer)
    response = client.get(claim_in_review.get_absolute_url())
    html = response.content.decode()
    assert "High" in html
    assert f"{later.day} {later:%b}" in html
    assert "plan_form" not in response.context


def test_an_editor_sets_both_from_the_claim_page(client, claim, editor, later):
    client.force_login(editor)
    response = client.post(
        reverse("claims:plan", args=[claim.pk]),
        {"priority": Priority.URGENT, "due": later.isoformat(), "version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.priority, claim.due) == (Priority.URGENT, later)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"priority": "99"}, "priority", "Select a valid choice"),
        ({"priority": "urgent"}, "priority", "Select a valid choice"),
        ({"priority": "1", "due": "yesterdayish"}, "due", "Enter a date as YYYY-MM-DD"),
        ({"priority": "1", "due": "2020-01-01"}, "due", "has passed"),
        ({"priority": "1", "due": "2026-02-30"}, "due", "Enter a date as YYYY-MM-DD"),
        ({"priority": "1", "version": "-4"}, "version", "greater than or equal to 0"),
    ],
)
def test_a_forged_plan_comes_back_with_its_error_and_changes_nothing(
    client, claim, editor, data, field, message
):
    client.force_login(editor)
    page = post_failing(client, reverse("claims:plan", args=[claim.pk]), data)
    form = page.context["plan_form"]
    assert message in " ".join(form.errors[field])
    claim.refresh_from_db()
    assert (claim.priority, claim.due) == (Priority.NORMAL, None)


def test_an_overdue_claim_keeps_its_date_when_only_the_priority_changes(client, claim, editor):
    past = today() - 5 * DAY
    Claim.objects.filter(pk=claim.pk).update(due=past)
    client.force_login(editor)
    response = client.post(
        reverse("claims:plan", args=[claim.pk]), {"priority": "2", "due": past.isoformat()}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.priority, claim.due) == (Priority.HIGH, past)


def test_the_assign_form_takes_a_due_date(client, claim, editor, reviewer, later):
    client.force_login(editor)
    response = client.post(
        reverse("claims:assign", args=[claim.pk]),
        {"reviewers": [reviewer.pk], "due": later.isoformat()},
    )
    assert response.status_code == 302
    assert claim.assignments.get().due == later


def test_the_assign_form_refuses_a_past_due_date(client, claim, editor, reviewer):
    client.force_login(editor)
    page = post_failing(
        client,
        reverse("claims:assign", args=[claim.pk]),
        {"reviewers": [reviewer.pk], "due": "2001-09-09"},
    )
    assert "has passed" in " ".join(page.context["assign_form"].errors["due"])
    assert not claim.assignments.exists()


# Done on time


def _submit(claim, reviewer, at):
    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="r")
    Review.objects.filter(claim=claim, reviewer=reviewer).update(submitted_at=at)


def test_on_time_is_by_the_end_of_the_due_day(four_claims, editor, reviewer, reviewer2):
    due = datetime.date(2026, 3, 10)
    on_time, late, _not_in, undated = four_claims
    for claim in four_claims:
        claim.assign([reviewer, reviewer2], by=editor)
    Assignment.objects.exclude(claim=undated).update(due=due)
    _submit(on_time, reviewer, datetime.datetime(2026, 3, 10, 23, 59, tzinfo=datetime.UTC))
    _submit(late, reviewer, datetime.datetime(2026, 3, 11, 0, 0, tzinfo=datetime.UTC))
    _submit(undated, reviewer, datetime.datetime(2026, 3, 11, 0, 0, tzinfo=datetime.UTC))
    figures = Assignment.objects.on_time_figures(on=datetime.date(2026, 3, 12))
    # Six assignments with a due date: one on time, one late, four not in and past due.
    assert figures == {"dated": 6, "on_time": 1, "late": 1, "overdue": 4}
    assert Assignment.objects.on_time_figures(on=due)["overdue"] == 0


def test_the_due_day_is_the_sites(settings, claim, editor, reviewer):
    settings.TIME_ZONE = "Asia/Tokyo"
    claim.assign([reviewer], by=editor)
    Assignment.objects.update(due=datetime.date(2026, 3, 10))
    # 20:00 in London is 05:00 the next morning in Tokyo: late there.
    _submit(claim, reviewer, datetime.datetime(2026, 3, 10, 20, 0, tzinfo=datetime.UTC))
    figures = Assignment.objects.on_time_figures(on=datetime.date(2026, 3, 12))
    assert (figures["on_time"], figures["late"]) == (0, 1)


# The demo


def test_the_demo_shows_priorities_and_due_dates_in_use(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    assert set(Claim.objects.values_list("priority", flat=True)) == set(Priority.values)
    figures = Assignment.objects.on_time_figures()
    assert figures["on_time"] > 0
    assert figures["late"] > 0
    assert figures["overdue"] > 0
    assert Assignment.objects.due_soon().exists()
    assert Claim.objects.filter(due__isnull=False).count() == 6
