"""The Atom feed of published fact-checks, for readers' feed apps (django.contrib.syndication)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from claims.roles import display_name

from . import claimreview

FEED_SIZE = 50


class FactcheckFeed(Feed):
    """The 50 most recently published fact-checks; a correction brings one back to the top.

    Every link is made absolute from the request, not from the sites
    framework's domain (the flat pages need that framework, but its one site
    is not where the public pages are served).
    """

    feed_type = Atom1Feed

    def get_object(self, request):
        return request

    def title(self):
        return _("Fact-checks by %(organisation)s") % {
            "organisation": settings.FACTCHECK_ORGANISATION
        }

    def subtitle(self):
        return _("Published fact-checks, the most recently published or corrected first.")

    def link(self, request):
        return request.build_absolute_uri(reverse("public:index"))

    def feed_url(self, request):
        return request.build_absolute_uri(reverse("public:atom_feed"))

    def author_name(self):
        return settings.FACTCHECK_ORGANISATION

    def items(self, request):
        claims = list(claimreview.newest_first(claimreview.public_claims())[:FEED_SIZE])
        for claim in claims:
            claim.revisions = list(claim.verdict_revisions.all())
            claim.public_url = request.build_absolute_uri(
                reverse("public:factcheck", args=[claim.pk])
            )
        return claims

    def item_title(self, claim):
        return claim.revisions[-1].statement

    def item_link(self, claim):
        return claim.public_url

    def item_description(self, claim):
        # Atom's summary is HTML here (Atom1Feed says type="html"): the text is escaped
        # once for it, so a reader's app shows the words as written.
        current = claim.revisions[-1]
        text = _("%(rating)s. %(summary)s") % {
            "rating": current.rating_level.label,
            "summary": current.summary.strip(),
        }
        if claimreview.under_review(claim):
            text += " " + _("This fact-check is being reviewed again.")
        return escape(text)

    def item_pubdate(self, claim):
        return claim.revisions[0].published_at

    def item_updateddate(self, claim):
        return claim.revisions[-1].published_at

    def item_author_name(self, claim):
        editor = claim.revisions[-1].editor
        return display_name(editor) if editor else settings.FACTCHECK_ORGANISATION
