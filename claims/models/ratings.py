"""The one rating scale reviews and verdicts share, and how ratings are compared."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.IntegerChoices):
    """One ordered scale for reviews and verdicts.

    The rated values double as ClaimReview's ratingValue (5 best, 1 worst);
    Unverifiable has no place on the scale.
    """

    TRUE = 5, _("True")
    MOSTLY_TRUE = 4, _("Mostly true")
    HALF_TRUE = 3, _("Half true")
    MOSTLY_FALSE = 2, _("Mostly false")
    FALSE = 1, _("False")
    UNVERIFIABLE = 0, _("Unverifiable")

    @property
    def is_rated(self):
        return self != Rating.UNVERIFIABLE

    @property
    def slug(self):
        return self.name.lower().replace("_", "-")

    @property
    def meaning(self):
        """What the rating tells a reader, in one line (the public rating scale)."""
        return RATING_MEANINGS[self]


RATING_MEANINGS = {
    Rating.TRUE: _("The claim is accurate and nothing significant is missing."),
    Rating.MOSTLY_TRUE: _("The claim is accurate but needs clarification or added context."),
    Rating.HALF_TRUE: _(
        "The claim is partly accurate but leaves out important details or takes things "
        "out of context."
    ),
    Rating.MOSTLY_FALSE: _(
        "The claim contains an element of truth but ignores facts that would give a "
        "different impression."
    ),
    Rating.FALSE: _("The claim is not accurate."),
    Rating.UNVERIFIABLE: _(
        "The evidence available does not allow the claim to be confirmed or refuted."
    ),
}


# Reviews whose rated values lie this many steps apart, or more, are a disagreement
# the claim page flags and the agreement report lists.
DISAGREEMENT_STEPS = 2


def ratings_disagree(ratings):
    """Whether a set of review ratings disagree: any two differ."""
    return len(set(ratings)) > 1


def rating_spread(ratings):
    """Steps between the highest and lowest rated value (Unverifiable left out)."""
    rated = [r for r in ratings if r != Rating.UNVERIFIABLE]
    return max(rated) - min(rated) if rated else 0
