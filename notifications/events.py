"""Who is told of each move of a claim, and in what words (the receivers of claims.signals).

What a notification says is what its recipient may read anywhere it goes, the
inbox and a mail alike, so the words carry no rating but a published one: a
settled verdict may not be public yet, and a reviewer's rating is never told to
anyone (ClaimQuerySet.verdict_visible_to is the page's rule; mail leaves the
site, so it says less). The move's note is never passed on: the note of a move to
settled is the verdict's rating, and a reopening's reason may discuss it.

The person who made the move is never told of it. A mention says who wrote a
note on which claim, never what it says: notes are internal, and mail leaves the site.
"""

from django.dispatch import receiver
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.jobs import enqueue_on_commit
from claims.models import Assignment, Claim, Note, Review, Verdict
from claims.roles import display_name, editors, is_editor
from claims.signals import claim_moved, note_posted, recheck_due, reviewers_assigned

from .models import Delivery, Event, Notification, Preference

STATEMENT_SHOWN = 120  # characters of the claim's statement a notification quotes


def claim_words(claim):
    """The claim's statement, cut short, without the full stop the quotation marks follow."""
    statement = (claim.statement or claim.quote).strip().rstrip(".")
    return Truncator(statement).chars(STATEMENT_SHOWN)


def notify(event, claim, recipients, *, actor, text, link=""):
    """Tell each of `recipients` (not `actor`) of `event` on `claim` (or, with no claim, of
    what `link` leads to); mail at once after commit to those who chose so. The rows are
    written in the caller's transaction."""
    people = {user.pk: user for user in recipients if user is not None}
    people.pop(getattr(actor, "pk", None), None)
    users = [u for u in people.values() if u.is_active and u.has_perm("claims.view_claim")]
    if not users:
        return []
    deliveries = Preference.objects.deliveries(users, event)
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                event=event,
                claim=claim,
                link=link,
                actor=actor,
                text=text,
                # Without an address there is only the inbox.
                delivery=deliveries[user.pk] if user.email else Delivery.NONE,
            )
            for user in users
        ]
    )
    from .tasks import send_notification  # the jobs import this module's neighbours

    for notification in made:
        if notification.delivery == Delivery.NOW:
            enqueue_on_commit(send_notification, notification.pk)
    return made


def _reviewers_of(claim):
    """Those who submitted a review of `claim`."""
    users = Review.objects.filter(claim=claim).select_related("reviewer")
    return [review.reviewer for review in users]


def _assigners_of(claim):
    """The editors who assigned reviewers to `claim`."""
    rows = Assignment.objects.filter(claim=claim, assigned_by__isnull=False)
    return [a.assigned_by for a in rows.select_related("assigned_by").order_by()]


@receiver(reviewers_assigned, sender=Claim, dispatch_uid="notify_reviewers_assigned")
def on_reviewers_assigned(*, claim, reviewers, by, **kwargs):
    notify(
        Event.ASSIGNED,
        claim,
        reviewers,
        actor=by,
        text=_("%(editor)s assigned you to review “%(claim)s”.")
        % {"editor": display_name(by), "claim": claim_words(claim)},
    )


@receiver(claim_moved, sender=Claim, dispatch_uid="notify_claim_moved")
def on_claim_moved(*, claim, from_status, to_status, actor, **kwargs):
    Status = Claim.Status
    about = {"who": display_name(actor), "claim": claim_words(claim)}
    if from_status == Status.IN_REVIEW and to_status == Status.REVIEWED:
        notify(
            Event.REVIEWS_IN,
            claim,
            _assigners_of(claim),
            actor=actor,
            text=_("Every review is in on “%(claim)s”; it waits for a verdict.") % about,
        )
    elif to_status == Status.SETTLED:
        # That it was settled, never how: the verdict is not public yet.
        notify(
            Event.SETTLED,
            claim,
            _reviewers_of(claim),
            actor=actor,
            text=_("%(who)s settled the verdict on “%(claim)s”, which you reviewed.") % about,
        )
    elif to_status == Status.PUBLISHED:
        # A published rating is public.
        rating = Verdict.objects.get(claim=claim).get_rating_display()
        notify(
            Event.PUBLISHED,
            claim,
            _reviewers_of(claim),
            actor=actor,
            text=_("%(who)s published the verdict on “%(claim)s”, which you reviewed: %(rating)s.")
            % {**about, "rating": rating},
        )
    elif from_status in Claim.DECIDED:
        notify(
            Event.REOPENED,
            claim,
            _reviewers_of(claim),
            actor=actor,
            text=_("%(who)s reopened “%(claim)s”, which you reviewed; it is under review again.")
            % about,
        )


@receiver(note_posted, sender=Note, dispatch_uid="notify_note_posted")
def on_note_posted(*, note, claim, mentioned, deferred=False, **kwargs):
    about = {"who": display_name(note.author), "claim": claim_words(claim)}
    if deferred:
        text = (
            _(
                "%(who)s mentioned you in a note on “%(claim)s”, which you can read now that "
                "your review is in."
            )
            % about
        )
    else:
        text = _("%(who)s mentioned you in a note on “%(claim)s”.") % about
    notify(Event.MENTIONED, claim, mentioned, actor=note.author, text=text)


@receiver(recheck_due, sender=Claim, dispatch_uid="notify_recheck_due")
def on_recheck_due(*, claim, on, **kwargs):
    """The editor who set the re-check date and the one who settled the verdict; every editor
    when neither is an editor any more, so a re-check never waits unseen."""
    verdict = getattr(claim, "verdict", None)
    concerned = [claim.recheck_by, verdict.editor if verdict else None]
    recipients = [user for user in concerned if user is not None and is_editor(user)]
    notify(
        Event.RECHECK_DUE,
        claim,
        recipients or list(editors()),
        actor=None,
        text=_(
            "The verdict on “%(claim)s” is due for a re-check (set for %(day)s): confirm it "
            "still holds, or reopen the claim to correct it."
        )
        % {"claim": claim_words(claim), "day": formats.date_format(claim.recheck_on, "j F Y")},
    )
