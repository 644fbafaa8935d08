import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from claims.models import (
    Article,
    Assignment,
    Claim,
    Priority,
    Recheck,
    Review,
    Verdict,
    flag_due_rechecks,
)
from claims.models.scheduling import today

DAY = datetime.timedelta(days=1)

# The demo's priorities, by claim number in fixtures/articles.json.
PRIORITIES = {31: Priority.URGENT, 17: Priority.URGENT, 16: Priority.HIGH, 5: Priority.HIGH}
PRIORITIES |= {40: Priority.LOW, 22: Priority.LOW}
# The claims in review and after, due this many days from the day the demo is loaded:
# one overdue, one due today, one tomorrow, the rest later.
DUE_IN = {16: -2, 31: 0, 25: 1, 40: 10, 5: 3, 17: 2}
# Re-checks: claim 8 (unverifiable until the ministry publishes its account of the meeting)
# came due yesterday and waits in the editors' queue; claim 30 was checked again a week
# ago, confirmed, and comes back in half a year.
RECHECK_DUE = 8
CONFIRMED = 30


def plan_demo():
    """Priorities and due dates for the demo, as of the day it is loaded.

    The fixtures' dates are fixed, so "overdue" and "due soon" are set here: each
    review still waited for is due when its claim is; each review in was due on the
    day it was submitted (on time), or, every third one, two days before (late).
    """
    on = today()
    for pk, priority in PRIORITIES.items():
        Claim.objects.filter(pk=pk).update(priority=priority)
    for pk, days in DUE_IN.items():
        Claim.objects.filter(pk=pk).update(due=on + days * DAY)
    submitted = {
        (r.claim_id, r.reviewer_id): timezone.localdate(r.submitted_at)
        for r in Review.objects.all()
    }
    claims_due = dict(Claim.objects.filter(due__isnull=False).values_list("pk", "due"))
    for n, assignment in enumerate(Assignment.objects.order_by("pk")):
        day = submitted.get((assignment.claim_id, assignment.reviewer_id))
        if day is not None:
            assignment.due = day - 2 * DAY if n % 3 == 2 else day
        else:
            assignment.due = claims_due.get(assignment.claim_id)
        assignment.save(update_fields=["due"])
    plan_rechecks(on)


def plan_rechecks(on):
    editor = get_user_model().objects.get(username="editor")
    Claim.objects.filter(pk=RECHECK_DUE).update(recheck_on=on - DAY, recheck_by=editor)
    checked = on - 7 * DAY
    Recheck.objects.create(
        claim_id=CONFIRMED,
        outcome=Recheck.Outcome.CONFIRMED,
        due_on=checked,
        as_of=checked,
        note="Read the summit's official communiqué and Xinhua's report again: both still "
        "date the first summit to 18-19 May 2023 in Xi'an.",
        by=editor,
    )
    Recheck.objects.filter(claim_id=CONFIRMED).update(
        done_at=timezone.make_aware(datetime.datetime.combine(checked, datetime.time(10)))
    )
    Verdict.objects.filter(claim_id=CONFIRMED).update(as_of=checked)
    Claim.objects.filter(pk=CONFIRMED).update(recheck_on=on + 180 * DAY, recheck_by=editor)
    flag_due_rechecks(on)


class Command(BaseCommand):
    help = (
        "Loads the seed articles and claims (fixtures/articles.json) and the demo users, "
        "reviews and verdicts (fixtures/demo.json, with a numeric claim's figures in "
        "fixtures/demo_numbers.json), and the desk's tags on claims (fixtures/tags.json) into a "
        "database that has no articles yet, with priorities and due dates as of today (some "
        "overdue, some due soon)."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("The database already has articles, so the demo data was not loaded.")
            return
        with transaction.atomic():
            call_command(
                "loaddata",
                "articles",
                "demo",
                "demo_numbers",
                "tags",
                verbosity=options["verbosity"],
            )
            plan_demo()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Log in as reviewer, reviewer2, editor or admin "
                "(password: factcheck-demo). These accounts are for the demo only."
            )
        )
