"""The Django admin shows scoring data but never changes it: rounds' status, criteria, sites,
judges, sheets, bonuses and published standings change only through the pages' services, with
their rules, reasons and history (a published result: withdraw → correct with a reason → publish).
Office templates stay editable, with the same form (and bounds) as the 评分细则模板 page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .forms.rounds import CriterionTemplateForm
from .models import (
    Adjustment,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    RoundSite,
    ScoreSheet,
    SitePhoto,
    Standing,
)


class ReadOnlyMixin:
    """View only, also for superusers."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """History can be read; its "revert" form would save an old version without any rule."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(CriterionTemplate)
class CriterionTemplateAdmin(admin.ModelAdmin):
    form = CriterionTemplateForm
    fields = [
        "office",
        "sort_order",
        "stage",
        "name",
        "description",
        "maximum",
        "weight",
        "decimal_places",
        "is_active",
    ]
    list_display = ["name", "office", "stage", "maximum", "weight", "sort_order", "is_active"]
    list_filter = ["office", "stage", "is_active"]
    search_fields = ["name", "description", "office__name"]
    list_select_related = ["office"]


class CriterionInline(ReadOnlyMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["sort_order", "stage", "name", "maximum", "weight", "decimal_places"]


class RoundSiteInline(ReadOnlyMixin, admin.TabularInline):
    model = RoundSite
    extra = 0
    fields = ["order", "village", "is_learning_visit", "note"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "office", "year", "quarter", "date", "status", "drop_extremes"]
    list_filter = ["status", "year", "quarter", "office"]
    search_fields = ["title", "host", "participants", "office__name"]
    list_select_related = ["office"]
    date_hierarchy = "date"
    inlines = [CriterionInline, RoundSiteInline]

    def has_delete_permission(self, request, obj=None):
        # A draft nobody has scored yet may go; a round with sheets or results stays.
        return obj is not None and obj.is_draft and admin.ModelAdmin.has_delete_permission(self, request, obj)

    def get_deleted_objects(self, objs, request):
        # The inlines are view only; deleting the draft takes its criteria and sites with it.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyHistoryAdmin):
    list_display = ["round", "village", "judge", "status", "entered_by", "reviewed_by", "updated_at"]
    list_filter = ["status", "round__office", "round"]
    search_fields = ["village__name", "judge__username", "judge__first_name", "remark"]
    list_select_related = ["round", "village", "judge", "entered_by", "reviewed_by"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["round", "village", "points", "reason", "created_by", "created_at"]
    list_filter = ["round__office", "round"]
    search_fields = ["village__name", "reason"]
    list_select_related = ["round", "village", "created_by"]


@admin.register(Standing)
class StandingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "round",
        "position",
        "village",
        "rank",
        "total",
        "adjustment",
        "sheet_count",
        "secretary_name",
    ]
    list_filter = ["round__office", "round"]
    search_fields = ["village__name", "secretary_name"]
    list_select_related = ["round", "village"]


@admin.register(SitePhoto)
class SitePhotoAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["round", "village", "caption", "uploaded_by", "uploaded_at"]
    list_filter = ["round__office", "round"]
    search_fields = ["village__name", "caption"]
    list_select_related = ["round", "village", "uploaded_by"]
