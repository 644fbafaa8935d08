from functools import cache

from .models import Notification

# The header shows the count up to this, then "99+".
SHOWN_UP_TO = 99


def unread(request):
    """`unread_notifications`: the signed-in user's unread count, for the header (base.html).

    The user of a request comes with it (notifications.backends.UnreadCountBackend), so
    this reads nothing; a user loaded otherwise costs one query, made only if a
    template asks (a template calls what it is given).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache  # one query at most, however often a template asks
    def count():
        known = getattr(user, "unread_notification_count", None)
        if known is None:
            known = Notification.objects.for_user(user).unread().count()
        return known

    return {"unread_notifications": count, "unread_shown_up_to": SHOWN_UP_TO}
