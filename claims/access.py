"""Access to a claim, an article, a claimant, evidence or its snapshots: the one place every
view that takes an id asks.

Permissions are per role (the Reviewer and Editor groups, claims.roles), not per
object, so a user either may act on every claim or on none: the answer is 403
before the database is asked, and 404 only for a user who could have seen the row.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Article, Claim, Claimant, SavedView, Snapshot

# The largest key a bigint column holds; a larger id names no row.
MAX_ID = 2**63 - 1


def _get_for_user(queryset, user, pk, perms):
    if not user.has_perms(perms):
        raise PermissionDenied
    if not 0 < pk <= MAX_ID:
        raise Http404("No such record.")
    return get_object_or_404(queryset, pk=pk)


def get_claim_for_user(user, pk, *perms, queryset=None):
    """Claim `pk`, if `user` may view claims and has every one of `perms`."""
    claims = Claim.objects.all() if queryset is None else queryset
    return _get_for_user(claims, user, pk, ("claims.view_claim", *perms))


def get_article_for_user(user, pk, *perms, queryset=None):
    """Article `pk`, if `user` may view articles and has every one of `perms`."""
    articles = Article.objects.all() if queryset is None else queryset
    return _get_for_user(articles, user, pk, ("claims.view_article", *perms))


def get_claimant_for_user(user, pk, *perms, queryset=None):
    """Claimant `pk`, if `user` may view claimants and has every one of `perms`."""
    claimants = Claimant.objects.all() if queryset is None else queryset
    return _get_for_user(claimants, user, pk, ("claims.view_claimant", *perms))


def get_saved_view_for_user(user, pk, *, to_change=False):
    """Saved view `pk`, if `user` may see it (their own or one shared with the desk); with
    `to_change`, only if it is theirs to change (403 for another's shared view)."""
    view = _get_for_user(SavedView.objects.visible_to(user), user, pk, ("claims.view_claim",))
    if to_change and not view.can_be_changed_by(user):
        raise PermissionDenied
    return view


def get_evidence_for_user(user, pk, evidence_pk, *perms):
    """Item `evidence_pk` of claim `pk`, if `user` may view the claim and has every one of `perms`.

    Whether the user may change the item is the item's own rule (Evidence.can_be_changed_by).
    """
    claim = get_claim_for_user(user, pk, *perms, queryset=Claim.objects.select_related("article"))
    item = _get_for_user(claim.evidence.select_related("added_by"), user, evidence_pk, perms)
    item.claim = claim
    return item


def get_snapshot_for_user(user, pk, evidence_pk, snapshot_pk):
    """Archived snapshot `snapshot_pk` of item `evidence_pk` of claim `pk`, if `user` may see
    the item: a retracted item, and so its snapshots, is shown to editors only."""
    item = get_evidence_for_user(user, pk, evidence_pk)
    if not item.is_shown_to(user):
        raise Http404("No such evidence.")
    archived = item.snapshots.filter(status=Snapshot.Status.ARCHIVED).exclude(copy="")
    snapshot = _get_for_user(archived, user, snapshot_pk, ())
    snapshot.evidence = item
    return snapshot
