"""Report pages for editors and admins: numbers from the database, charts beside tables."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import roles
from claims.models import Article, Claim, Claimant, RatingLevel
from claims.pagecache import kept_until_the_desk_changes
from claims.pagination import page_number
from claims.text import mark_claims

from . import agreement as agreement_queries
from . import charts, exports, figures, queries
from .filters import ReportFilter
from .reporting import reporting_alpha
from .scope import Scope

ROWS_PER_PAGE = 50


def editor_required(view):
    """Reports are for editors and admins; reviewers get 403, anonymous users the login page."""

    @require_GET
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        roles.require_editor(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _filtered_claims(request):
    params = request.GET.copy()
    for name in ("page", "format"):
        params.pop(name, None)
    report_filter = ReportFilter(params or None, queryset=Claim.objects.all())
    return report_filter, Scope.from_filter(report_filter)


def _claims_list_url(request, report_filter, **filters):
    """The claims list showing the claims a report row counts, with the same outlet/article/tag."""
    params = {}
    if report_filter.is_bound and report_filter.is_valid():
        for name in ("outlet", "article", "tag"):
            value = report_filter.form.cleaned_data.get(name)
            if value is not None:
                params[name] = getattr(value, "pk", value)
    params.update({k: v for k, v in filters.items() if v is not None})
    return reverse("claims:claim_list") + ("?" + urlencode(params) if params else "")


def _download_links(request):
    query = request.GET.copy()
    query.pop("page", None)  # a download has every row
    links = []
    for fmt in exports.FORMATS:
        query["format"] = fmt
        links.append((fmt.upper(), "?" + query.urlencode()))
    return links


def _render(request, template, context):
    context["report_dimensions"] = [(name, d["title"]) for name, d in queries.DIMENSIONS.items()]
    context["agreement_url"] = reverse("reports:agreement")
    context["scorecard_url"] = reverse("reports:scorecard")
    return render(request, template, context)


def _served(page, number):
    """`page` if it is the one asked for: past the last page is a 404, not the last page again."""
    if page.number != number:
        raise Http404(_("There is no page %(page)s of this report.") % {"page": number})
    return page


@kept_until_the_desk_changes(every="minute")
@editor_required
def overview(request):
    report_filter, scope = _filtered_claims(request)
    statuses = queries.status_counts(scope)
    ratings = queries.rating_counts(scope)
    to_verdict = figures.days(queries.median_time_to_verdict(scope))
    to_review = figures.days(queries.median_time_to_review(scope))
    on_time = queries.on_time(scope)

    rows = [
        {"group": "status", "value": str(s.label), "key": s.value, "count": n} for s, n in statuses
    ] + [{"group": "verdict", "value": str(r.label), "key": r.pk, "count": n} for r, n in ratings]
    summary = {
        "median_days_to_verdict": to_verdict,
        "median_days_assignment_to_review": to_review,
        "reviews_due": on_time["dated"],
        "reviews_on_time": on_time["on_time"],
        "reviews_late": on_time["late"],
        "reviews_overdue": on_time["overdue"],
        "percent_on_time": on_time["share"],
    }
    fmt = exports.requested_format(request)
    if fmt:
        columns = [("group", "Group"), ("value", "Value"), ("count", "Claims")]
        return exports.download(fmt, "overview", columns, rows, extra=summary)

    context = {
        "filter": report_filter,
        "downloads": _download_links(request),
        "statuses": [
            (s, n, _claims_list_url(request, report_filter, status=s.value)) for s, n in statuses
        ],
        "ratings": [
            (r, n, _claims_list_url(request, report_filter, rating=r.pk)) for r, n in ratings
        ],
        "status_chart": charts.bar_chart((s.label, n, str(n), "bar-status") for s, n in statuses),
        "rating_chart": charts.bar_chart(
            (r.label, n, str(n), f"bar-rating-{r.slug}") for r, n in ratings
        ),
        "to_verdict": to_verdict,
        "to_review": to_review,
        "on_time": on_time,
        "waiting": _with_ages(queries.waiting(scope)),
        "waiting_limit": queries.WAITING_LIMIT,
    }
    return _render(request, "reports/overview.html", context)


def _with_ages(waiting):
    """Each waiting claim's age as people say it: "3 days", "1 hour"."""
    now = timezone.now()
    for section in waiting:
        for claim in section.claims:
            claim.age = timesince(claim.waiting_since, now, depth=1)
    return waiting


