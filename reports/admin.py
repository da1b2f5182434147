from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from villages.text import CleanTextModelForm

from .models import IssuedSummary, SummaryHeading


@admin.register(SummaryHeading)
class SummaryHeadingAdmin(SimpleHistoryAdmin):
    form = CleanTextModelForm  # cleaned as the page cleans it, also for a history revert
    list_display = ["round", "document_number", "reviewer", "issuer", "updated_at"]
    search_fields = ["round__title", "document_number", "issuer"]
    list_select_related = ["round"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(IssuedSummary)
class IssuedSummaryAdmin(admin.ModelAdmin):
    """Read only: a 通报 is issued from its round's summary page or `issue_summary` (reports.issuing),
    and never edited or deleted; a mistake is corrected by a 更正通报."""

    list_display = ["number", "office", "round", "issued_on", "issuer", "corrected", "code"]
    list_filter = ["office", "year"]
    search_fields = ["number", "title", "code", "pdf_sha256"]
    list_select_related = ["office", "round", "correction"]
    fields = [
        "number",
        "title",
        "office",
        "round",
        "year",
        "serial",
        "issuer",
        "reviewer",
        "issued_on",
        "data_as_of",
        "code",
        "corrects",
        "reason",
        "pdf_sha256",
        "xlsx_sha256",
        "docx_sha256",
        "files",
        "issued_by",
        "issued_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).without_files()

    @admin.display(description=_("已更正"), boolean=True)
    def corrected(self, obj):
        return obj.is_corrected

    @admin.display(description=_("文件"))
    def files(self, obj):
        links = [
            (reverse("reports:issued-file", args=[obj.pk, kind]), label)
            for kind, label in (("pdf", "PDF"), ("xlsx", "Excel"), ("docx", _("简报")))
        ]
        return format_html(
            " · ".join(['<a href="{}">{}</a>'] * len(links)), *[part for link in links for part in link]
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
