import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import Article, Claim, Rating


def _badge(kind, value, label):
    return render_to_string("claims/_badge.html", {"kind": kind, "value": value, "label": label})


class ClaimTable(tables.Table):
    statement = tables.Column(
        verbose_name=_("Claim"), linkify=True, attrs={"td": {"class": "statement"}}
    )
    article = tables.Column(
        verbose_name=_("Article"),
        linkify=True,
        order_by="article__title",
        attrs={"td": {"class": "col-article"}},
    )
    claimant = tables.Column(verbose_name=_("Claimant"))
    kind = tables.Column(verbose_name=_("Kind"), attrs={"td": {"class": "col-kind"}})
    status = tables.Column(verbose_name=_("Status"))
    rating = tables.Column(
        verbose_name=_("Verdict"), accessor="verdict__rating", order_by="verdict__rating"
    )
    reviews = tables.Column(
        verbose_name=_("Reviews"), accessor="review_count", order_by="review_count"
    )
    updated_at = tables.DateTimeColumn(
        verbose_name=_("Updated"), format="j M Y", attrs={"td": {"class": "nowrap"}}
    )

    class Meta:
        model = Claim
        fields = ["statement", "article", "claimant", "kind", "status", "rating", "reviews"]
        sequence = [*fields, "updated_at"]
        order_by = "-updated_at"
        attrs = {"class": "data-table claims-table"}
        empty_text = _("No claims match these filters.")

    def render_statement(self, value):
        return value if len(value) <= 160 else value[:157].rstrip() + "…"

    def render_article(self, value):
        title = str(value)
        return title if len(title) <= 60 else title[:57].rstrip() + "…"

    def render_status(self, record):
        return _badge("status", record.status, record.get_status_display())

    def render_rating(self, record):
        # Reviewers see an unpublished verdict only once their own review is in.
        if not getattr(record, "verdict_visible", True):
            return "—"
        rating = Rating(record.verdict.rating)
        return _badge("rating", rating.slug, rating.label)

    def render_reviews(self, record, value):
        return f"{value} of {record.assignment_count}" if record.assignment_count else value


class QueueTable(ClaimTable):
    assigned_at = tables.DateTimeColumn(
        verbose_name=_("Assigned"), accessor="my_assigned_at", format="j M Y, H:i"
    )

    class Meta(ClaimTable.Meta):
        fields = ["statement", "article", "claimant", "kind", "status", "reviews"]
        sequence = [*fields, "assigned_at"]
        exclude = ["rating", "updated_at"]
        order_by = None
        orderable = False
        empty_text = _("Nothing waits for you.")


class ArticleTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    outlet = tables.Column(verbose_name=_("Outlet"), order_by="outlet__name")
    author = tables.Column(verbose_name=_("Author"))
    published_on = tables.DateColumn(verbose_name=_("Published"), format="j M Y")
    claim_count = tables.Column(verbose_name=_("Claims"))
    published_count = tables.Column(verbose_name=_("Published verdicts"))

    class Meta:
        model = Article
        fields = ["title", "outlet", "author", "published_on"]
        sequence = [*fields, "claim_count", "published_count"]
        attrs = {"class": "data-table"}
        empty_text = _("No articles yet.")
