"""Uploads in the admin: what each file and link became (read-only; the worker writes them)."""

from django.contrib import admin

from .models import ImportBatch, ImportItem


class ImportItemInline(admin.TabularInline):
    model = ImportItem
    fields = ["name", "kind", "status", "article", "candidate_count", "reason", "attempts"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "outlet"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at", "outlet", "url", "published_on"]
    inlines = [ImportItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
