"""One action on many claims, from the claims list: the choice, then the action's form.

The list's form (GET) names the action and the claims, ticked or every one its filter
matches; this page shows them with the action's form (the verdict, the reviewers). Its
POST makes the action claim by claim (claims.bulk) and goes back to the list, filtered as
it was, with a message naming the claims changed and those refused, and why. A choice
the list could not have sent (a forged number, an unknown action, too many claims) is
answered 400 with what is wrong, before anything is changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import roles
from ..bulk import MAX_CLAIMS, BulkForm, run_bulk
from .prg import SeeOther

# The claims the page lists by name; past these it says how many more.
SHOWN = 50


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bulk(request):
    roles.require_editor(request.user)
    data = request.POST if request.method == "POST" else request.GET
    choice = BulkForm(data, request=request)
    if not choice.is_valid():
        return _page(request, choice, None, status=400)
    action = choice.action_step()
    if not request.user.has_perm(action.perm):
        raise PermissionDenied
    if request.method != "POST":
        return _page(request, choice, action.form())
    form = action.form(request.POST)
    if not form.is_valid():
        return _page(request, choice, form, status=400)
    outcome = run_bulk(action, choice.chosen, request.user, form.cleaned_data)
    for level, text in outcome.messages():
        getattr(messages, level)(request, text)
    query = choice.cleaned_data["filter"]
    return SeeOther(reverse("claims:claim_list") + (f"?{query}" if query else ""))


def _page(request, choice, form, status=200):
    context = {
        "choice": choice,
        "form": form,
        "action": choice.action_step() if form is not None else None,
        "chosen": choice.chosen[:SHOWN],
        "more": max(len(choice.chosen) - SHOWN, 0),
        "count": len(choice.chosen),
        "limit": MAX_CLAIMS,
        "back": reverse("claims:claim_list") + _query(choice),
    }
    return render(request, "claims/bulk.html", context, status=status)


def _query(choice):
    query = choice.data.get("filter", "") if choice.is_bound else ""
    return f"?{query}" if query else ""
