import hashlib
from urllib.parse import urlsplit, urlunsplit

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")


def is_web_url(url):
    """True for an absolute http(s) URL; `javascript:`, `data:` and the like are not."""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


WEB_URL_MESSAGE = _("Enter a web address that starts with http:// or https://.")
web_url_validator = URLValidator(schemes=WEB_SCHEMES, message=WEB_URL_MESSAGE)


class WebURLFormField(forms.URLField):
    default_validators = [web_url_validator]
    default_error_messages = {"invalid": WEB_URL_MESSAGE}

    def __init__(self, **kwargs):
        # Without a scheme Django would guess one; a link must say where it goes.
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebURLField(models.URLField):
    """A URL field that accepts http and https links only."""

    default_validators = [web_url_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


# Query parameters that say how a reader arrived, not which page it is.
TRACKING_PARAMETER_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url):
    """The URL as two links to the same page both read: for finding duplicate evidence.

    Scheme and host in lower case, no default port, no fragment, no trailing
    slash, no utm_* parameters; the path and the other parameters as given.
    """
    parts = urlsplit(str(url).strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not pair.lower().startswith(TRACKING_PARAMETER_PREFIXES)
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, query, ""))


def url_key(url):
    """normalise_url(url), hashed: two links to one page share it (and an index holds it)."""
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()
