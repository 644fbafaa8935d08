import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import FilterForm
from .models import Claim, Rating
from .search import search_claims
from .widgets import PickerField


class PickerFilter(django_filters.Filter):
    """A row chosen by name or number (claims.widgets); `lookup` names what is picked."""

    field_class = PickerField


class ClaimFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Words from the statement, quote or claimant."),
    )
    q = django_filters.CharFilter(label=_("Text contains"), method="filter_text")
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
    reviewer = PickerFilter(
        label=_("Assigned reviewer"),
        field_name="assignments__reviewer",
        lookup="reviewers",
        distinct=True,
    )

    class Meta:
        model = Claim
        form = FilterForm
        fields = ["q", "status", "rating", "article", "outlet", "claimant", "kind", "reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.queryset is not None:
            self.queryset = self.queryset.worked_on()  # see filter_queryset

    def filter_rating(self, queryset, name, value):
        # Filtering by verdict must not reveal verdicts the user may not see yet.
        return queryset.rated(value, self.request.user)

    def filter_search(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(statement__icontains=value)
            | Q(quote__icontains=value)
            | Q(claimant_name__icontains=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            # Proposed and rejected candidates show only when asked for by status.
            queryset = queryset.worked_on()
        return queryset
