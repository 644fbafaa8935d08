"""The desk's rating scale (RatingLevel rows, read as one cached Scale) and comparing ratings.

The scale is data: editors with the permission add, reorder and retire levels in
the admin. A rating is stored as its level's id, so the six levels the desk
started with keep the integers every existing row already held (Rating names
them for code and tests). A level's place on the scale is its `position`; a
level with no position ("not rated", like Unverifiable) counts in no agreement
figure and no spread. Steps between two ratings are the distance between their
ranks among the rated levels, so positions 10, 20, 25, 30 are three steps apart
at most, however they are numbered.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext_lazy as _

from ..decorators import alters_data
from .errors import WorkflowError


class Rating(models.IntegerChoices):
    """The ids of the six levels the scale was seeded with (migration 0024_rating_scale).

    Code and tests may name these levels; what a level is called, where it sits
    and how it publishes is RatingLevel's data, and the desk may add others.
    """

    TRUE = 5, _("True")
    MOSTLY_TRUE = 4, _("Mostly true")
    HALF_TRUE = 3, _("Half true")
    MOSTLY_FALSE = 2, _("Mostly false")
    FALSE = 1, _("False")
    UNVERIFIABLE = 0, _("Unverifiable")


# Reviews whose rated values lie this many steps apart, or more, are a disagreement
# the claim page flags and the agreement report lists.
DISAGREEMENT_STEPS = 2

SCALE_CACHE_KEY = "claims:rating-scale"
# Other processes see a change within this many seconds (each forgets its own copy
# at once); a shared cache (CACHES) makes it immediate everywhere.
SCALE_CACHE_SECONDS = 60


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def badge_contrast(colour):
    """Contrast of the colour as text on its badge: a 12% tint of itself on white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    tint = [0.12 * c + 0.88 * 255 for c in rgb]
    return (_luminance(tint) + 0.05) / (_luminance(rgb) + 0.05)


def validate_readable_colour(colour):
    """A level's colour is text on a tint of itself: it needs 4.5:1 there (WCAG AA)."""
    if len(colour) == 7 and colour.startswith("#") and badge_contrast(colour) < 4.5:
        raise ValidationError(
            _(
                "%(colour)s is too light to read on its badge (contrast below 4.5:1); "
                "choose a darker one."
            ),
            params={"colour": colour},
            code="unreadable",
        )


class RatingLevelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired=False)

    def scale(self):
        """The whole scale, retired levels included, from the cache (a query when it is cold)."""
        scale = cache.get(SCALE_CACHE_KEY)
        if scale is None:
            scale = Scale(
                # The whole scale, whatever this queryset was filtered by.
                self.model._default_manager.order_by(
                    models.F("position").desc(nulls_last=True), "pk"
                )
            )
            cache.set(SCALE_CACHE_KEY, scale, SCALE_CACHE_SECONDS)
        return scale


def forget_scale():
    cache.delete(SCALE_CACHE_KEY)


class RatingLevel(models.Model):
    """One level of the desk's rating scale: what reviews and verdicts choose from."""

    id = models.SmallAutoField(primary_key=True)
    label = models.CharField(_("label"), max_length=60, unique=True)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Used in addresses and page styles, e.g. mostly-false."),
    )
    description = models.CharField(
        _("what it means"),
        max_length=300,
        help_text=_("One line telling a reader what the rating says (the public rating scale)."),
    )
    position = models.SmallIntegerField(
        _("position on the scale"),
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "Higher is truer. Leave empty for a level that is not on the scale "
            "(not rated, like Unverifiable): agreement figures leave it out."
        ),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is # and six hex digits.")),
            validate_readable_colour,
        ],
        help_text=_("#rrggbb, dark enough to read on white."),
    )
    claimreview_rating_value = models.SmallIntegerField(
        _("ClaimReview ratingValue"),
        null=True,
        blank=True,
        help_text=_("The number it publishes as (higher is truer); empty for a level not rated."),
    )
    alternate_name = models.CharField(
        _("ClaimReview alternateName"),
        max_length=60,
        blank=True,
        help_text=_("The name it publishes as; the label when empty."),
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("No longer offered to reviewers and editors; ratings already given keep it."),
    )

    objects = RatingLevelQuerySet.as_manager()

    class Meta:
        ordering = [models.F("position").desc(nulls_last=True), "pk"]
        verbose_name = _("rating level")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__isnull=True, claimreview_rating_value__isnull=True)
                | Q(position__isnull=False, claimreview_rating_value__isnull=False),
                name="ratinglevel_rated_has_value",
                violation_error_message=_(
                    "A level on the scale needs a ClaimReview ratingValue; "
                    "a level not rated has none."
                ),
            ),
        ]

    def __str__(self):
        return str(self.label)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Forget the cached scale now and again once the change is committed, so no
        # reader keeps the old one (a reader between the two sees the old rows anyway).
        forget_scale()
        transaction.on_commit(forget_scale)

    @property
    def is_rated(self):
        return self.position is not None

    @property
    def public_name(self):
        """ClaimReview's alternateName: the level's own, or its label."""
        return self.alternate_name or str(self.label)

    def clean(self):
        # A rating already given keeps its kind: a rated level in use stays on the scale
        # and a not-rated one off it (its label, colour and place may change).
        if self.pk is None:
            return
        stored = list(RatingLevel.objects.filter(pk=self.pk).values_list("position", flat=True))
        if stored and (stored[0] is not None) != self.is_rated and self.in_use():
            raise ValidationError(
                {
                    "position": _(
                        "This level is in use, so it cannot move on or off the scale; "
                        "add a new level and retire this one."
                    )
                }
            )

    def in_use(self):
        """Whether any review, draft, verdict, published revision or tolerance rule holds
        this level."""
        from .figures import ToleranceRule
        from .records import Review, ReviewDraft, Verdict, VerdictRevision

        return (
            Review.objects.filter(Q(rating=self.pk) | Q(blind_rating=self.pk)).exists()
            or ReviewDraft.objects.filter(rating=self.pk).exists()
            or Verdict.objects.filter(rating=self.pk).exists()
            or Verdict.history.filter(rating=self.pk).exists()
            or VerdictRevision.objects.filter(rating=self.pk).exists()
            or ToleranceRule.objects.filter(rating=self.pk).exists()
        )

    @alters_data
    def delete(self, *args, **kwargs):
        """A level some rating holds is never deleted, only retired: its meaning must stay."""
        if self.in_use():
            raise ProtectedError(
                _("%(level)s is in use; retire it instead.") % {"level": self.label}, {self}
            )
        result = super().delete(*args, **kwargs)
        forget_scale()
        transaction.on_commit(forget_scale)
        return result

    @alters_data
    def retire(self):
        """Stop offering this level; every rating already given keeps it."""
        with transaction.atomic():
            level = RatingLevel.objects.select_for_update().get(pk=self.pk)
            level.retired = True
            level.save(update_fields=["retired"])
        self.retired = True


