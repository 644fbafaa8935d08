"""Notes on a claim: the desk's internal thread, never shown to the public.

A note may be anchored to a passage of the claim's quote or of its article, is
resolved and reopened by anyone who may read it, and is edited by its author only,
each earlier wording kept as a NoteRevision. `@username` in a note tells that
person (claims.signals.note_posted), if the note is one they may read.

Who may read a note is the one rule NoteQuerySet.visible_to: editors read every
note; a reviewer reads editors' notes and their own, and other reviewers' notes
only once their own review of the claim is in, so that no reviewer is led by
another before rating (the rule the reviews follow, ClaimQuerySet.verdict_visible_to).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..decorators import alters_data
from ..signals import note_posted
from .errors import WorkflowError
from .records import Review

NOTE_MAX_LENGTH = 5000

# `@name`, not part of an address (no word character or dot just before the @). A
# username may hold letters, digits and @.+-_ (Django's rule); a name is read up to
# its last letter, digit or _+-, so "@ravi." at the end of a sentence is "ravi".
MENTION = re.compile(r"(?<![\w.@])@([\w.@+-]*[\w+-])")


def mentioned_names(text):
    """The usernames `text` mentions, each once, in order of their first mention."""
    return list(dict.fromkeys(MENTION.findall(text or "")))


@dataclass
class Mentions:
    """What a note's mentions did: who was told, and each name that told nobody, with why."""

    notified: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (name, reason)


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user, claim=None):
        """The notes (of `claim`, if given) `user` may read: the one rule, in one query."""
        notes = self if claim is None else self.filter(claim=claim)
        if roles.is_editor(user):
            return notes
        if not user.has_perm("claims.view_claim"):
            return notes.none()
        own_review = Review.objects.filter(claim=OuterRef("claim"), reviewer=user)
        return notes.filter(Q(by_editor=True) | Q(author=user) | Q(Exists(own_review)))

    def for_page(self):
        """What the claim page's thread shows of each note, its earlier wordings included."""
        return self.select_related("author", "resolved_by").prefetch_related("revisions")


