import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.filters import PickerFilter
from claims.models import Claim

# Claims are created now, not in year 1 or 9999; dates outside these are a form
# error rather than an instant the time zone (or the day after) cannot hold.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
DATE_RANGE_MESSAGE = _("Give a date from 1900-01-01 to 2999-12-31.")
DATE_VALIDATORS = [
    MinValueValidator(EARLIEST, message=DATE_RANGE_MESSAGE),
    MaxValueValidator(LATEST, message=DATE_RANGE_MESSAGE),
]


def start_of_day(day):
    """The first instant of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ReportFilter(django_filters.FilterSet):
    """The filters every report shares: when claims were created, where they appeared, their tag.

    Dates are compared as instants (from the start of the first day to the
    start of the day after the last), which the (status, created_at) index can
    serve, rather than as the date of each claim's timestamp.
    """

    start = django_filters.DateFilter(
        label=_("Claims created from"),
        method="filter_start",
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label=_("Claims created until"),
        method="filter_end",
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Chosen by name (or number): see claims.widgets.
    outlet = PickerFilter(label=_("Outlet"), field_name="article__outlet", lookup="outlets")
    article = PickerFilter(label=_("Article"), field_name="article", lookup="articles")
    # The report tables are not kept per tag: a tag makes the report count live (scope.py).
    tag = PickerFilter(label=_("Tag"), field_name="tags", lookup="tags")

    class Meta:
        model = Claim
        fields = ["start", "end", "outlet", "article", "tag"]

    def filter_start(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def filter_end(self, queryset, name, value):
        return queryset.filter(created_at__lt=start_of_day(value + datetime.timedelta(days=1)))
