"""Access to an upload's batch: the one place every view that takes a batch's id asks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.access import MAX_ID

from .models import ImportBatch


def get_batch_for_user(user, pk, queryset=None):
    """Batch `pk`, if `user` may add articles and the batch is theirs (any batch, for an
    admin). Another's batch is a 404: it names files and links only its uploader chose."""
    if not user.has_perm("claims.add_article"):
        raise PermissionDenied
    if not 0 < pk <= MAX_ID:
        raise Http404("No such import.")
    batches = ImportBatch.objects.all() if queryset is None else queryset
    return get_object_or_404(batches.visible_to(user), pk=pk)
