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
