"""Access to a notification: the one place the views that take its id ask."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.access import MAX_ID

from .models import Notification


def get_notification_for_user(user, pk):
    """Notification `pk`, if it is `user`'s; anyone else's is a 404, as is one that never was."""
    if not 0 < pk <= MAX_ID:
        raise Http404("No such notification.")
    return get_object_or_404(Notification.objects.for_user(user), pk=pk)
