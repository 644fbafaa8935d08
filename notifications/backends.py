"""The site's authentication backend: claims' (permissions in one query), whose signed-in user
comes with their number of unread notifications.

The header shows that number on every page. Read with the user's own row, as a
correlated subquery through the notification_unread index, it costs no query of
its own: every page keeps the query count it had.
"""

from django.contrib.auth import get_user_model

from claims.backends import PermissionBackend
from claims.models.queryset import count_of

from .models import Notification


def with_unread_count(users):
    """Annotate `unread_notification_count` on each of `users` (a queryset)."""
    return users.annotate(
        unread_notification_count=count_of(Notification, "recipient", read_at__isnull=True)
    )


class UnreadCountBackend(PermissionBackend):
    def get_user(self, user_id):
        users = with_unread_count(get_user_model()._default_manager.all())
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
