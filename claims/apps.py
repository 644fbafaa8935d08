from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_desk_triggers(sender, using, **kwargs):
    """After every migrate (and flush), give tables made or copied since their triggers."""
    from django.db import connections

    from .models.revision import DeskRevision, install_triggers

    connection = connections[using]
    table_names = connection.introspection.table_names()
    if DeskRevision._meta.db_table in table_names:
        install_triggers(connection, table_names=table_names)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        post_migrate.connect(_install_desk_triggers, sender=self, dispatch_uid="desk_triggers")
