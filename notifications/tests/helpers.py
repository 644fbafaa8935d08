"""What the notifications' tests read back."""


def texts(user):
    """The words of `user`'s notifications, oldest first."""
    return [n.text for n in user.notifications.order_by("created_at", "pk")]


def events(user):
    """The events of `user`'s notifications, oldest first."""
    return [n.event for n in user.notifications.order_by("created_at", "pk")]
