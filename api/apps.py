from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from . import receivers, schema  # noqa: F401  (webhooks' receivers; the token scheme)
