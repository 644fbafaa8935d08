"""Access to a claim, an article, a claimant, a tag, evidence or its snapshots: the one place every
view that takes an id asks.

Permissions are per role (the Reviewer and Editor groups, claims.roles), not per
object, so a user either may act on every claim or on none: the answer is 403
before the database is asked, and 404 only for a user who could have seen the row.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import roles
from .models import Article, Claim, Claimant, Evidence, Note, SavedView, Snapshot, Tag

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet

    type Viewer = User | AnonymousUser

# The largest key a bigint column holds; a larger id names no row.
MAX_ID = 2**63 - 1


def _get_for_user(queryset, user, pk, perms):
    if not user.has_perms(perms):
        raise PermissionDenied
    if not 0 < pk <= MAX_ID:
        raise Http404("No such record.")
    return get_object_or_404(queryset, pk=pk)


def get_claim_for_user(
    user: "Viewer", pk: int, *perms: str, queryset: "QuerySet[Claim] | None" = None
) -> Claim:
    """Claim `pk`, if `user` may view claims and has every one of `perms`."""
    claims = Claim.objects.all() if queryset is None else queryset
    return _get_for_user(claims, user, pk, ("claims.view_claim", *perms))


def get_article_for_user(
    user: "Viewer", pk: int, *perms: str, queryset: "QuerySet[Article] | None" = None
) -> Article:
    """Article `pk`, if `user` may view articles and has every one of `perms`."""
    articles = Article.objects.all() if queryset is None else queryset
    return _get_for_user(articles, user, pk, ("claims.view_article", *perms))


def get_claimant_for_user(
    user: "Viewer", pk: int, *perms: str, queryset: "QuerySet[Claimant] | None" = None
) -> Claimant:
    """Claimant `pk`, if `user` may view claimants and has every one of `perms`."""
    claimants = Claimant.objects.all() if queryset is None else queryset
    return _get_for_user(claimants, user, pk, ("claims.view_claimant", *perms))


def get_tag_for_user(user, pk, queryset=None):
    """Tag `pk`, if `user` is an editor: the tag list is the editors' to manage."""
    roles.require_editor(user)
    tags = Tag.objects.all() if queryset is None else queryset
    return _get_for_user(tags, user, pk, ())


def get_saved_view_for_user(user, pk, *, to_change=False):
    """Saved view `pk`, if `user` may see it (their own or one shared with the desk); with
    `to_change`, only if it is theirs to change (403 for another's shared view)."""
    view = _get_for_user(SavedView.objects.visible_to(user), user, pk, ("claims.view_claim",))
    if to_change and not view.can_be_changed_by(user):
        raise PermissionDenied
    return view


def get_evidence_for_user(user: "Viewer", pk: int, evidence_pk: int, *perms: str) -> Evidence:
    """Item `evidence_pk` of claim `pk`, if `user` may view the claim and has every one of `perms`.

    Whether the user may change the item is the item's own rule (Evidence.can_be_changed_by).
    """
    claim = get_claim_for_user(user, pk, *perms, queryset=Claim.objects.select_related("article"))
    item = _get_for_user(claim.evidence.select_related("added_by"), user, evidence_pk, perms)
    item.claim = claim
    return item


def get_snapshot_for_user(user: "Viewer", pk: int, evidence_pk: int, snapshot_pk: int) -> Snapshot:
    """Archived snapshot `snapshot_pk` of item `evidence_pk` of claim `pk`, if `user` may see
    the item: a retracted item, and so its snapshots, is shown to editors only."""
    item = get_evidence_for_user(user, pk, evidence_pk)
    if not item.is_shown_to(user):
        raise Http404("No such evidence.")
    archived = item.snapshots.filter(status=Snapshot.Status.ARCHIVED).exclude(copy="")
    snapshot = _get_for_user(archived, user, snapshot_pk, ())
    snapshot.evidence = item
    return snapshot


def get_note_for_user(user, pk, note_pk):
    """Note `note_pk` on claim `pk`, if `user` may read it (Note.objects.visible_to): a note
    the user may not read is answered as one that does not exist.

    Whether the user may edit it is the note's own rule (Note.can_be_edited_by).
    """
    claim = get_claim_for_user(user, pk, queryset=Claim.objects.select_related("article"))
    notes = Note.objects.visible_to(user, claim).select_related("author")
    note = _get_for_user(notes, user, note_pk, ())
    note.claim = claim
    return note
