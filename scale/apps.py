from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Tools for measuring factcheck at scale: synthetic data, its bulk loader, the benchmarks.

    Nothing here runs in production, and no product app imports it.
    """

    name = "scale"
    verbose_name = "Scale tooling"
