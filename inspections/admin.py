from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Adjustment,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    RoundSite,
    ScoreSheet,
    SitePhoto,
)


@admin.register(CriterionTemplate)
class CriterionTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "stage", "maximum", "weight", "sort_order", "is_active"]
    list_filter = ["office", "stage", "is_active"]
    search_fields = ["name", "description", "office__name"]
    list_select_related = ["office"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["sort_order", "stage", "name", "maximum", "weight", "decimal_places"]


class RoundSiteInline(admin.TabularInline):
    model = RoundSite
    extra = 0
    fields = ["order", "village", "is_learning_visit", "note"]
    readonly_fields = ["is_learning_visit"]
    autocomplete_fields = ["village"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "office", "year", "quarter", "date", "status", "drop_extremes"]
    list_filter = ["status", "year", "quarter", "office"]
    search_fields = ["title", "host", "participants", "office__name"]
    list_select_related = ["office"]
    date_hierarchy = "date"
    filter_horizontal = ["judges"]
    inlines = [CriterionInline, RoundSiteInline]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(SimpleHistoryAdmin):
    list_display = ["round", "village", "judge", "status", "entered_by", "reviewed_by", "updated_at"]
    list_filter = ["status", "round__office", "round"]
    search_fields = ["village__name", "judge__username", "judge__first_name", "remark"]
    list_select_related = ["round", "village", "judge", "entered_by", "reviewed_by"]
    readonly_fields = ["version", "submitted_at", "updated_at"]


@admin.register(Adjustment)
class AdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["round", "village", "points", "reason", "created_by", "created_at"]
    list_filter = ["round__office", "round"]
    search_fields = ["village__name", "reason"]
    list_select_related = ["round", "village", "created_by"]


@admin.register(SitePhoto)
class SitePhotoAdmin(admin.ModelAdmin):
    list_display = ["round", "village", "caption", "uploaded_by", "uploaded_at"]
    list_filter = ["round__office", "round"]
    search_fields = ["village__name", "caption"]
    list_select_related = ["round", "village", "uploaded_by"]
