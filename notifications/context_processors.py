from functools import cache

from .models import Notification

# The header shows the count up to this, then "99+": counting further reads rows for nothing.
SHOWN_UP_TO = 99


def unread(request):
    """`unread_notifications`: the signed-in user's unread count, read (one query, through the
    notification_unread index) only by a page that shows it: base.html, for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        rows = Notification.objects.for_user(user).unread().order_by().values("pk")
        return rows[: SHOWN_UP_TO + 1].count()

    # A template calls a callable it is given; cache() makes that one query however often.
    return {"unread_notifications": cache(count), "unread_shown_up_to": SHOWN_UP_TO}
