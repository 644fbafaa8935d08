from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The workflow's signals (claims.signals) become notifications.
        from . import events  # noqa: F401
