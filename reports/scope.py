"""Which claims a report counts, and whether its figures may come from the report tables."""

import datetime
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Q, QuerySet, Sum

from claims.models import Claim

from . import rollups
from .filters import start_of_day
from .models import ALL_OUTLETS, NO_OUTLET

FIRST_DAY, LAST_DAY = datetime.date.min, datetime.date.max


@dataclass(frozen=True)
class Scope:
    """The filtered claims, and the filter values behind them.

    On PostgreSQL a scope of dates and an outlet is summed from the report
    tables; one article's few claims, the claims with a tag (the tables are not
    kept per tag), and everything on SQLite, are counted live.
    """

    claims: QuerySet
    start: datetime.date | None = None
    end: datetime.date | None = None
    outlet: int | None = None
    article: int | None = None
    tag: int | None = None
    live: bool = False

    @classmethod
    def from_filter(cls, report_filter):
        values = {}
        if report_filter.is_bound:
            report_filter.is_valid()
            values = report_filter.form.cleaned_data
        outlet = values.get("outlet")
        article = values.get("article")
        tag = values.get("tag")
        return cls(
            claims=report_filter.qs if report_filter.is_bound else Claim.objects.all(),
            start=values.get("start"),
            end=values.get("end"),
            outlet=outlet.pk if outlet is not None else None,
            article=article.pk if article is not None else None,
            tag=tag.pk if tag is not None else None,
        )

    @property
    def rolled_up(self):
        if self.live or self.article is not None or self.tag is not None:
            return False
        # The tables hold a row per rating level, so any scale of the desk's is on them.
        return connections[router.db_for_read(Claim)].vendor == "postgresql"

    def rollup_rows(self, *, per_outlet=False, grains=rollups.GRAINS):
        """Q selecting the rollup rows that sum to this scope.

        per_outlet: one row set per outlet (for the breakdown by outlet), not the
        rows summing every outlet. grains: those the rollup keeps; for one kept
        without day rows the scope's days are left out, for fact_days() to add.
        """
        if self.outlet is not None:
            where = Q(outlet=self.outlet)
        elif per_outlet:
            where = Q(outlet__gte=NO_OUTLET)
        else:
            where = Q(outlet=ALL_OUTLETS)
        periods = Q()
        for grain, first, last in period_ranges(self.start, self.end):
            if grain in grains:
                periods |= Q(grain=grain, period__gte=first, period__lte=last)
        return where & periods if periods else Q(pk__in=[])

    def fact_days(self, grains):
        """Q selecting the fact rows of the scope's days that rollup_rows(grains=grains)
        leaves out: with those rollup rows they sum to the scope."""
        days = Q()
        for grain, first, last in period_ranges(self.start, self.end):
            if grain not in grains:
                days |= Q(day__gte=first, day__lte=last)
        if not days:
            return Q(pk__in=[])
        return days if self.outlet is None else days & Q(outlet=self.outlet)

    def summed(self, model, keys, **sums):
        """The rows of rollup `model` summing to this scope, per `keys`: values(*keys)
        with each of `sums` (name: one of the rollup's values) added up. One query.

        A rollup kept without day rows (rollups.FROM_MONTH) has the scope's days
        counted from its facts, the same rows it counts, in a UNION ALL: a key can
        come in two rows, for the caller to add together.
        """
        rollup = rollups.of(model)
        rows = (
            model.objects.filter(self.rollup_rows(grains=rollup.grains))
            .values(*keys)
            .annotate(**{name: Sum(value) for name, value in sums.items()})
            .order_by()
        )
        if rollup.has_days:
            return rows
        fact_sums = rollup.fact_sums()
        days = (
            model._meta.apps.get_model("reports", rollup.fact)
            .objects.filter(rollup.fact_q(), self.fact_days(grains=rollup.grains))
            .values(*keys)
            .annotate(**{name: fact_sums[value] for name, value in sums.items()})
            .order_by()
        )
        return rows.union(days, all=True)

    def changed_since_start(self):
        """The scope's claims, also held to having last changed on or after the start.

        The same claims: a claim changes no earlier than it is created (the constraint
        claim_updated_after_created), so one created in the period changed in it or
        since. Said outright, it lets a walk of the (status, updated_at) index begin at
        the period's start; without it the oldest-first lists of a year's claims walked
        past every claim that changed before it (68,000 rows at a million claims).
        """
        if self.start is None:
            return self.claims
        return self.claims.filter(updated_at__gte=start_of_day(self.start))

    def days(self, field="day"):
        """Q on a date column for this scope's dates."""
        where = Q()
        if self.start is not None:
            where &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            where &= Q(**{f"{field}__lte": self.end})
        return where


def as_scope(claims):
    """A Scope as is; a bare queryset (any filters at all) as a scope counted live."""
    return claims if isinstance(claims, Scope) else Scope(claims=claims, live=True)


def _next_year(day):
    return datetime.date(day.year + 1, 1, 1) if day.year < LAST_DAY.year else None


def _next_month(day):
    if day.month == 12:
        return _next_year(day)
    return datetime.date(day.year, day.month + 1, 1)


def _whole(start, end, first_of, next_of):
    """The first and last period starts wholly inside start..end, or None."""
    first = start if first_of(start) == start else next_of(start)
    after = next_of(end)
    last = first_of(end) if after is None or after - datetime.timedelta(days=1) == end else None
    if last is None:
        previous = first_of(end) - datetime.timedelta(days=1) if first_of(end) > FIRST_DAY else None
        last = first_of(previous) if previous is not None else None
    if first is None or last is None or first > last:
        return None
    return first, last


def _year_of(day):
    return datetime.date(day.year, 1, 1)


def _quarter_of(day):
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _next_quarter(day):
    first = _quarter_of(day)
    if first.month == 10:
        return _next_year(day)
    return datetime.date(day.year, first.month + 3, 1)


def _month_of(day):
    return datetime.date(day.year, day.month, 1)


def period_ranges(start=None, end=None):
    """[(grain, first period, last period)] whose rows cover the days start..end exactly once.

    Whole years as year rows, whole quarters and then months left at either
    end as quarter and month rows, the days left as day rows: at most about a
    hundred periods whatever the range.
    """
    start, end = start or FIRST_DAY, end or LAST_DAY
    if start > end:
        return []
    grains = [
        ("y", _year_of, _next_year),
        ("q", _quarter_of, _next_quarter),
        ("m", _month_of, _next_month),
    ]
    return _cover(start, end, grains)


def _cover(start, end, grains):
    if not grains:
        return [("d", start, end)]
    (grain, first_of, next_of), finer = grains[0], grains[1:]
    whole = _whole(start, end, first_of, next_of)
    if whole is None:
        return _cover(start, end, finer)
    first, last = whole
    ranges = []
    if start < first:
        ranges += _cover(start, first - datetime.timedelta(days=1), finer)
    ranges.append((grain, first, last))
    after = next_of(last)
    if after is not None and after <= end:
        ranges += _cover(after, end, finer)
    return ranges
