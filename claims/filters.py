import django_filters
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import MAX_ID
from .forms import FilterForm, reviewers
from .models import Claim, Outlet, Rating
from .roles import display_name
from .search import search_claims

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
