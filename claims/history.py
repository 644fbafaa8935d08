"""One time-ordered account of everything that changed on a claim, for editors.

The simple-history records of the claim, its evidence, its reviews and its
verdict are read in one query each (five in all, however long the history),
then each record is compared with the one before it for the same object.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Claim, Evidence, RatingLevel, Review, TaggedClaim, Verdict
from .roles import display_name

# Bookkeeping, not content: never listed as a change.
SKIPPED = {"id", "created_at", "updated_at", "submitted_at", "version", "evidence", "url_key"}
SKIPPED |= {"added_at"}
# A review's revision is said by the entry's action, with the blind rating it keeps.
SKIPPED |= {"revised_at", "revised_after_reveal", "blind_rating", "blind_rationale"}

KINDS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}

# What the entry that adds a record says of it: the fields people know it by.
ON_ADD = {
    Claim: ["statement", "claimant_name", "status"],
    Evidence: ["url", "stance", "source_type"],
    Review: ["rating", "confidence", "rationale"],
    Verdict: ["rating", "summary"],
}

# Longer texts are shown as this many characters around where they differ.
SHOWN_CHARS = 120
CONTEXT_CHARS = 40


# The fields holding a RatingLevel's id, shown by the level's label.
RATING_FIELDS = ("rating", "blind_rating")


@dataclass
class Change:
    """One field's change; `old` is None for the values of a record just added."""

    field: str
    old: str | None
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
    if name in RATING_FIELDS:
        return RatingLevel.objects.scale().label(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y, H:i")
    return str(value)


def shortened(old, new):
    """Two versions of a text cut to show where they differ, each at most SHOWN_CHARS.

    Cut from the start alone, two long texts that differ late would look alike;
    so a long pair starts a little before its first difference, marked with "…".
    """
    if old is None:
        return None, Truncator(new).chars(SHOWN_CHARS)
    if max(len(old), len(new)) <= SHOWN_CHARS:
        return old, new
    same = next(
        (i for i, pair in enumerate(zip(old, new, strict=False)) if pair[0] != pair[1]), None
    )
    start = max(0, (min(len(old), len(new)) if same is None else same) - CONTEXT_CHARS)
    if start:  # from a word's beginning; both texts are the same up to there
        start = old.rfind(" ", 0, start) + 1 or start

    def cut(text):
        text = Truncator(text[start:].lstrip()).chars(SHOWN_CHARS - (1 if start else 0))
        return "…" + text if start else text

    return cut(old), cut(new)


def _change(record, name, previous=None):
    old = None if previous is None else _shown(previous, name)
    label = str(record._meta.get_field(name).verbose_name)
    return Change(label, *shortened(old, _shown(record, name)))


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
        return str(_("Review by %(name)s") % {"name": display_name(record.reviewer)})
    if model is TaggedClaim:
        name = record.tag.name if record.tag is not None else _("since merged or deleted")
        return str(_("Tag “%(name)s”") % {"name": name})
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


def _entry(record, previous):
    """The entry for one record, or None where it shows no change (a save of the same values)."""
    action = _action(record, previous)
    entry = HistoryEntry(
        when=record.history_date, who=record.history_user, subject=_subject(record), action=action
    )
    if record.history_type == "+":
        shown = ON_ADD.get(record.instance_type, [])
        entry.changes = [
            _change(record, name)
            for name in shown
            if getattr(record, record._meta.get_field(name).attname) not in (None, "")
        ]
    elif record.history_type == "~":
        # With no earlier record (a claim loaded before its history began) nothing
        # can be said of what changed, and the entry is dropped too.
        if previous is not None:
            entry.changes = [_change(record, n, previous) for n in _changed(record, previous)]
        if not entry.changes and action == str(KINDS["~"]):
            return None
    return entry


def _entries_for(records):
    entries = []
    key = lambda r: r.id  # noqa: E731
    for _id, versions in groupby(sorted(records, key=lambda r: (r.id, r.history_date)), key):
        previous = None
        for record in versions:
            entry = _entry(record, previous)
            if entry is not None:
                entries.append(entry)
            previous = record
    return entries


def claim_history(claim):
    """Every recorded change to the claim and what hangs on it, newest first.

    A save that changed nothing people read (the same values saved again, or
    bookkeeping alone) has no entry.
    """
    reviews = Review.history.filter(claim_id=claim.pk).select_related("history_user", "reviewer")
    sources = [
        Claim.history.filter(id=claim.pk).select_related("history_user"),
        Evidence.history.filter(claim_id=claim.pk).select_related("history_user"),
        reviews,
        Verdict.history.filter(claim_id=claim.pk).select_related("history_user"),
        TaggedClaim.history.filter(content_object_id=claim.pk).select_related(
            "history_user", "tag"
        ),
    ]
    entries = [entry for records in sources for entry in _entries_for(list(records))]
    return sorted(entries, key=lambda e: e.when, reverse=True)
