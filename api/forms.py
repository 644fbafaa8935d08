from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    ("", _("Never")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        error_messages={"required": _("Give the token a name.")},
        help_text=_("A name you will recognise, such as “CMS sync” or “my laptop”."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        initial="90",
        required=False,
        widget=forms.RadioSelect,
    )
