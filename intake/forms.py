from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from claims.validators import WebURLFormField

from .reading import max_bytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # Each file is checked on its own by the import, which names the bad ones.
        return files


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files"),
        help_text=_("One or more .txt or .html files. A text file's first line gives its title."),
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
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
        help_text=_("Only when importing a single article; starts with http:// or https://."),
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url") and len(cleaned.get("files") or []) > 1:
            self.add_error("url", _("An address belongs to one article; upload one file with it."))
        return cleaned
