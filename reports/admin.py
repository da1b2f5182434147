from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SummaryHeading


@admin.register(SummaryHeading)
class SummaryHeadingAdmin(SimpleHistoryAdmin):
    list_display = ["round", "document_number", "reviewer", "issuer", "updated_at"]
    search_fields = ["round__title", "document_number", "issuer"]
    list_select_related = ["round"]
    readonly_fields = ["updated_by", "updated_at"]
