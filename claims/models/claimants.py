"""Who makes a claim: a person or an organisation, one row per entity.

A claim points to its claimant; the claim's own `claimant` text column
(Claim.claimant_name) repeats the claimant's name, kept equal here on every
rename and merge, because the full-text trigger (claims migration 0011) and the
report tables' SQL read that column.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..decorators import alters_data
from ..validators import is_web_url

PLACEHOLDERS = ("the article's author", "the article")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_same_as(text):
    bad = [line for line in _lines(text) if not is_web_url(line)]
    if bad:
        raise ValidationError(
            _("Each line must be a web address that starts with http:// or https://: %(bad)s"),
            params={"bad": bad[0]},
        )


class ClaimantQuerySet(models.QuerySet["Claimant"]):
    def named(self, name):
        """The claimant called `name`, or that was called `name` before a merge; else None."""
        name = name.strip()
        found = self.filter(name__iexact=name).first()
        if found is not None:
            return found
        for claimant in self.filter(aliases__icontains=name):
            if name.casefold() in (alias.casefold() for alias in claimant.alias_list()):
                return claimant
        return None

    def get_or_create_named(self, name, *, kind=None):
        """The claimant `name` names (see named()), created as `kind` if there is none."""
        name = name.strip()[:200]
        found = self.named(name)
        if found is not None:
            return found
        return self.create(name=name, kind=kind or Claimant.Kind.PERSON)

    def for_unattributed(self, article):
        """The claimant of a claim whose sentence names no speaker: the one rule.

        Its author if the article has one (a person); else its outlet, as an
        organisation; an article with neither gets its unknown publisher, an
        organisation named for the article, never a shared placeholder.
        """
        author = (article.author or "").strip()
        if author:
            return self.get_or_create_named(author, kind=Claimant.Kind.PERSON)
        if article.outlet_id:
            return self.get_or_create_named(article.outlet.name, kind=Claimant.Kind.ORGANISATION)
        return self.get_or_create_named(
            unknown_publisher_name(article.title), kind=Claimant.Kind.ORGANISATION
        )


def unknown_publisher_name(title):
    return f"Publisher of “{title.strip()[:180]}”"


class Claimant(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    description = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("Who they are, in a few words: “Kyrgyz ambassador to China”."),
    )
    same_as = models.TextField(
        _("same as"),
        blank=True,
        help_text=_("Pages that identify them (Wikidata, an official site): one address a line."),
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names, one a line; merging a duplicate adds its name here."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_claimant", "Can merge duplicate claimants")]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        with transaction.atomic():
            super().save(**kwargs)
            # A rename reaches every claim's copy of the name (Claim.claimant_name).
            self.claims.exclude(claimant_name=self.name).update(claimant_name=self.name)

    def get_absolute_url(self):
        return reverse("claims:claimant", args=[self.pk])

    def clean(self):
        super().clean()
        self.name = self.name.strip()
        try:
            validate_same_as(self.same_as)
        except ValidationError as error:
            raise ValidationError({"same_as": error}) from None
        self.same_as = "\n".join(self.same_as_urls())

    def same_as_urls(self):
        return _lines(self.same_as)

    def alias_list(self):
        return _lines(self.aliases)

    def schema_type(self):
        """The schema.org type ClaimReview gives the claimant."""
        return "Organization" if self.kind == self.Kind.ORGANISATION else "Person"

    @alters_data
    def merge_into(self, other, *, by):
        """Move this duplicate's claims to `other` and delete it; its names become aliases.

        One transaction, both rows locked: the claims, their copy of the name,
        and `other`'s aliases and links change together or not at all.
        """
        if not by.has_perm("claims.merge_claimant"):
            raise PermissionDenied(_("You are not allowed to merge claimants."))
        if other.pk == self.pk:
            raise ValidationError(_("A claimant cannot be merged into itself."))
        from .claim import Claim  # Claim points here

        with transaction.atomic():
            locked = {
                c.pk: c
                for c in Claimant.objects.select_for_update().filter(pk__in=[self.pk, other.pk])
            }
            duplicate, target = locked[self.pk], locked[other.pk]
            Claim.objects.filter(claimant=duplicate).update(
                claimant=target, claimant_name=target.name
            )
            known = {a.casefold() for a in [target.name, *target.alias_list()]}
            new_aliases = [
                a for a in [duplicate.name, *duplicate.alias_list()] if a.casefold() not in known
            ]
            target.aliases = "\n".join([*target.alias_list(), *new_aliases])
            links = target.same_as_urls()
            target.same_as = "\n".join(
                [*links, *(u for u in duplicate.same_as_urls() if u not in links)]
            )
            target.description = target.description or duplicate.description
            target.save(update_fields=["aliases", "same_as", "description"])
            ClaimantMerge.objects.create(claimant=target, merged_name=duplicate.name, merged_by=by)
            duplicate.delete()
        other.refresh_from_db()
        return other


class ClaimantMerge(models.Model):
    """A duplicate merged into a claimant: who did it, when, and what it was called."""

    claimant = models.ForeignKey(Claimant, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=200)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["merged_at", "pk"]

    def __str__(self):
        return f"{self.merged_name} → {self.claimant_id}"
