"""The picker: a text box that chooses an article, an outlet, a claimant or a reviewer by name.

Without JavaScript it is a plain text box: the name (or part of it, if only one row matches)
or the number is resolved on the server, and no match or several give a form error that says
so. static/js/picker.js turns it into a WAI-ARIA combobox with a list of matches from the lookup
endpoint (claims.views.lookups); the chosen row's number is submitted under the field's name, so
links like ?article=12 keep working, and the box shows the row's name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .lookups import LOOKUPS, MAX_QUERY_LENGTH

# What picker.js tells a screen reader, translated here with the rest of the page.
SPOKEN = {
    "data-picker-none": _("No matches"),
    "data-picker-one": _("1 match; use the up and down arrow keys to choose."),
    "data-picker-many": _("%(count)s matches; use the up and down arrow keys to choose."),
    "data-picker-chosen": _("%(label)s chosen."),
}


class NamePicker(forms.TextInput):
    """The text box, with what picker.js needs in data- attributes."""

    class Media:
        js = [forms.Script("js/picker.js", defer=True)]

    def __init__(self, lookup, attrs=None):
        self.lookup = lookup
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs["data-picker"] = reverse("claims:lookup", args=[self.lookup.slug])
        attrs["maxlength"] = MAX_QUERY_LENGTH
        attrs.update({key: str(text) for key, text in SPOKEN.items()})
        if hasattr(value, "pk"):
            attrs["data-picker-value"] = value.pk
            value = self.lookup.label(value)
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        # A wrapper the script can hang the list on, drawn here so that both form
        # renderers (Django templates and Jinja2) draw the same markup.
        return format_html(
            '<div class="picker">{}</div>', super().render(name, value, attrs, renderer)
        )


class PickerField(forms.Field):
    """A row chosen by name or number: cleans to the row, or None when left empty."""

    default_error_messages = {
        "too_long": _("That is too long to be a name: give at most %(max)s characters."),
        "no_number": _("There is no %(noun)s number %(number)s."),
        "no_match": _("No %(noun)s matches “%(text)s”."),
        "ambiguous": _(
            "More than one %(noun)s matches “%(text)s”: type more of the name and choose "
            "from the list, or give its number."
        ),
    }

    def __init__(self, *, lookup, **kwargs):
        self.lookup = LOOKUPS[lookup] if isinstance(lookup, str) else lookup
        kwargs.setdefault("widget", NamePicker(self.lookup))
        kwargs.setdefault("help_text", self.lookup.help_text)
        super().__init__(**kwargs)
        self._resolved = None  # (text, row): the box shows the row's name, not the number

    def to_python(self, value):
        raw = value
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a number given in code, not typed
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            return None
        if len(text) > MAX_QUERY_LENGTH:
            raise self._error("too_long", max=MAX_QUERY_LENGTH)
        if "\x00" in text:  # no name holds one, and PostgreSQL refuses it in a query
            raise self._error("no_match", text=text.replace("\x00", ""))
        row = self._resolve(text)
        self._resolved = (raw, row)
        return row

    def _resolve(self, text):
        if text.isascii() and text.isdigit():
            row = self.lookup.by_number(text)
            if row is None:
                raise self._error("no_number", number=text)
            return row
        for candidates in (self.lookup.exact(text), self.lookup.search(text)):
            rows = list(candidates[:2])
            if len(rows) == 1:
                return rows[0]
            if rows:
                raise self._error("ambiguous", text=text)
        raise self._error("no_match", text=text)

    def _error(self, code, **params):
        return ValidationError(
            self.error_messages[code], code=code, params={"noun": self.lookup.noun, **params}
        )

    def prepare_value(self, value):
        if self._resolved is not None and self._resolved[0] == value:
            return self._resolved[1]
        if isinstance(value, int) and not isinstance(value, bool):
            # An initial number (a ModelForm's foreign key): the box shows the row's name.
            return self.lookup.by_number(str(value)) or value
        return value
