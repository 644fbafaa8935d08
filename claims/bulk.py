"""Actions on many claims at once, from the claims list.

BULK_ACTIONS is a table like claims.moves.MOVES: each action names the permission it
needs, the form of what every claim chosen gets (the same verdict, the same reviewers),
the model method it calls for one claim, and what to say of the claims it changed. Each
claim goes through its own method, which locks it, checks its state (and the version the
list showed, when there is one) and commits on its own: one claim refused rolls back
nothing done to the others. The outcome names the claims changed and those refused, with
why.

Adding an action is a row here: the label, the permission, a form class, and
`run(claim, user, cleaned_data, version)` calling the model's method.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .filters import ClaimFilter
from .forms import (
    BulkAssignForm,
    BulkDueForm,
    BulkPriorityForm,
    BulkPublishForm,
    BulkRemoveTagsForm,
    ReopenReasonFields,
    SelectionField,
    TagsForm,
    VerdictFields,
)
from .models import Claim, StaleClaimError, WorkflowError
from .models.saved_views import QUERY_MAX_LENGTH

# The most claims one bulk action takes: a filter matching more is narrowed first.
MAX_CLAIMS = 500

STALE = _("changed by someone else since the list was loaded")


@dataclass(frozen=True)
class BulkAction:
    label: str
    perm: str
    form: type[forms.Form]
    run: Callable[[Any, Any, dict, int | None], Any]  # (claim, user, cleaned_data, version)
    done: str  # "%(count)s claims: ...", said of the claims changed


BULK_ACTIONS = {
    "assign": BulkAction(
        _("Assign reviewers"),
        "claims.assign_claim",
        BulkAssignForm,
        lambda claim, user, data, version: claim.assign(
            data["reviewers"], by=user, expected_version=version
        ),
        _("Reviewers assigned"),
    ),
    "settle": BulkAction(
        _("Settle with one verdict"),
        "claims.settle_claim",
        VerdictFields,
        lambda claim, user, data, version: claim.settle(
            editor=user, rating=data["rating"], summary=data["summary"], expected_version=version
        ),
        _("Verdict settled"),
    ),
    "publish": BulkAction(
        _("Publish the settled verdicts"),
        "claims.publish_claim",
        BulkPublishForm,
        lambda claim, user, data, version: claim.publish(editor=user, expected_version=version),
        _("Verdict published"),
    ),
    "reopen": BulkAction(
        _("Reopen"),
        "claims.reopen_claim",
        ReopenReasonFields,
        lambda claim, user, data, version: claim.reopen(
            editor=user, reason=data["reason"], expected_version=version
        ),
        _("Reopened"),
    ),
    "priority": BulkAction(
        _("Set priority"),
        "claims.change_claim",
        BulkPriorityForm,
        lambda claim, user, data, version: claim.set_priority(
            data["priority"], by=user, expected_version=version
        ),
        _("Priority set"),
    ),
    "due": BulkAction(
        _("Set due date"),
        "claims.change_claim",
        BulkDueForm,
        lambda claim, user, data, version: claim.set_due(
            data["due"], by=user, expected_version=version
        ),
        _("Due date set"),
    ),
    # Tags are not part of a claim's version: a claim changed since the list was loaded
    # is tagged all the same.
    "add_tags": BulkAction(
        _("Add tags"),
        "claims.change_claim",
        TagsForm,
        lambda claim, user, data, version: claim.add_tags(data["tags"], by=user),
        _("Tags added"),
    ),
    "remove_tags": BulkAction(
        _("Remove tags"),
        "claims.change_claim",
        BulkRemoveTagsForm,
        lambda claim, user, data, version: claim.remove_tags(data["tags"], by=user),
        _("Tags removed"),
    ),
}


class BulkForm(forms.Form):
    """Which action, on which claims: those ticked (with the versions the list showed), or
    every claim the list's filter matches when the action is made."""

    SELECTED, ALL = "selected", "all"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Choose an action")), *((k, a.label) for k, a in BULK_ACTIONS.items())],
    )
    scope = forms.ChoiceField(
        label=_("Claims"),
        choices=[(SELECTED, _("The claims ticked")), (ALL, _("Every claim matching the filter"))],
        initial=SELECTED,
        widget=forms.RadioSelect,
    )
    claims = SelectionField(limit=MAX_CLAIMS, required=False)
    filter = forms.CharField(
        required=False, max_length=QUERY_MAX_LENGTH, strip=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.chosen = []  # [(claim, version or None)], once clean

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["scope"] == self.SELECTED:
            self.chosen = self._ticked(cleaned["claims"])
        else:
            self.chosen = self._matching(cleaned["filter"])
        return cleaned

    def _ticked(self, ticked):
        if not ticked:
            raise ValidationError(
                _("Tick at least one claim, or choose every claim matching the filter."),
                code="none_ticked",
            )
        found = Claim.objects.select_related("verdict").in_bulk(list(ticked))
        missing = [pk for pk in ticked if pk not in found]
        if missing:
            raise ValidationError(
                ngettext(
                    "No claim has the number %(numbers)s.",
                    "No claims have the numbers %(numbers)s.",
                    len(missing),
                ),
                params={"numbers": ", ".join(str(pk) for pk in missing[:10])},
                code="no_such_claim",
            )
        return [(found[pk], version) for pk, version in sorted(ticked.items())]

    def _matching(self, query):
        filterset = ClaimFilter(
            QueryDict(query), queryset=Claim.objects.all(), request=self.request
        )
        if not filterset.form.is_valid():
            raise ValidationError(
                _("The list's filter is not one the list accepts; open the list again."),
                code="bad_filter",
            )
        pks = list(
            filterset.qs.order_by().values_list("pk", flat=True).distinct()[: MAX_CLAIMS + 1]
        )
        if len(pks) > MAX_CLAIMS:
            raise ValidationError(
                _(
                    "This filter matches %(count)s claims; a bulk action takes at most "
                    "%(limit)s at once. Narrow the filter and try again."
                ),
                params={"count": filterset.qs.count(), "limit": MAX_CLAIMS},
                code="too_many",
            )
        if not pks:
            raise ValidationError(_("No claim matches this filter now."), code="none_match")
        found = Claim.objects.select_related("verdict").in_bulk(pks)
        # No version: the claims were not each seen in the list, only the filter was.
        return [(found[pk], None) for pk in sorted(found)]

    def action_step(self):
        return BULK_ACTIONS[self.cleaned_data["action"]]


@dataclass
class Outcome:
    action: BulkAction
    changed: list = field(default_factory=list)  # claims
    refused: list = field(default_factory=list)  # (claim, why)

    def messages(self):
        """(level, text) for the messages framework: what changed, then what was refused."""
        said = []
        if self.changed:
            said.append(
                (
                    "success",
                    ngettext(
                        "%(done)s on %(count)s claim: %(claims)s.",
                        "%(done)s on %(count)s claims: %(claims)s.",
                        len(self.changed),
                    )
                    % {
                        "done": self.action.done,
                        "count": len(self.changed),
                        "claims": ", ".join(f"#{c.pk}" for c in self.changed),
                    },
                )
            )
        if self.refused:
            said.append(
                (
                    "error",
                    ngettext(
                        "Refused %(count)s claim: %(claims)s.",
                        "Refused %(count)s claims: %(claims)s.",
                        len(self.refused),
                    )
                    % {
                        "count": len(self.refused),
                        "claims": "; ".join(f"#{c.pk} ({why})" for c, why in self.refused),
                    },
                )
            )
        return said


def run_bulk(action, chosen, user, data):
    """Make `action` on each of `chosen` [(claim, version)] with `data`, claim by claim.

    Each model method commits on its own; a refusal (the claim's state, a stale version,
    a check of the model's) is noted and the next claim is tried.
    """
    if not user.has_perm(action.perm):
        raise PermissionDenied
    outcome = Outcome(action)
    for claim, version in chosen:
        try:
            action.run(claim, user, data, version)
        except StaleClaimError:
            outcome.refused.append((claim, STALE))
        except (WorkflowError, PermissionDenied) as error:
            outcome.refused.append((claim, _reason(str(error))))
        except ValidationError as error:
            outcome.refused.append((claim, _reason(" ".join(error.messages))))
        else:
            outcome.changed.append(claim)
    return outcome


def _reason(text):
    return text.rstrip(".")
