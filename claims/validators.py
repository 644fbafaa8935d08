from urllib.parse import urlsplit

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