def _as_claimants(rows):
    """Rows keyed by claimant name, linked to the claimant's page and filtered by their id."""
    ids = dict(
        Claimant.objects.filter(name__in=[row["key"] for row in rows]).values_list("name", "pk")
    )
    for row in rows:
        pk = ids.get(row["key"])
        row["filter"] = ("claimant", pk)
        row["url"] = reverse("claims:claimant", args=[pk]) if pk is not None else ""


@kept_until_the_desk_changes(every="minute")
@editor_required
def breakdown(request, dimension):
    if dimension not in queries.DIMENSIONS:
        raise Http404
    spec = queries.DIMENSIONS[dimension]
    report_filter, scope = _filtered_claims(request)
    rows = queries.breakdown_rows(scope, dimension)

    fmt = exports.requested_format(request)
    if fmt:
        rows = queries.label_rows(rows.iterator(), dimension)
        columns = [
            ("label", spec["heading"]),
            ("total", "Claims"),
            ("with_verdict", "With a verdict"),
            *[(f"r{r.pk}", str(r.label)) for r in RatingLevel.objects.scale()],
            ("false_percent", "Share rated mostly false or false (%)"),
        ]
        return exports.download(fmt, f"claims-by-{dimension}", columns, _with_percent(rows))

    number = page_number(request.GET.get("page"))
    page = _served(queries.page_of(rows, number, ROWS_PER_PAGE), number)
    rows = _with_percent(queries.label_rows(page, dimension))
    if dimension == "claimant":
        _as_claimants(rows)
    for row in rows:
        name, value = row["filter"]
        row["url"] = row.get("url") or (
            _claims_list_url(request, report_filter, **{name: value}) if value is not None else ""
        )
        row["rating_links"] = [
            (r, n, _claims_list_url(request, report_filter, **{name: value}, rating=r.pk))
            for r, n in row["ratings"]
        ]
    context = {
        "filter": report_filter,
        "downloads": _download_links(request),
        "dimension": dimension,
        "spec": spec,
        "ratings": list(RatingLevel.objects.scale()),
        "rows": rows,
        "page": page,
        "chart": charts.bar_chart(
            (
                (row["label"], row["false_percent"], f"{row['false_percent']:.0f}%", "bar-false")
                for row in rows
                if row["false_percent"] is not None
            ),
            maximum=100,
        ),
    }
    return _render(request, "reports/breakdown.html", context)


def _with_percent(rows):
    """Rows with false_percent: the share rated Mostly false or False, as the page shows it."""
    for row in rows:
        row["false_percent"] = figures.percent(row["false_count"], row["with_verdict"])
    return rows


