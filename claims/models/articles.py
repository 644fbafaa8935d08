"""Outlets and the articles whose claims are checked."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..validators import WebURLField
from .queryset import ArticleQuerySet


class Outlet(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    homepage = WebURLField(_("homepage"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    title = models.CharField(_("title"), max_length=500)
    url = WebURLField(_("URL"), blank=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    body = models.TextField(_("body"), help_text=_("The full text exactly as imported."))
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]
        # The articles list's sort, newest first or oldest first.
        indexes = [models.Index(fields=["published_on", "id"], name="article_published")]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.content_hash = self.hash_body(self.body)
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("claims:article", args=[self.pk])

    @staticmethod
    def hash_body(body):
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def locate_quote(self, quote, start=None):
        """Where `quote` stands in the body: at `start` if given, else where it stands alone.

        The one check that a quote is the article's own words. Raises
        ValidationError, keyed by the field at fault, naming the problem.
        """
        if start is not None:
            end = start + len(quote)
            if not quote or start < 0 or end > len(self.body):
                raise ValidationError(
                    {
                        "start": _(
                            "The offsets %(start)s-%(end)s fall outside the article "
                            "(%(length)s characters)."
                        )
                        % {"start": start, "end": end, "length": len(self.body)}
                    }
                )
            if self.body[start:end] != quote:
                raise ValidationError(
                    {
                        "quote": _("The quote is not the article's text at %(start)s-%(end)s.")
                        % {"start": start, "end": end}
                    }
                )
            return start
        count = self.body.count(quote) if quote else 0
        if count == 0:
            raise ValidationError({"quote": _("These exact words are not in the article.")})
        if count > 1:
            raise ValidationError(
                {
                    "start": _(
                        "The quote appears %(count)s times in the article; give its start offset."
                    )
                    % {"count": count}
                }
            )
        return self.body.index(quote)

    def paragraph_bounds(self, start, end):
        """The (start, end) offsets of the paragraph holding body[start:end]."""
        para_start = self.body.rfind("\n", 0, start) + 1
        para_end = self.body.find("\n", end)
        return para_start, len(self.body) if para_end == -1 else para_end
