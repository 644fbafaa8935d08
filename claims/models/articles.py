"""Outlets and the articles whose claims are checked."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..validators import WebURLField, url_key
from . import quoting
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
    # The URL as normalise_url() reads it, hashed: an import finds an article already
    # taken from the same page by it (ArticleQuerySet.at_url).
    url_key = models.CharField(max_length=64, blank=True, editable=False)
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
        indexes = [
            models.Index(fields=["published_on", "id"], name="article_published"),
            models.Index(fields=["url_key"], name="article_url_key"),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.content_hash = self.hash_body(self.body)
        self.url_key = url_key(self.url) if self.url else ""
        if kwargs.get("update_fields") is not None and "url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "url_key"}
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("claims:article", args=[self.pk])

    @staticmethod
    def hash_body(body):
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def locate_quote(self, quote, start=None, end=None):
        """Where `quote` stands in the body, as a Passage of the body's own text.

        The one rule for finding a claim's words: case and runs of whitespace
        (newlines, no-break spaces) are ignored, and the Passage's text, the
        exact span of the body, is what a claim stores. With `start` (and
        `end`), the words must stand there: a selection made on the page, or a
        place chosen from the ones offered. Without, they must stand in one
        place only. Raises ValidationError keyed by the field at fault:
        QuoteNotFound with the nearest passages, QuoteAmbiguous with the places.
        """
        quote = quote or ""
        length = len(" ".join(quote.split()))
        if not length:
            raise ValidationError({"quote": _("Give the words of the quote.")})
        if length > quoting.QUOTE_MAX_LENGTH:
            raise ValidationError(
                {
                    "quote": _(
                        "A quote is at most %(limit)s characters; this one has %(length)s. "
                        "Quote the sentence that makes the claim."
                    )
                    % {"limit": quoting.QUOTE_MAX_LENGTH, "length": length}
                }
            )
        if start is not None:
            return self._quote_at(quoting.quote_pattern(quote), start, end)
        # Typed words are whole words; a selection (above) may start or end inside one.
        found = quoting.occurrences(self.body, quoting.quote_pattern(quote, whole_words=True))
        if not found:
            raise quoting.QuoteNotFound(quoting.nearest_passages(self.body, quote))
        if len(found) > 1:
            raise quoting.QuoteAmbiguous(found)
        return found[0]

    def _quote_at(self, pattern, start, end):
        """The words at `start` (running to `end`, if given): a selection, or a chosen place."""
        body = self.body
        if not 0 <= start < len(body) or (end is not None and not start < end <= len(body)):
            raise ValidationError(
                {"quote": _("The place given for the quote is outside the article's text.")}
            )
        if end is None:
            match = pattern.match(body, start)
        else:
            # A selection may take in the spaces around the words; the claim does not.
            while body[start].isspace() and start < end - 1:
                start += 1
            while body[end - 1].isspace() and end > start + 1:
                end -= 1
            match = pattern.fullmatch(body, start, end)
        if match is None:
            raise ValidationError(
                {
                    "quote": _(
                        "These words are not the article's text at the place given. "
                        "Select them again, or type the quote without a place."
                    )
                }
            )
        return quoting.Passage.of(body, match.start(), match.end())

    def paragraph_bounds(self, start, end):
        """The (start, end) offsets of the paragraph holding body[start:end]."""
        para_start = self.body.rfind("\n", 0, start) + 1
        para_end = self.body.find("\n", end)
        return para_start, len(self.body) if para_end == -1 else para_end
