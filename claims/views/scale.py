"""The rating scale's colours as a stylesheet: the scale is data; the CSP allows no inline style."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from ..models import RatingLevel

TINT = "color-mix(in srgb, {colour} 12%, white)"
RULES = """\
.rating-{slug} {{ background: {tint}; color: {colour}; }}
.bar-rating-{slug} {{ fill: {colour}; }}
.verdict-{slug} {{ background: {tint}; border-bottom-color: {colour}; }}
.swatch.verdict-{slug} {{ background: {colour}; }}
"""


@require_safe
@cache_control(max_age=60, public=True)
def rating_styles(request):
    """Every level's badge, bar and mark colours, retired ones too (old ratings keep showing)."""
    # slug and colour are validated on the model (a slug; #rrggbb), so they are safe in CSS.
    css = "".join(
        RULES.format(slug=level.slug, colour=level.colour, tint=TINT.format(colour=level.colour))
        for level in RatingLevel.objects.scale()
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
