from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Webhook, WebhookEvent

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


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Tell it when"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    class Meta:
        model = Webhook
        fields = ["url", "secret", "events"]
        widgets = {"secret": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
        help_texts = {
            "url": _("The partner's address, which receives a POST of JSON for each event."),
            "secret": _(
                "Shared with the partner, who checks each delivery's X-Factcheck-Signature "
                "with it. At least 16 characters."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [
            (value, label) for value, label in WebhookEvent.choices if value != WebhookEvent.PING
        ]

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if len(secret) < 16:
            raise forms.ValidationError(_("Use a secret of at least 16 characters."))
        return secret
