"""The home page: the claims waiting for me."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import roles
from ..models import Claim, SavedView
from ..pagecache import kept_until_the_desk_changes
from ..pagination import configure_table, uncounted_pages
from ..tables import EditorQueueTable, QueueTable, RecheckQueueTable


@require_safe
@kept_until_the_desk_changes
@login_required
@permission_required("claims.view_claim", raise_exception=True)
def queue(request):
    """Home page: what waits for me. Reviewers see their queue; editors also see theirs.

    The queue's tables show a page and whether there is a next one, without
    counting every claim that waits (a count over hundreds of thousands of
    claims waiting for a verdict is no help in working through them).
    """
    user = request.user
    base = Claim.objects.for_list(user)
    context = {"my_table": QueueTable(base.awaiting_review_by(user), prefix="mine-")}
    if roles.is_editor(user):
        context["editor_tables"] = [
            (
                _("Waiting for a verdict"),
                _("Every assigned reviewer has submitted."),
                EditorQueueTable(base.awaiting_verdict().by_urgency(), prefix="reviewed-"),
            ),
            (
                _("Settled, not yet published"),
                "",
                EditorQueueTable(base.awaiting_publication().by_urgency(), prefix="settled-"),
            ),
            (
                _("Due for a re-check"),
                _("Their re-check date has come: confirm each verdict still holds, or reopen it."),
                RecheckQueueTable(base.due_for_recheck().by_urgency(), prefix="recheck-"),
            ),
        ]
        for heading, _hint, table in context["editor_tables"]:
            table.region_label = heading
            configure_table(request, table, uncounted_pages(10))
    configure_table(request, context["my_table"], uncounted_pages(25))
    # Beside the queue: my saved views of the claims list, and the desk's shared ones.
    context["saved_views"] = list(SavedView.objects.visible_to(user))
    return render(request, "claims/queue.html", context)
