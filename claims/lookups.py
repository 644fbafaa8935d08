"""Choosing an article, an outlet, a claimant, a reviewer or a tag by name: what each picker
searches, how it names a row, and who may ask.

One home for the pickers' rules: the lookup endpoints (claims.views.lookups) list matches from
here, and the picker field (claims.widgets.PickerField) resolves a typed name or number with the
same search, so a name the list offers is a name the form accepts.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Concat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import roles
from .access import MAX_ID
from .models import Article, Claimant, Outlet, Tag

# A picker shows this many matches at most: enough to choose from, few enough to read.
MAX_RESULTS = 10
# Longer than any title or name the models hold (articles' titles are 500 characters).
MAX_QUERY_LENGTH = 500


class Lookup:
    """How one kind of row is found by the words of its name.

    `fields` are searched for the typed text anywhere in them (icontains); rows whose first
    field starts with it come first, then by `order`.
    """

    slug = ""
    permission = ""
    fields = ()
    order = ()
    noun = ""
    help_text = ""

    def queryset(self):
        raise NotImplementedError

    def label(self, obj):
        return str(obj)

    def detail(self, obj):
        return ""

    def may_use(self, user):
        return user.has_perm(self.permission)

    def search(self, text):
        """Rows matching `text`, best first (not yet sliced)."""
        rows = self.queryset()
        text = text.strip()
        if not text:
            return rows.order_by(*self.order)
        matches = Q()
        for field in self.fields:
            matches |= Q(**{f"{field}__icontains": text})
        starts = Case(
            When(**{f"{self.fields[0]}__istartswith": text}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return rows.filter(matches).order_by(starts, *self.order)

    def by_number(self, text):
        """The row whose number `text` is, or None; `text` is digits."""
        pk = int(text)
        if not 0 < pk <= MAX_ID:
            return None
        return self.queryset().filter(pk=pk).first()

    def exact(self, text):
        """Rows whose name is `text`, ignoring case."""
        return self.queryset().filter(**{f"{self.fields[0]}__iexact": text.strip()})

    def as_json(self, obj):
        return {"id": obj.pk, "label": self.label(obj), "detail": self.detail(obj)}


class ArticleLookup(Lookup):
    slug = "articles"
    permission = "claims.view_article"
    fields = ("title",)
    order = ("title", "pk")
    noun = _("article")
    help_text = _("Type part of the title, or the article's number.")

    def queryset(self):
        return Article.objects.select_related("outlet").only(
            "pk", "title", "published_on", "outlet__name"
        )

    def detail(self, obj):
        parts = [obj.outlet.name if obj.outlet else str(_("No outlet"))]
        if obj.published_on:
            parts.append(date_format(obj.published_on, "j M Y"))
        parts.append(str(_("no. %(pk)s")) % {"pk": obj.pk})
        return ", ".join(parts)


class OutletLookup(Lookup):
    slug = "outlets"
    permission = "claims.view_outlet"
    fields = ("name",)
    order = ("name", "pk")
    noun = _("outlet")
    help_text = _("Type part of the name.")

    def queryset(self):
        return Outlet.objects.only("pk", "name", "homepage")

    def detail(self, obj):
        return obj.homepage


class ClaimantLookup(Lookup):
    slug = "claimants"
    permission = "claims.view_claimant"
    fields = ("name", "aliases")
    order = ("name", "pk")
    noun = _("claimant")
    help_text = _("Type part of the name of the person or organisation.")

    def queryset(self):
        return Claimant.objects.only("pk", "name", "kind", "description")

    def detail(self, obj):
        return obj.description or obj.get_kind_display()


class ReviewerLookup(Lookup):
    """Active members of the Reviewer group, the people claims are assigned to."""

    slug = "reviewers"
    permission = "claims.view_claim"
    fields = ("full_name", "username")
    order = ("first_name", "last_name", "username")
    noun = _("reviewer")
    help_text = _("Type part of the name.")

    def queryset(self):
        return (
            roles.reviewers()
            .annotate(full_name=Concat("first_name", Value(" "), "last_name"))
            .only("pk", "username", "first_name", "last_name")
        )

    def label(self, obj):
        return roles.display_name(obj)

    def detail(self, obj):
        return obj.get_username()

    def exact(self, text):
        text = text.strip()
        return self.queryset().filter(
            Q(full_name__iexact=text) | Q(username__iexact=text) | Q(first_name__iexact=text)
        )


class TagLookup(Lookup):
    """The desk's tags; anyone who sees claims sees their tags (tags are internal, not public)."""

    slug = "tags"
    permission = "claims.view_claim"
    fields = ("name",)
    order = ("name", "pk")
    noun = _("tag")
    help_text = _("Type part of the tag's name.")

    def queryset(self):
        return Tag.objects.only("pk", "name")


LOOKUPS = {
    lookup.slug: lookup
    for lookup in (
        ArticleLookup(),
        OutletLookup(),
        ClaimantLookup(),
        ReviewerLookup(),
        TagLookup(),
    )
}