class Scale:
    """The scale as one read: every level by id, best first (not rated last), and the steps.

    Steps count up from the lowest rated level (0) to the highest.
    """

    def __init__(self, levels):
        self.levels = list(levels)
        self.by_id = {level.pk: level for level in self.levels}
        rated = [level for level in self.levels if level.is_rated]
        # Scale order is lowest position first (False ... True): steps count up.
        rated.sort(key=lambda level: level.position)
        self.rated = rated
        self.step_of = {level.pk: step for step, level in enumerate(rated)}

    @property
    def false_ids(self):
        """The rated levels below the scale's middle: what the reports count as false."""
        middle = (len(self.rated) - 1) / 2
        return [level.pk for step, level in enumerate(self.rated) if step < middle]

    def __iter__(self):
        return iter(self.levels)

    def __len__(self):
        return len(self.levels)

    def get(self, rating):
        """The level a stored rating means (retired ones included); None for None."""
        if rating is None:
            return None
        return self.by_id[int(rating)]

    def label(self, rating):
        level = self.get(rating)
        return "" if level is None else str(level.label)

    def active(self):
        return [level for level in self.levels if not level.retired]

    def choices(self, include=()):
        """(id, label) of the levels a form offers: the active ones, best first, and `include`."""
        return [
            (level.pk, level.label)
            for level in self.levels
            if not level.retired or level.pk in include
        ]

    def require_offered(self, rating):
        """Refuse a rating the desk does not offer: not a level, or a retired one."""
        try:
            level = self.get(rating)
        except (KeyError, TypeError, ValueError):
            level = None
        if level is None:
            raise WorkflowError(_("%(rating)r is not a rating on the scale.") % {"rating": rating})
        if level.retired:
            raise WorkflowError(
                _("%(label)s is retired from the scale; choose another rating.")
                % {"label": level.label}
            )
        return level

    def all_choices(self):
        """(id, label) of every level, retired ones too: what filters by a past rating offer."""
        return [(level.pk, level.label) for level in self.levels]

    @property
    def rated_ids(self):
        return [level.pk for level in self.rated]

    def steps(self, ratings):
        """Each rated rating's step on the scale (0 lowest), not-rated ones left out."""
        return [self.step_of[r] for r in ratings if r in self.step_of]

    def spread(self, ratings):
        """Steps between the highest and lowest rated rating (not-rated ones left out)."""
        steps = self.steps(ratings)
        return max(steps) - min(steps) if steps else 0

    def step_expression(self, field):
        """SQL for a rating column's step on the scale; null for a level not rated."""
        return Case(
            *(When(**{field: pk}, then=Value(step)) for pk, step in self.step_of.items()),
            default=None,
            output_field=IntegerField(),
        )

    @property
    def best_value(self):
        values = [level.claimreview_rating_value for level in self.rated]
        return max(values) if values else None

    @property
    def worst_value(self):
        values = [level.claimreview_rating_value for level in self.rated]
        return min(values) if values else None


def offered_ratings():
    """The choices a review or verdict form offers: the active levels, best first."""
    return RatingLevel.objects.scale().choices()


def every_rating():
    """Every level, retired ones included, for filters."""
    return RatingLevel.objects.scale().all_choices()


def ratings_disagree(ratings):
    """Whether a set of review ratings disagree: any two differ."""
    return len(set(ratings)) > 1


def rating_spread(ratings):
    """Steps between the highest and lowest rated rating, on the desk's scale."""
    return RatingLevel.objects.scale().spread(ratings)
