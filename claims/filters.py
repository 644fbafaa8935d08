import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .forms import FilterForm
from .models import Claim, Priority, every_rating
from .search import MAX_LENGTH, ClaimSearch, has_words
from .tables import ClaimTable
from .widgets import PickerField


class PickerFilter(django_filters.Filter):
    """A row chosen by name or number (claims.widgets); `lookup` names what is picked."""

    field_class = PickerField


def _searchable(text):
    if text.strip() and not has_words(text):
        raise ValidationError(
            _("Type words or numbers to search for: %(text)s has none."),
            params={"text": f"\u201c{text[:40]}\u201d"},
            code="no_words",
        )


class ClaimFilter(django_filters.FilterSet):
    # The one search box (claims.search); the list page draws it above the results.
    q = django_filters.CharFilter(
        label=_("Search claims"),
        method="filter_search",
        max_length=MAX_LENGTH,
        validators=[_searchable],
        widget=forms.SearchInput(attrs={"aria-describedby": "search-help search-errors"}),
        help_text=_(
            "Words from the statement, quote or claimant, in any order; "
            "\u201cdouble quotes\u201d for an exact phrase."
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=Claim.Status.choices
    )
    rating = django_filters.ChoiceFilter(
        label=_("Verdict"), method="filter_rating", choices=every_rating
    )
    # Pickers, not lists: a list of every article is no choice at a hundred thousand
    # articles. Each takes a name or a number, so the article's and the claimant's
    # pages link here with ?article=<id> and ?claimant=<id>.
    article = PickerFilter(label=_("Article"), field_name="article", lookup="articles")
    outlet = PickerFilter(label=_("Outlet"), field_name="article__outlet", lookup="outlets")
    claimant = PickerFilter(label=_("Claimant"), field_name="claimant", lookup="claimants")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=Claim.Kind.choices
    )
    # A ChoiceFilter, as the others: its list starts with "any priority" (a typed one has no
    # empty choice, so the form would filter by the first priority unasked).
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), field_name="priority", choices=Priority.choices
    )
    reviewer = PickerFilter(
        label=_("Assigned reviewer"),
        field_name="assignments__reviewer",
        lookup="reviewers",
        distinct=True,
    )
    # A claim has a tag once (TaggedClaim's claim_tag_once), so the join adds no rows.
    tag = PickerFilter(label=_("Tag"), field_name="tags", lookup="tags")

    class Meta:
        model = Claim
        form = FilterForm
        fields = [
            "q",
            "status",
            "rating",
            "article",
            "outlet",
            "claimant",
            "kind",
            "priority",
            "reviewer",
            "tag",
        ]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "search" in data:
            data = _search_is_q(data)
        super().__init__(data, *args, **kwargs)
        self.search = None  # the ClaimSearch, once the queryset is filtered by one
        if not self.is_bound and self.queryset is not None:
            self.queryset = self.queryset.worked_on()  # see filter_queryset

    def filter_rating(self, queryset, name, value):
        # Filtering by verdict must not reveal verdicts the user may not see yet.
        return queryset.rated(value, self.request.user)

    def filter_search(self, queryset, name, value):
        self.search = ClaimSearch(value)
        return self.search.filter(queryset)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            # Proposed and rejected candidates show only when asked for by status.
            queryset = queryset.worked_on()
        return queryset

    def active_filters(self):
        """The filters in force other than the search: (label, value, the address without it)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        chips = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name == "q" or value in (None, ""):
                continue
            shown = {str(key): label for key, label in getattr(field, "choices", ())}
            chips.append((field.label, shown.get(str(value), value), self.query_without(name)))
        return chips

    def query_without(self, name):
        """This list's query string less one parameter (and the page, which would not fit)."""
        data = self.data.copy()
        for dropped in (name, "page"):
            data.pop(dropped, None)
        return "?" + data.urlencode() if data else "?"

    def kept_params(self, *names):
        """The query string's (name, value) pairs but `names`' and the page, for hidden fields."""
        return [
            (key, value)
            for key, values in self.data.lists()
            if key not in (*names, "page")
            for value in values
        ]


def _search_is_q(data):
    """Old links' `search=` is the search box's `q` now; both together are one search."""
    data = data.copy()
    words = [*data.getlist("q"), *data.pop("search")]
    data.setlist("q", [" ".join(word for word in words if word.strip())])
    return data


# The claims list's sorts (its sortable columns, either way): a saved view keeps one of these.
LIST_SORTS = {
    f"{sign}{name}"
    for name, column in ClaimTable.base_columns.items()
    if column.orderable is not False
    for sign in ("", "-")
}


def saved_view_query(text, request, *, check=True):
    """The claims list's filters and sort in `text`, a query string, as a saved view keeps them.

    Only the list's own parameters are kept, one value each, in the filter form's order;
    blank ones and anything else (the page, a download, junk) are dropped. With `check`,
    the filters are checked as the list checks them: a value the list would refuse raises
    ValidationError naming the filter.
    """
    data = QueryDict(text or "")
    if "search" in data:
        data = _search_is_q(data)
    kept = QueryDict(mutable=True)
    for name in ClaimFilter.base_filters:
        value = data.get(name, "").strip()
        if value:
            kept[name] = value
    if data.get("sort") in LIST_SORTS:
        kept["sort"] = data["sort"]
    if check:
        form = ClaimFilter(kept, queryset=Claim.objects.none(), request=request).form
        if not form.is_valid():
            name, errors = next(iter(form.errors.items()))
            label = form.fields[name].label if name in form.fields else name
            raise ValidationError(
                _("The filter %(filter)s cannot be saved: %(error)s"),
                params={"filter": label, "error": errors[0]},
                code="bad_filter",
            )
    return kept.urlencode()


def describe_query(query):
    """A saved view's filters and sort in words: [(the filter's label, its value)], choices by
    their names and picked rows by number (no query is made)."""
    described = []
    for name, value in QueryDict(query or "").items():
        if name == "sort":
            column = ClaimTable.base_columns.get(value.lstrip("-"))
            if column is not None:
                way = _("descending") if value.startswith("-") else _("ascending")
                described.append((_("Sort"), f"{column.verbose_name}, {way}"))
            continue
        known = ClaimFilter.base_filters.get(name)
        if known is not None:
            choices = {str(key): label for key, label in known.extra.get("choices", ())}
            shown = choices.get(value, value if name == "q" else f"#{value}")
            described.append((known.label, shown))
    return described
