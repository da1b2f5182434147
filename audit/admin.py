from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: an audit row is never added, changed nor deleted by hand."""

    list_display = ["seq", "time", "username", "address", "event", "object_type", "object_id", "office_id"]
    list_filter = ["event"]
    search_fields = ["username", "event", "object_id"]
    date_hierarchy = "time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
