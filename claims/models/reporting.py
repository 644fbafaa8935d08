"""The two questions of a reported claim.

When an article reports someone else's statement (its claimant is not the
article's own voice: neither its author, nor its outlet, nor its unknown
publisher, Claimant.objects.for_unattributed), two things can be wrong: the
article may have misreported what was said, and what was said may be untrue.
Reviewers answer both, each blind like any rating (Review.reporting and its
blind_reporting, never changed once given); the editor's verdict answers both;
agreement is computed for each (reports.reporting); the public page shows both.
The rating scale rates the statement, as ClaimReview does.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .claimants import unknown_publisher_name
from .errors import WorkflowError


class Reporting(models.IntegerChoices):
    """Did the article report the statement faithfully? Higher is more faithful; "cannot
    tell" has no place on that order (agreement leaves it out, as it does "unverifiable")."""

    FAITHFUL = 3, _("Reported faithfully")
    PARTLY = 2, _("Partly faithful: wording or context changed")
    MISREPORTED = 1, _("Misreported")
    CANNOT_TELL = 0, _("Cannot tell: no record of what was said")

    @classmethod
    def ordered(cls):
        """The answers on the scale of faithfulness, least faithful first."""
        return [cls.MISREPORTED, cls.PARTLY, cls.FAITHFUL]


REPORTING_QUESTION = _("Did the article report the statement faithfully?")
TRUTH_QUESTION = _("Is the statement true?")
REPORTING_NEEDED = _(
    "This claim reports someone else's statement: say whether the article reported it "
    "faithfully, as well as whether it is true."
)
REPORTING_UNASKED = _(
    "This claim is the article's own statement; there is no question of how it was reported."
)


def article_voices(article):
    """The names (casefolded) under which an article speaks for itself."""
    names = {unknown_publisher_name(article.title)}
    if (article.author or "").strip():
        names.add(article.author.strip())
    if article.outlet_id:
        names.add(article.outlet.name)
    return {name.casefold() for name in names}


def is_reported(claim):
    """Whether `claim` is someone else's statement that its article reports."""
    return claim.claimant_name.strip().casefold() not in article_voices(claim.article)


def check_reporting(claim, reporting):
    """The answer to the reporting question as it may be stored for `claim` (a Reporting or
    None); raises WorkflowError naming the problem when it is missing, unasked or no answer."""
    if not is_reported(claim):
        if reporting is not None:
            raise WorkflowError(REPORTING_UNASKED)
        return None
    if reporting is None:
        raise WorkflowError(REPORTING_NEEDED)
    if isinstance(reporting, bool) or reporting not in Reporting.values:
        raise WorkflowError(
            _("%(value)s is not an answer to how it was reported; choose one of %(choices)s.")
            % {
                "value": repr(reporting),
                "choices": ", ".join(str(label) for label in Reporting.labels),
            }
        )
    return Reporting(reporting)
