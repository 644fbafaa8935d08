from django import forms
from django.utils.translation import gettext_lazy as _

from claims.roles import is_editor

from .models import Delivery, Event


def events_for(user):
    """The events `user` can be told of: only those who may assign hear that reviews are in,
    and only editors, who alone register webhooks and settle verdicts, hear of a webhook
    switched off and of a re-check due."""
    return [
        e
        for e in Event
        if (e != Event.REVIEWS_IN or user.has_perm("claims.assign_claim"))
        and (e not in EDITORS_ONLY or is_editor(user))
    ]


EDITORS_ONLY = (Event.WEBHOOK_OFF, Event.RECHECK_DUE)


class PreferencesForm(forms.Form):
    """One choice of delivery per event; a value that is not one of the choices is refused."""

    def __init__(self, *args, user, current, **kwargs):
        super().__init__(*args, **kwargs)
        for event in events_for(user):
            self.fields[event.value] = forms.ChoiceField(
                label=event.label,
                choices=Delivery.choices,
                initial=current[event].value,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how to hear of this."),
                    "invalid_choice": _(
                        "“%(value)s” is not one of the choices: at once, the daily digest, or "
                        "no mail."
                    ),
                },
            )

    def choices(self):
        """{Event: Delivery}, once valid."""
        return {Event(name): Delivery(value) for name, value in self.cleaned_data.items()}
