from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from claims.validators import WebURLFormField, web_url_validator

from .reading import Refused, check_extension, check_size, decode, max_bytes

# The most files and links one upload takes; a longer list is split into several.
MAX_ITEMS = 100


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


def _checked(upload):
    """(name, bytes) of an uploaded file that could be an article; raises ValidationError
    naming the file and what is wrong with it (intake.reading's own words)."""
    try:
        check_extension(upload.name)
        check_size(upload.size)  # before reading a huge file into memory
        data = upload.read()
        decode(data)
    except Refused as error:
        raise ValidationError(
            _("%(name)s: %(reason)s."), params={"name": upload.name, "reason": error}
        ) from None
    return upload.name, data


class LinksField(forms.CharField):
    """One http(s) address a line; blank lines are left out."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        links, errors = [], []
        for number, line in enumerate(value.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                web_url_validator(line)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(number)d, “%(line)s”, is not a web address that starts "
                            "with http:// or https://."
                        ),
                        params={"number": number, "line": line[:100]},
                    )
                )
                continue
            if line not in links:
                links.append(line)
        if errors:
            raise ValidationError(errors)
        return links


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files"),
        required=False,
        help_text=_("One or more .txt or .html files. A text file's first line gives its title."),
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
    )
    links = LinksField(
        label=_("Links"),
        required=False,
        max_length=MAX_ITEMS * 2100,
        help_text=_(
            "Addresses of web pages to import, one a line, each starting with http:// or https://."
        ),
    )
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=200,
        required=False,
        help_text=_("Leave blank to use the site name found in the HTML, if any."),
    )
    url = WebURLFormField(
        label=_("Original address"),
        required=False,
        help_text=_("Only when importing a single file; starts with http:// or https://."),
    )
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        files = self.fields["files"]
        files.help_text = _("%(text)s Up to %(limit)s each.") % {
            "text": files.help_text,
            "limit": filesizeformat(max_bytes()),
        }

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > MAX_ITEMS:
            raise ValidationError(
                _("Upload at most %(limit)d files at once."), params={"limit": MAX_ITEMS}
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(_checked(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self):
        cleaned = super().clean()
        files, links = cleaned.get("files"), cleaned.get("links")
        if "files" in self.errors or "links" in self.errors:
            return cleaned
        if not files and not links:
            raise ValidationError(_("Choose at least one file, or give at least one link."))
        if len(files) + len(links) > MAX_ITEMS:
            raise ValidationError(
                _("Import at most %(limit)d files and links at once."),
                params={"limit": MAX_ITEMS},
            )
        if cleaned.get("url") and (len(files) != 1 or links):
            self.add_error(
                "url",
                _("An address belongs to one article; upload one file, and no links, with it."),
            )
        return cleaned
