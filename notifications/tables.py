import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from claims.pagination import PagedQuerysetData

from .models import Notification


class InboxTable(tables.Table):
    """A person's notifications, newest first; each row's cells are drawn by
    notifications/inbox_table.html (the text with its link, the time, read or not)."""

    text = tables.Column(verbose_name=_("Notification"), orderable=False)
    created_at = tables.DateTimeColumn(verbose_name=_("When"), orderable=False)
    read_at = tables.Column(verbose_name=_("Read?"), orderable=False)

    class Meta:
        model = Notification
        fields = ["text", "created_at", "read_at"]
        attrs = {"class": "data-table inbox-table"}
        empty_text = _("No notifications yet.")
        template_name = "notifications/inbox_table.html"
        orderable = False

    region_label = _("Notifications")

    def __init__(self, data=None, **kwargs):
        super().__init__(PagedQuerysetData(data), **kwargs)
