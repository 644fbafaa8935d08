import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Article, Claim, Outlet


class ReportFilter(django_filters.FilterSet):
    """The filters every report shares: when claims were created, and where they appeared."""

    start = django_filters.DateFilter(
        label=_("Claims created from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label=_("Claims created until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    outlet = django_filters.ModelChoiceFilter(
        label=_("Outlet"), field_name="article__outlet", queryset=Outlet.objects.all()
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Article"), field_name="article", queryset=Article.objects.only("pk", "title")
    )

    class Meta:
        model = Claim
        fields = ["start", "end", "outlet", "article"]
