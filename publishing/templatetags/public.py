"""What the public pages' base template needs on every page, flat pages included."""

from django import template
from django.conf import settings

from claims.models import RatingLevel

register = template.Library()


@register.simple_tag
def organisation():
    """The organisation that signs the fact-checks (FACTCHECK_ORGANISATION)."""
    return settings.FACTCHECK_ORGANISATION


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: absolute, with no query string but a page number past the first."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isascii() and page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag
def rating_scale():
    """The desk's active ratings, best first, not rated last: each has its one-line meaning."""
    return RatingLevel.objects.scale().active()
