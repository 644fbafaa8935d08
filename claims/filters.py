import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .access import MAX_ID
from .forms import FilterForm, reviewers
from .models import Claim, Outlet, Rating
from .roles import display_name
from .search import MAX_LENGTH, ClaimSearch, has_words

CHOICES_SECONDS = 60
_CHOICE_LISTS = {
    "outlets": lambda: [(o.pk, o.name) for o in Outlet.objects.all()],
    "reviewers": lambda: [(u.pk, display_name(u)) for u in reviewers()],
}


def _cached_choices(name):
    """The outlet and reviewer lists, kept for a minute so the list page does not
    query them on every view; a new outlet or reviewer shows up within that minute."""

    def choices():
        return cache.get_or_set(f"claim-filter-{name}", _CHOICE_LISTS[name], CHOICES_SECONDS)

    return choices


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number from 1 to the largest a bigint holds (larger ones are no row)."""

    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=1, max_value=MAX_ID, decimal_places=0)
        super().__init__(*args, **kwargs)


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
    # By id: a list of every article is no choice at a hundred thousand
    # articles (the article page links here with ?article=<id>).
    article = IdFilter(label=_("Article number"), field_name="article")
    outlet = django_filters.ChoiceFilter(
        label=_("Outlet"), field_name="article__outlet", choices=_cached_choices("outlets")
    )
    # By id, like the article: the claimant's page links here with ?claimant=<id>;
    # words of a claimant's name are for the search box.
    claimant = IdFilter(label=_("Claimant number"), field_name="claimant")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=Claim.Kind.choices
    )
    reviewer = django_filters.ChoiceFilter(
        label=_("Assigned reviewer"),
        field_name="assignments__reviewer",
        choices=_cached_choices("reviewers"),
        distinct=True,
    )

    class Meta:
        model = Claim
        form = FilterForm
        fields = ["q", "status", "rating", "article", "outlet", "claimant", "kind", "reviewer"]

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
