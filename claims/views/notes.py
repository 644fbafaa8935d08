"""Notes on a claim: posted, edited by their author, resolved and reopened.

A note is posted from the claim page like a move (claims.moves.MOVES["note"]); a
note the user may not read is a 404, as if it did not exist (access.get_note_for_user).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..access import get_claim_for_user, get_note_for_user
from ..forms import NoteEditForm
from ..models import Claim, WorkflowError
from ..moves import MOVES
from .prg import SeeOther, forget_failed, keep_failed, post_only

back_to_claim = post_only("claims:claim")


def tell_mentions(request, mentions):
    """Say whom a note's mentions told, and each name that told nobody, with why."""
    if mentions.notified:
        names = ", ".join(f"@{u.get_username()}" for u in mentions.notified)
        messages.info(request, _("Told %(names)s of your note.") % {"names": names})
    for name, reason in mentions.refused:
        messages.warning(
            request, _("@%(name)s told nobody: %(reason)s.") % {"name": name, "reason": reason}
        )


@back_to_claim
@login_required
def post_note(request, pk):
    step = MOVES["note"]
    claim = get_claim_for_user(
        request.user, pk, step.perm, queryset=Claim.objects.select_related("article")
    )
    form = step.form(claim, request.user, request.POST)
    url = claim.get_absolute_url()
    if not form.is_valid():
        return keep_failed(request, url, "note")
    forget_failed(request, url, "note")
    note, mentions = step.run(claim, request.user, form)
    messages.success(request, step.done)
    tell_mentions(request, mentions)
    return SeeOther(f"{url}#note-{note.pk}")


@login_required
def edit_note(request, pk, note_pk):
    note = get_note_for_user(request.user, pk, note_pk)
    if not note.can_be_edited_by(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = NoteEditForm(data, initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        mentions = note.edit(by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Note changed; its earlier wording is kept."))
        tell_mentions(request, mentions)
        return SeeOther(note.get_absolute_url())
    status = 400 if form.is_bound else 200
    context = {"claim": note.claim, "note": note, "form": form}
    return render(request, "claims/note_edit.html", context, status=status)


def _resolution(move, done):
    @back_to_claim
    @login_required
    def view(request, pk, note_pk):
        note = get_note_for_user(request.user, pk, note_pk)
        try:
            getattr(note, move)(by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return SeeOther(note.get_absolute_url())

    view.__name__ = view.__qualname__ = f"{move}_note"
    return view


resolve_note = _resolution("resolve", _("Note resolved."))
reopen_note = _resolution("reopen", _("Note reopened."))
