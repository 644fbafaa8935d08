from django import template

from claims.validators import is_web_url

register = template.Library()


@register.filter
def web_url(url):
    """The URL if it is an http(s) link, else "".

    A stored `javascript:` link never becomes an href.
    """
    return url if is_web_url(url) else ""


@register.filter
def person(user):
    """A user's full name, else their username; "someone" for a deleted account."""
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


@register.filter
def number(value):
    """A stored decimal as people write it: 1000, not 1E+3 or 1000.0000."""
    if value is None:
        return ""
    return format(value.normalize(), "f")
