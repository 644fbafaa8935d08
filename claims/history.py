"""One time-ordered account of everything that changed on a claim, for editors.

The simple-history records of the claim, its evidence, its reviews and its
verdict are read in one query each (four in all, however long the history),
then each record is compared with the one before it for the same object.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Claim, Evidence, Review, Verdict

# Bookkeeping, not content: never listed as a change.
SKIPPED = {"id", "created_at", "updated_at", "submitted_at", "version", "evidence"}
# A review's revision is said by the entry's action, with the blind rating it keeps.
SKIPPED |= {"revised_at", "revised_after_reveal", "blind_rating", "blind_rationale"}

KINDS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _shown(record, name):
    """A field's value as people read it: choice labels, short text, 'empty'."""
    model_field = record._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return str(_("empty"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y, %H:%M")
    return Truncator(str(value)).chars(120)


def _content_fields(record):
    return [
        f.name
        for f in record.tracked_fields
        if f.name not in SKIPPED and not isinstance(f, models.ForeignKey)
    ]


def _changed(record, previous):
    """Names of the content fields that differ from the previous record, in field order.

    simple-history's diff_against compares the editable fields; the workflow's
    own fields (a claim's status) are not editable in forms, so they are
    compared here too.
    """
    fields = _content_fields(record)
    editable = [name for name in fields if record._meta.get_field(name).editable]
    changed = {c.field for c in record.diff_against(previous, included_fields=editable).changes}
    changed |= {
        name
        for name in fields
        if name not in editable
        and getattr(record, record._meta.get_field(name).attname)
        != getattr(previous, previous._meta.get_field(name).attname)
    }
    return [name for name in fields if name in changed]


def _subject(record):
    model = record.instance_type
    if model is Claim:
        return str(_("Claim"))
    if model is Evidence:
        return str(_("Evidence “%(title)s”") % {"title": Truncator(record.title).chars(60)})
    if model is Review:
        return str(_("Review by %(name)s") % {"name": record.reviewer_name})
    return str(_("Verdict"))


def _action(record, previous):
    """What happened, as the panel says it; a review's revision says if it followed the reveal.

    revised_after_reveal stays on once set, and the reveal cannot be taken
    back, so the flag on the record of a revision is that revision's own.
    """
    revised = (
        record.instance_type is Review
        and previous is not None
        and record.history_type == "~"
        and record.revised_at != previous.revised_at
    )
    if not revised:
        return str(KINDS.get(record.history_type, record.history_type))
    blind = _shown(record, "blind_rating")
    if record.revised_after_reveal:
        return str(
            _("revised after seeing other reviews (blind rating %(blind)s)") % {"blind": blind}
        )
    return str(_("revised (blind rating %(blind)s)") % {"blind": blind})


def _entries_for(records):
    entries = []
    key = lambda r: r.id  # noqa: E731
    for _id, versions in groupby(sorted(records, key=lambda r: (r.id, r.history_date)), key):
        previous = None
        for record in versions:
            entry = HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                subject=_subject(record),
                action=_action(record, previous),
            )
            if previous is not None and record.history_type == "~":
                entry.changes = [
                    Change(
                        str(record._meta.get_field(name).verbose_name),
                        _shown(previous, name),
                        _shown(record, name),
                    )
                    for name in _changed(record, previous)
                ]
            entries.append(entry)
            previous = record
    return entries


def claim_history(claim):
    """Every recorded change to the claim and what hangs on it, newest first."""
    reviews = Review.history.filter(claim_id=claim.pk).select_related("history_user")
    reviews = reviews.annotate(reviewer_name=models.F("reviewer__username"))
    sources = [
        Claim.history.filter(id=claim.pk).select_related("history_user"),
        Evidence.history.filter(claim_id=claim.pk).select_related("history_user"),
        reviews,
        Verdict.history.filter(claim_id=claim.pk).select_related("history_user"),
    ]
    entries = [entry for records in sources for entry in _entries_for(list(records))]
    return sorted(entries, key=lambda e: e.when, reverse=True)
