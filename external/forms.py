from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from claims.validators import WebURLFormField

MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    url = WebURLFormField(
        label=_("Address"),
        required=False,
        help_text=_(
            "A fact-check page with ClaimReview markup, or a feed of them "
            "(JSON, or the Data Commons feed format)."
        ),
    )
    follow = forms.BooleanField(label=_("Read this address again every day"), required=False)
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("A .json feed or a saved .html page, up to %(size)s.")
        % {"size": filesizeformat(MAX_FILE_BYTES)},
    )

    def clean(self):
        cleaned = super().clean()
        url, upload = cleaned.get("url"), cleaned.get("file")
        if not url and not upload and not self.errors:
            raise forms.ValidationError(_("Give an address or choose a file."))
        if url and upload:
            raise forms.ValidationError(_("Give an address or a file, not both."))
        if upload and upload.size > MAX_FILE_BYTES:
            self.add_error(
                "file", _("The file is over %(size)s.") % {"size": filesizeformat(MAX_FILE_BYTES)}
            )
        return cleaned
