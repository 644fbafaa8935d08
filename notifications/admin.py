from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "text", "read_at", "delivery", "mailed_at"]
    list_filter = ["event", "delivery"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "claim", "actor"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "delivery"]
    list_filter = ["event", "delivery"]
    raw_id_fields = ["user"]
