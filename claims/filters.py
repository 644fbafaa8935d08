import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import reviewers
from .models import Article, Claim, Outlet, Rating
from .search import search_claims


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
        label=_("Verdict"), field_name="verdict__rating", choices=Rating.choices
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Article"), field_name="article", queryset=Article.objects.only("pk", "title")
    )
    outlet = django_filters.ModelChoiceFilter(
        label=_("Outlet"), field_name="article__outlet", queryset=Outlet.objects.all()
    )
    claimant = django_filters.CharFilter(
        label=_("Claimant"), field_name="claimant", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=Claim.Kind.choices
    )
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Assigned reviewer"),
        field_name="assignments__reviewer",
        queryset=reviewers(),
        distinct=True,
    )

    class Meta:
        model = Claim
        fields = ["q", "status", "rating", "article", "outlet", "claimant", "kind", "reviewer"]

    def __init__(self, *args, verdict_visible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.verdict_visible = verdict_visible
        if not self.is_bound and self.queryset is not None:
            self.queryset = self.queryset.worked_on()  # see filter_queryset
        self.filters["reviewer"].field.label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def filter_search(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(statement__icontains=value) | Q(quote__icontains=value) | Q(claimant__icontains=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            # Proposed and rejected candidates show only when asked for by status.
            queryset = queryset.worked_on()
        rating = self.form.cleaned_data.get("rating")
        if self.verdict_visible is not None and rating not in (None, ""):
            # Filtering by verdict must not reveal verdicts a reviewer may not see yet.
            queryset = queryset.filter(self.verdict_visible)
        return queryset
