from django import template

from claims.roles import display_name
from claims.validators import is_web_url

register = template.Library()


@register.filter
def web_url(url):
    """The URL if it is an http(s) link, else "".

    A stored `javascript:` link never becomes an href.
    """
    return url if is_web_url(url) else ""


register.filter("person", display_name)


@register.filter
def number(value):
    """A stored decimal as people write it: 1000, not 1E+3 or 1000.0000."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


@register.filter
def changeable_by(evidence, user):
    """Whether `user` may correct or retract this evidence (its author, or an editor)."""
    return evidence.can_be_changed_by(user)
