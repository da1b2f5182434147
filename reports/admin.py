from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from villages.text import CleanTextModelForm

from .models import SummaryHeading


@admin.register(SummaryHeading)
class SummaryHeadingAdmin(SimpleHistoryAdmin):
    form = CleanTextModelForm  # cleaned as the page cleans it, also for a history revert
    list_display = ["round", "document_number", "reviewer", "issuer", "updated_at"]
    search_fields = ["round__title", "document_number", "issuer"]
    list_select_related = ["round"]
    readonly_fields = ["updated_by", "updated_at"]
