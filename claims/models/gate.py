"""The publish gate: what a settled verdict needs before the public may read it."""

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def publish_blockers(claim) -> list[str | Promise]:
    """What the verdict still lacks before it may be published; empty when ready.

    The rules follow the IFCN code's call for traceable sources: a written
    explanation, enough primary sources, and for a rated verdict enough
    independent reviews. Thresholds are settings; FACTCHECK_PUBLISH_REQUIRE_ARCHIVED
    asks, too, that every confirmed primary web source has been archived.
    """
    min_primary = getattr(settings, "FACTCHECK_PUBLISH_MIN_PRIMARY_EVIDENCE", 1)
    min_reviews = getattr(settings, "FACTCHECK_PUBLISH_MIN_REVIEWS", 2)
    verdict = getattr(claim, "verdict", None)
    missing: list[str | Promise] = []
    if verdict is None:
        return [_("a settled verdict")]
    if not verdict.summary.strip():
        missing.append(_("a written explanation of the verdict"))
    evidence = claim.standing_evidence()
    primary = sum(1 for e in evidence if e.is_confirmed_primary())
    if primary < min_primary:
        missing.append(
            ngettext(
                "at least %(count)d confirmed primary source (it has %(has)d)",
                "at least %(count)d confirmed primary sources (it has %(has)d)",
                min_primary,
            )
            % {"count": min_primary, "has": primary}
        )
        missing += [
            _("an editor to confirm “%(title)s” as a primary source") % {"title": e.title}
            for e in evidence
            if e.awaits_confirmation()
        ]
    if settings.FACTCHECK_PUBLISH_REQUIRE_ARCHIVED:
        missing += [
            _("an archived snapshot of “%(title)s”") % {"title": e.title}
            for e in evidence
            if e.is_confirmed_primary() and e.is_web() and not e.is_archived()
        ]
    reviews = len(claim.reviews.all())
    if verdict.rating_level.is_rated and reviews < min_reviews:
        missing.append(
            ngettext(
                "at least %(count)d submitted review (it has %(has)d)",
                "at least %(count)d submitted reviews (it has %(has)d)",
                min_reviews,
            )
            % {"count": min_reviews, "has": reviews}
        )
    return missing
