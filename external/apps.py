from django.apps import AppConfig


class ExternalConfig(AppConfig):
    name = "external"
    verbose_name = "Other organisations' fact-checks"
