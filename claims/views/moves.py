"""The workflow's moves on a claim, one POST view each.

Each view fetches the claim through the one access check (403 without the
move's permission), validates its form and calls the model's method for the
move, which locks the row and checks the claim's state again. An invalid form
is kept and shown again, with its errors, on the claim page (prg.py), so
nothing typed is lost and a reload never resends it; a refused move becomes a
message that says why. A GET on a move's URL goes to the claim page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from ..models import WorkflowError
from ..moves import MOVES
from .claim_page import get_claim_page_claim
from .prg import forget_failed, keep_failed, post_only

back_to_claim = post_only("claims:claim")


def move_view(move):
    """The POST view for one of the claim's moves (claims.moves.MOVES)."""
    step = MOVES[move]

    @back_to_claim
    @login_required
    def view(request, pk):
        claim = get_claim_page_claim(request, pk, step.perm)
        form = step.form(claim, request.user, request.POST)
        url = claim.get_absolute_url()
        if not form.is_valid():
            return keep_failed(request, url, move)
        forget_failed(request, url, move)
        try:
            step.run(claim, request.user, form)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, step.done)
        return redirect(claim)

    view.__name__ = view.__qualname__ = move
    return view


add_evidence = move_view("evidence")
submit_review = move_view("review")
save_review_draft = move_view("review_draft")
assign = move_view("assign")
plan = move_view("plan")
settle = move_view("settle")
publish = move_view("publish")
reopen = move_view("reopen")
recheck = move_view("recheck")
confirm_recheck = move_view("confirm_recheck")
add_tags = move_view("add_tags")
remove_tags = move_view("remove_tags")
