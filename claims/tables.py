import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article, Claim, Priority, RatingLevel, scheduling
from .pagination import PagedQuerysetData


class SelectColumn(tables.Column):
    """The tick boxes of a list editors act on in bulk (claims.bulk): the header holds the
    box that ticks the whole page, which static/js/bulk.js shows (it needs a script)."""

    def __init__(self, **kwargs):
        super().__init__(verbose_name=_("Select"), orderable=False, empty_values=(), **kwargs)

    @property
    def header(self):
        return format_html(
            '<span class="visually-hidden">{}</span>'
            '<input type="checkbox" class="select-page" hidden aria-label="{}">',
            _("Select"),
            _("Select every claim on this page"),
        )


class ClaimTable(tables.Table):
    # Sortable only where an index serves the sort under every filter the list
    # offers (migration 0009): by when a claim last changed, and by
    # status, then when it last changed. Other orders of a million claims are
    # a full sort on every page view; the filters narrow the list instead.
    select = SelectColumn(attrs={"th": {"class": "col-select"}})
    statement = tables.Column(verbose_name=_("Claim"), orderable=False)
    article = tables.Column(verbose_name=_("Article"), orderable=False)
    claimant = tables.Column(verbose_name=_("Claimant"), accessor="claimant_name", orderable=False)
    kind = tables.Column(verbose_name=_("Kind"), orderable=False)
    tags = tables.Column(verbose_name=_("Tags"), accessor="tag_list", orderable=False)
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "updated_at"))
    priority = tables.Column(verbose_name=_("Priority"), orderable=False)
    due = tables.Column(verbose_name=_("Due"), orderable=False)
    rating = tables.Column(verbose_name=_("Verdict"), accessor="verdict__rating", orderable=False)
    reviews = tables.Column(verbose_name=_("Reviews"), accessor="review_count", orderable=False)
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated"))

    class Meta:
        model = Claim
        fields = [
            "statement",
            "article",
            "claimant",
            "kind",
            "status",
            "priority",
            "due",
            "rating",
            "reviews",
        ]
        sequence = [
            "select",
            "statement",
            "article",
            "claimant",
            "kind",
            "tags",
            *fields[4:],
            "updated_at",
        ]
        order_by = "-updated_at"
        attrs = {"class": "data-table claims-table"}
        empty_text = _("No claims match these filters.")
        template_name = "claims/claim_table.html"

    # What the box the table scrolls in is called (claims/table.html).
    region_label = _("Claims")

    def __init__(self, data=None, *, selectable=False, **kwargs):
        """`selectable`: rows have tick boxes for a bulk action (the claims list, for editors)."""
        self.selectable = selectable
        if selectable:
            self.CELLS = ("select", *self.CELLS)
        else:
            kwargs["exclude"] = (*(kwargs.get("exclude") or self._meta.exclude or ()), "select")
        super().__init__(PagedQuerysetData(data), **kwargs)

    # The cells a row may have; CELLS names a table's, in the order of its columns.
    CELL = {
        "select": '<td class="col-select"><input type="checkbox" name="claims" '
        'value="{pk}:{version}" aria-label="{select_label}"></td>',
        "statement": '<td class="statement"><a href="{url}">{statement}</a></td>',
        "article": '<td class="col-article"><a href="{article_url}">{article}</a></td>',
        "claimant": '<td><a href="{claimant_url}">{claimant}</a></td>',
        "kind": '<td class="col-kind">{kind}</td>',
        "tags": '<td class="col-tags">{tags}</td>',
        "status": '<td><span class="badge status-{status}">{status_label}</span></td>',
        "priority": '<td class="nowrap priority-{priority}">{priority_label}</td>',
        "due": '<td class="nowrap">{due}</td>',
        "verdict": "<td>{verdict}</td>",
        "reviews": "<td>{reviews}</td>",
        "updated": '<td class="nowrap">{last}</td>',
        "assigned": "<td>{last}</td>",
    }
    CELLS = (
        "statement",
        "article",
        "claimant",
        "kind",
        "tags",
        "status",
        "priority",
        "due",
        "verdict",
        "reviews",
        "updated",
    )

    def render_rows(self):
        """The page's rows as HTML, for claims/claim_table.html.

        Written out here once per row, as the Django admin's change list does,
        rather than cell by cell through the columns' render methods and
        templates: on a page of 25 claims that costs more than the query itself.
        """
        statuses = {value: str(label) for value, label in Claim.Status.choices}
        kinds = {value: str(label) for value, label in Claim.Kind.choices}
        priorities = {value: str(label) for value, label in Priority.choices}
        today = scheduling.today()
        verdicts = {
            r.pk: format_html('<span class="badge rating-{}">{}</span>', r.slug, r.label)
            for r in RatingLevel.objects.scale()
        }
        claim_url, article_url = _url_maker("claims:claim"), _url_maker("claims:article")
        claimant_url = _url_maker("claims:claimant")
        tag_url = reverse("claims:claim_list") + "?tag="
        row_html = "<tr>" + "".join(self.CELL[name] for name in self.CELLS) + "</tr>"
        select_label = str(_("Select claim %(number)s"))
        rows = []
        for row in self.paginated_rows:
            claim = row.record
            rows.append(
                format_html(
                    row_html,
                    pk=claim.pk,
                    version=claim.version,
                    select_label=select_label % {"number": claim.pk},
                    url=claim_url(claim.pk),
                    statement=_shorten(claim.statement, 160),
                    article_url=article_url(claim.article_id),
                    article=_shorten(claim.article.title, 60),
                    claimant_url=claimant_url(claim.claimant_id),
                    claimant=claim.claimant_name,
                    kind=kinds.get(claim.kind, claim.kind),
                    tags=_tag_links(claim, tag_url),
                    status=claim.status,
                    status_label=statuses.get(claim.status, claim.status),
                    priority=claim.priority,
                    priority_label=priorities.get(claim.priority, claim.priority),
                    due=self.due_cell(claim, today),
                    verdict=self.verdict_cell(claim, verdicts),
                    reviews=_reviews(claim),
                    last=self.last_cell(claim),
                )
            )
        return mark_safe("\n".join(rows))  # noqa: S308 - every row went through format_html

    def verdict_cell(self, claim, verdicts):
        # verdict_visible is the one visibility rule (ClaimQuerySet.verdict_visible_to).
        verdict = getattr(claim, "verdict", None)
        if verdict is None or not claim.verdict_visible:
            return "—"
        return verdicts[verdict.rating]

    def due_cell(self, claim, today):
        # A claim is done once its verdict is published.
        return due_text(claim.due, claim.status == Claim.Status.PUBLISHED, today)

    def last_cell(self, claim):
        return date_format(timezone.localtime(claim.updated_at), "j M Y")


