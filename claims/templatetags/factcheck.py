from django import template

from claims.validators import is_web_url

register = template.Library()


@register.filter
def web_url(url):
    """The URL if it is an http(s) link, else "".

    A stored `javascript:` link never becomes an href.
    """
    return url if is_web_url(url) else ""
