"""The pickers' lookups: the first few articles, outlets, claimants or reviewers matching a name."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..lookups import LOOKUPS, MAX_QUERY_LENGTH, MAX_RESULTS


@require_safe
@login_required
def lookup(request, kind):
    """JSON `[{id, label, detail}]`: at most MAX_RESULTS rows matching ?q=, best first.

    Who may pick a row may see it: the permission is the one the row's own pages ask.
    An empty ?q= gives the first rows in order, for a list opened before typing.
    """
    found = LOOKUPS.get(kind)
    if found is None:
        raise Http404(_("Nothing is looked up by that name."))
    if not found.may_use(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY_LENGTH or "\x00" in text:
        message = _("Give at most %(max)s characters, with no NUL character.")
        return JsonResponse({"error": message % {"max": MAX_QUERY_LENGTH}}, status=400)
    rows = found.search(text)[:MAX_RESULTS]
    response = JsonResponse([found.as_json(row) for row in rows], safe=False)
    response["Cache-Control"] = "private, no-store"
    return response
