"""Tags: the desk's topics (trade, health, elections) that group claims for work and reports.

Tags are internal: the public fact-check pages and ClaimReview do not show them, as a
desk's own labels (``needs-legal``, ``from-tipline``) can be sensitive.

Names are case-insensitive, "Trade" and "trade" being one tag: the database holds that
with a unique index on lower(name), and TAGGIT_CASE_INSENSITIVE makes django-taggit look
names up the same way. A tag is added to or removed from a claim through
Claim.add_tags / remove_tags, and renamed or merged through Tag.rename / merge_into, each
in one transaction.
"""

import operator
import re
from functools import reduce

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.models import ItemBase, TagBase
from taggit.utils import parse_tags

from .. import roles
from ..decorators import alters_data
from .errors import WorkflowError

TAG_MAX_LENGTH = 100  # taggit's name and slug columns
# One claim, or one change, takes at most this many tags: a list of topics, not a text.
MAX_TAGS_AT_ONCE = 20

NO_NAMES = _("Give at least one tag name.")
TOO_MANY = _("Give at most %(max)s tags at once.")
TOO_LONG = _("A tag name has at most %(max)s characters: %(name)s is longer.")
NO_WORDS = _("A tag name needs a letter or a digit: %(name)s has none.")
BAD_CHARACTERS = _("A tag name cannot hold commas, double quotes or control characters: %(name)s.")
NAME_TAKEN = _(
    "There is already a tag named %(name)s; merge %(old)s into it instead, so their claims "
    "keep one tag."
)
SAME_TAG = _("A tag cannot be merged into itself.")


def _quoted(name):
    return f"\u201c{name[:60]}\u201d"


def clean_tag_name(name):
    """`name` as stored (spaces trimmed and collapsed), or WorkflowError naming the problem."""
    if not isinstance(name, str):
        raise WorkflowError(NO_NAMES)
    name = " ".join(name.split())
    if not name:
        raise WorkflowError(NO_NAMES)
    if len(name) > TAG_MAX_LENGTH:
        raise WorkflowError(TOO_LONG % {"max": TAG_MAX_LENGTH, "name": _quoted(name)})
    if re.search(r'[,"\x00-\x1f\x7f]', name):
        raise WorkflowError(BAD_CHARACTERS % {"name": _quoted(name)})
    if not any(ch.isalnum() for ch in name):
        raise WorkflowError(NO_WORDS % {"name": _quoted(name)})
    return name


def clean_tag_names(names):
    """A list of distinct names (ignoring case, first spelling kept), or WorkflowError.

    `names` is a list of names, or one string of names separated by commas (a form's text
    box, read as django-taggit reads it).
    """
    if isinstance(names, str):
        names = parse_tags(names)
    if not isinstance(names, (list, tuple, set, frozenset)):
        raise WorkflowError(NO_NAMES)
    cleaned: dict[str, str] = {}
    for name in names:
        name = clean_tag_name(name)
        cleaned.setdefault(name.lower(), name)
    if not cleaned:
        raise WorkflowError(NO_NAMES)
    if len(cleaned) > MAX_TAGS_AT_ONCE:
        raise WorkflowError(TOO_MANY % {"max": MAX_TAGS_AT_ONCE})
    return list(cleaned.values())


def _require_editor(user):
    if not roles.is_editor(user):
        raise PermissionDenied(_("Only editors manage tags."))


class TagQuerySet(models.QuerySet["Tag"]):
    def named(self, name):
        """The tag called `name`, in any case."""
        return self.filter(name__iexact=name)

    def get_or_create_named(self, names):
        """The tags called `names` (cleaned), created where missing; safe against a race."""
        any_of = reduce(operator.or_, (models.Q(name__iexact=name) for name in names))
        found = {tag.name.lower(): tag for tag in self.filter(any_of)}
        tags = []
        for name in names:
            tag = found.get(name.lower())
            if tag is None:
                try:
                    with transaction.atomic():
                        tag = self.model._default_manager.create(name=name)
                except IntegrityError:  # made by someone else meanwhile
                    tag = self.named(name).get()
            tags.append(tag)
        return tags

    def with_claim_counts(self):
        return self.annotate(claim_count=models.Count("tagged_claims")).order_by(
            Lower("name"), "pk"
        )


class Tag(TagBase):
    # TagBase's fields, which django-taggit does not type.
    name: str
    slug: str

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tag_name_ignoring_case"),
        ]

    @alters_data
    def rename(self, name, *, by):
        """Call this tag `name`; refused (WorkflowError) if another tag has that name.

        A change of case alone is a rename. The slug follows the name, so links to
        the claims list by this tag keep working only by number.
        """
        _require_editor(by)
        name = clean_tag_name(name)
        with transaction.atomic():
            locked = Tag.objects.select_for_update().get(pk=self.pk)
            if Tag.objects.named(name).exclude(pk=self.pk).exists():
                raise WorkflowError(NAME_TAKEN % {"name": _quoted(name), "old": _quoted(self.name)})
            locked.name = name
            locked.slug = _free_slug(locked)
            locked.save(update_fields=["name", "slug"])
        self.name, self.slug = locked.name, locked.slug

    @alters_data
    def merge_into(self, other, *, by):
        """Give `other` to every claim tagged with this tag, then delete this tag.

        Returns how many claims gained `other`. Both tags are locked first (in
        the order of their numbers, so two merges cannot deadlock).
        """
        _require_editor(by)
        if other.pk == self.pk:
            raise WorkflowError(SAME_TAG)
        with transaction.atomic():
            locked = list(
                Tag.objects.select_for_update().filter(pk__in=[self.pk, other.pk]).order_by("pk")
            )
            if len(locked) != 2:
                raise WorkflowError(_("That tag no longer exists."))
            rows = TaggedClaim.objects.filter(tag=self)
            already = TaggedClaim.objects.filter(tag=other).values("content_object")
            moved = rows.exclude(content_object__in=already).update(tag=other)
            rows.delete()
            Tag.objects.filter(pk=self.pk).delete()
        return moved


def _free_slug(tag):
    """A slug for `tag`'s name that no other tag has (taggit's own numbering: trade_1)."""
    slug, number = tag.slugify(tag.name), 0
    taken = set(
        Tag.objects.filter(slug__startswith=slug).exclude(pk=tag.pk).values_list("slug", flat=True)
    )
    while (candidate := tag.slugify(tag.name, number or None)) in taken:
        number += 1
    return candidate if slug else f"tag-{tag.pk}"


class TaggedClaim(ItemBase):
    """One claim carrying one tag, with who added it; its history is the claim's."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_claims")
    content_object = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="tagged_items"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tagged claim")
        verbose_name_plural = _("tagged claims")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="claim_tag_once"),
        ]
        # The tag filter and the reports start from the tag.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_claim_by_tag")]