def due_text(due, done, today):
    """A due date as a queue shows it: overdue and due soon said in words, not colour only."""
    if due is None:
        return "—"
    day = date_format(due, "j M" if due.year == today.year else "j M Y")
    if scheduling.is_overdue(due, done, on=today):
        return format_html('<strong class="overdue">{}</strong>', _("Overdue: due %s") % day)
    if scheduling.is_due_soon(due, done, on=today):
        return format_html(
            '<strong class="due-soon">{}</strong>',
            _("Due today") if due == today else _("Due tomorrow"),
        )
    return day


def _url_maker(name):
    """reverse(name, args=[pk]) for a page of pks, at the cost of one reverse()."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _tag_links(claim, tag_url):
    """The claim's tags, each a link to the claims list filtered by it (from tag_list)."""
    pairs = claim.tag_pairs()
    if not pairs:
        return ""
    return format_html(
        '<ul class="tag-list">{}</ul>',
        mark_safe(  # noqa: S308 - each item went through format_html
            "".join(
                format_html('<li><a class="tag" href="{}{}">{}</a></li>', tag_url, pk, name)
                for pk, name in pairs
            )
        ),
    )


def _reviews(claim):
    if claim.assignment_count:
        return f"{claim.review_count} of {claim.assignment_count}"
    return claim.review_count


class EditorQueueTable(ClaimTable):
    """An editor's queue: in the queryset's order (ClaimQuerySet.by_urgency), not sortable."""

    class Meta(ClaimTable.Meta):
        order_by = None
        orderable = False


class RecheckQueueTable(EditorQueueTable):
    """The claims due for a re-check: the day each was due for, in place of a due date."""

    due = tables.Column(verbose_name=_("Re-check date"), accessor="recheck_on", orderable=False)

    class Meta(EditorQueueTable.Meta):
        pass

    def due_cell(self, claim, today):
        return date_format(claim.recheck_on, "j M Y") if claim.recheck_on else "—"


class QueueTable(ClaimTable):
    # No verdict; due is my assignment's; the last column is when I was assigned.
    CELLS = (
        "statement",
        "article",
        "claimant",
        "kind",
        "tags",
        "status",
        "priority",
        "due",
        "reviews",
        "assigned",
    )
    due = tables.Column(verbose_name=_("Due"), accessor="my_due", orderable=False)
    assigned_at = tables.DateTimeColumn(
        verbose_name=_("Assigned"), accessor="my_assigned_at", format="j M Y, H:i"
    )

    class Meta(ClaimTable.Meta):
        fields = [
            "statement",
            "article",
            "claimant",
            "kind",
            "status",
            "priority",
            "due",
            "reviews",
        ]
        sequence = [
            "select",
            "statement",
            "article",
            "claimant",
            "kind",
            "tags",
            *fields[4:],
            "assigned_at",
        ]
        exclude = ["rating", "updated_at"]
        order_by = None
        orderable = False
        empty_text = _("Nothing waits for you.")

    region_label = _("Claims waiting for your review")

    def due_cell(self, claim, today):
        # My assignment's due date; in my queue, my review is not in yet.
        return due_text(claim.my_due, False, today)

    def last_cell(self, claim):
        return date_format(timezone.localtime(claim.my_assigned_at), "j M Y, H:i")


class ArticleTable(tables.Table):
    region_label = _("Articles")
    # Sortable by date only, which an index serves (migration 0012).
    title = tables.Column(verbose_name=_("Title"), linkify=True, orderable=False)
    outlet = tables.Column(verbose_name=_("Outlet"), orderable=False)
    author = tables.Column(verbose_name=_("Author"), orderable=False)
    published_on = tables.DateColumn(verbose_name=_("Published"), format="j M Y")
    claim_count = tables.Column(verbose_name=_("Claims"), orderable=False)
    published_count = tables.Column(verbose_name=_("Published verdicts"), orderable=False)

    class Meta:
        model = Article
        fields = ["title", "outlet", "author", "published_on"]
        sequence = [*fields, "claim_count", "published_count"]
        order_by = "-published_on"
        attrs = {"class": "data-table"}
        empty_text = _("No articles yet.")

    def __init__(self, data=None, **kwargs):
        super().__init__(PagedQuerysetData(data), **kwargs)