class Note(models.Model):
    class Anchor(models.TextChoices):
        QUOTE = "quote", _("the quote")
        ARTICLE = "article", _("the article")

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes"
    )
    # Whether the author wrote it as an editor, fixed when it is posted: a reviewer's note
    # stays one (and hidden from other reviewers) if its author becomes an editor later.
    by_editor = models.BooleanField(_("written by an editor"), editable=False)
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    anchor_on = models.CharField(_("anchored to"), max_length=10, choices=Anchor, blank=True)
    anchor_start = models.PositiveIntegerField(_("passage start"), null=True, blank=True)
    anchor_end = models.PositiveIntegerField(_("passage end"), null=True, blank=True)
    # The passage as it read when the note was posted; the quote may be reworded later.
    anchor_text = models.TextField(_("passage"), blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["claim", "created_at"], name="note_thread")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(anchor_on="", anchor_start__isnull=True, anchor_end__isnull=True)
                    | Q(anchor_on__in=["quote", "article"], anchor_end__gt=F("anchor_start"))
                ),
                name="note_anchor_whole",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=False) | Q(resolved_by__isnull=True),
                name="note_resolver_with_date",
            ),
        ]

    def __str__(self):
        return f"Note {self.pk} on claim {self.claim_id}"

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#note-{self.pk}"

    # Predicates for templates, views and the API.
    def is_resolved(self):
        return self.resolved_at is not None

    def is_edited(self):
        return self.edited_at is not None

    def is_anchored(self):
        return bool(self.anchor_on)

    def can_be_edited_by(self, user):
        return user.pk == self.author_id

    # The moves.
    @classmethod
    @alters_data
    def post(cls, *, claim, author, body, anchor_on="", anchor_start=None, anchor_end=None):
        """Post a note on `claim`; returns the note and what its mentions did."""
        if not author.has_perm("claims.view_claim"):
            raise PermissionDenied
        note = cls(
            claim=claim,
            author=author,
            by_editor=roles.is_editor(author),
            body=clean_body(body),
            anchor_on=anchor_on or "",
        )
        note.anchor_start, note.anchor_end = anchor_start, anchor_end
        note.anchor_text = cls.passage_at(claim, anchor_on, anchor_start, anchor_end)
        with transaction.atomic():
            note.save()
            mentions = note._tell(mentioned_names(note.body))
        return note, mentions

    @alters_data
    def edit(self, *, by, body):
        """Change the note's wording (its author only), keeping the wording it replaces."""
        if not self.can_be_edited_by(by):
            raise PermissionDenied
        body = clean_body(body)
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.body == body:
                return Mentions()
            self.revisions.create(
                body=locked.body, written_at=locked.edited_at or locked.created_at
            )
            before = set(mentioned_names(locked.body))
            self.body, self.edited_at = body, timezone.now()
            self.save(update_fields=["body", "edited_at"])
            # Only a name the earlier wording did not mention is told again.
            return self._tell([n for n in mentioned_names(body) if n not in before])

    @alters_data
    def resolve(self, *, by):
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.is_resolved():
                raise WorkflowError(_("This note is resolved already."))
            self.resolved_at, self.resolved_by = timezone.now(), by
            self.save(update_fields=["resolved_at", "resolved_by"])

    @alters_data
    def reopen(self, *, by):
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if not locked.is_resolved():
                raise WorkflowError(_("This note is open already."))
            self.resolved_at, self.resolved_by = None, None
            self.save(update_fields=["resolved_at", "resolved_by"])

    @classmethod
    def passage_at(cls, claim, anchor_on, start, end):
        """The passage of `claim`'s quote or article at start:end, or why there is none:
        the one check of an anchor, asked by the form before the note is posted too."""
        if not anchor_on:
            if start is not None or end is not None:
                raise ValidationError(_("Say whether the passage is in the quote or the article."))
            return ""
        if anchor_on not in cls.Anchor.values:
            raise ValidationError(_("A note is anchored to the quote or the article."))
        text = claim.quote if anchor_on == cls.Anchor.QUOTE else claim.article.body
        if start is None or end is None:
            raise ValidationError(_("An anchored note needs the passage's start and end."))
        if not 0 <= start < end <= len(text):
            raise ValidationError(
                _("The passage must lie within %(text)s: characters 0 to %(length)s.")
                % {"text": cls.Anchor(anchor_on).label, "length": len(text)}
            )
        return text[start:end]

    def _tell(self, names):
        """Tell those `names` mention who may read the note; say why each other told nobody."""
        mentions = Mentions()
        if not names:
            return mentions
        users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}
        for name in names:
            user = users.get(name)
            reason = self._refusal(user)
            if reason:
                mentions.refused.append((name, reason))
            else:
                mentions.notified.append(user)
        if mentions.notified:
            note_posted.send(
                sender=type(self), note=self, claim=self.claim, mentioned=mentions.notified
            )
        return mentions

    @classmethod
    def tell_mentions_now_readable(cls, claim, user):
        """Tell `user`, whose review of `claim` has just come in, of the notes that mentioned
        them while they could not read them yet: other reviewers' notes, hidden until then
        (Note.objects.visible_to). The number of notes told of."""
        notes = (
            cls.objects.filter(claim=claim, by_editor=False)
            .exclude(author=user)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        name = user.get_username()
        told = 0
        for note in notes:
            if name in mentioned_names(note.body):
                note_posted.send(
                    sender=cls, note=note, claim=claim, mentioned=[user], deferred=True
                )
                told += 1
        return told

    def _refusal(self, user):
        """Why a mention of `user` tells them nothing, or None if it tells them."""
        if user is None or not user.is_active:
            return _("there is no such user")
        if user.pk == self.author_id:
            return _("that is you")
        if not user.has_perm("claims.view_claim"):
            return _("they may not see this claim")
        if not Note.objects.visible_to(user).filter(pk=self.pk).exists():
            return _("they may not read other reviewers' notes until their own review is in")
        return None


def clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("A note needs some text."))
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("A note is at most %(max)s characters; this one is %(length)s.")
            % {"max": NOTE_MAX_LENGTH, "length": len(body)}
        )
    return body


class NoteRevision(models.Model):
    """A wording a note had before its author edited it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("earlier wording"))
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "pk"]

    def __str__(self):
        return f"Earlier wording of note {self.note_id}"
