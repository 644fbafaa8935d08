import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import FilterForm
from .models import Claim, Priority, Rating
from .search import MAX_LENGTH, ClaimSearch, has_words
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
        label=_("Verdict"), method="filter_rating", choices=Rating.choices
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
    priority = django_filters.TypedChoiceFilter(
        label=_("Priority"), field_name="priority", choices=Priority.choices, coerce=int
    )
    reviewer = PickerFilter(
        label=_("Assigned reviewer"),
        field_name="assignments__reviewer",
        lookup="reviewers",
        distinct=True,
    )

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