@kept_until_the_desk_changes(every="minute")
@editor_required
def agreement(request):
    report_filter, scope = _filtered_claims(request)
    alphas = agreement_queries.alpha_by_kind(scope)
    reviewers = agreement_queries.per_reviewer(scope)
    fmt = exports.requested_format(request)
    if fmt:
        disagreements = agreement_queries.all_disagreements(scope)
    else:
        number = page_number(request.GET.get("page"))
        disagreements = _served(agreement_queries.disagreements(scope, number), number)
    kinds = [("overall", "All kinds")] + [(k.value, str(k.label)) for k in Claim.Kind]
    alpha_rows = [
        {
            "kind": key,
            "label": label,
            "alpha": figures.alpha(alphas[key][0]),
            "claims": alphas[key][1],
        }
        for key, label in kinds
    ]
    # The other question of a reported claim (claims.models.reporting), beside the ratings.
    reporting, answered = reporting_alpha(scope)
    alpha_rows.append(
        {
            "kind": "reporting",
            "label": "How reported claims were reported",
            "alpha": figures.alpha(reporting),
            "claims": answered,
        }
    )
    for row in reviewers:
        row["median_days"] = figures.days(row["median"])
        row["agreement_percent"] = figures.percent(row["agreed"], row["with_verdict"])

    if fmt:
        rows = (
            [
                {"section": "alpha", "name": r["label"], "count": r["claims"], "value": r["alpha"]}
                for r in alpha_rows
            ]
            + [
                {
                    "section": "reviewer",
                    "name": r["name"],
                    "count": r["done"],
                    "value": r["agreement_percent"],
                    "median_days": r["median_days"],
                    "revised": r["revised"],
                }
                for r in reviewers
            ]
            + [
                {"section": "disagreement", "name": c.statement, "count": c.spread, "value": c.pk}
                for c in disagreements
            ]
        )
        for row in rows:
            row.setdefault("median_days", None)
            row.setdefault("revised", None)
        columns = [
            ("section", "Section"),
            ("name", "Name"),
            ("count", "Claims, reviews or steps apart"),
            ("value", "Alpha, per cent agreeing with the verdict, or claim ID"),
            ("median_days", "Median days from assignment to review"),
            ("revised", "Reviews revised after seeing other reviews"),
        ]
        return exports.download(fmt, "reviewer-agreement", columns, rows)

    context = {
        "filter": report_filter,
        "downloads": _download_links(request),
        "alpha_rows": alpha_rows,
        "reviewers": reviewers,
        "disagreements": disagreements,
        "alpha_chart": charts.bar_chart(
            (
                (r["label"], max(r["alpha"], 0), str(r["alpha"]), "bar-status")
                for r in alpha_rows
                if r["alpha"] is not None
            ),
            maximum=1,
        ),
        "reviewer_chart": charts.bar_chart(
            (
                (r["name"], r["agreement_percent"], f"{r['agreement_percent']}%", "bar-status")
                for r in reviewers
                if r["agreement_percent"] is not None
            ),
            maximum=100,
        ),
    }
    return _render(request, "reports/agreement.html", context)


@kept_until_the_desk_changes(every="minute")
@editor_required
def scorecard(request):
    """One article's text with every claim in its verdict's colour, and the counts.

    The article comes from the report filter; the date range narrows the claims.
    """
    report_filter, scope = _filtered_claims(request)
    article = None
    if scope.article is not None:
        article = Article.objects.filter(pk=scope.article).first()
    context = {"filter": report_filter, "downloads": _download_links(request), "article": article}
    if article is None:
        if exports.requested_format(request):
            raise Http404
        return _render(request, "reports/scorecard.html", context)

    ratings = queries.rating_counts(scope)
    claims = list(
        scope.claims.select_related("verdict")
        .annotate(rating=F("verdict__rating"))
        .order_by("start")
    )
    scale = RatingLevel.objects.scale()
    for claim in claims:
        claim.verdict_slug = scale.get(claim.rating).slug if claim.rating is not None else "none"
    no_verdict = sum(1 for c in claims if c.rating is None)

    fmt = exports.requested_format(request)
    if fmt:
        rows = [
            {
                "id": c.pk,
                "statement": c.statement,
                "claimant": c.claimant_name,
                "verdict": scale.label(c.rating),
            }
            for c in claims
        ]
        columns = [
            ("id", "ID"),
            ("statement", "Claim"),
            ("claimant", "Claimant"),
            ("verdict", "Verdict"),
        ]
        return exports.download(fmt, f"scorecard-article-{article.pk}", columns, rows)

    context.update(
        {
            "claims": claims,
            "paragraphs": mark_claims(article.body, claims),
            "ratings": [
                (r, n, _claims_list_url(request, report_filter, rating=r.pk)) for r, n in ratings
            ],
            "no_verdict": no_verdict,
            "chart": charts.bar_chart(
                (r.label, n, str(n), f"bar-rating-{r.slug}") for r, n in ratings
            ),
        }
    )
    return _render(request, "reports/scorecard.html", context)
