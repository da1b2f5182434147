from django.urls import path

from . import board_views, views

app_name = "inspections"

urlpatterns = [
    path("offices/<int:office_pk>/rounds/", views.round_list, name="round-list"),
    path("offices/<int:office_pk>/rounds/new/", views.round_create, name="round-create"),
    path("offices/<int:office_pk>/criteria/", views.office_templates, name="office-templates"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/criteria/", views.round_criteria, name="round-criteria"),
    path("rounds/<int:pk>/sites/", views.round_sites, name="round-sites"),
    path("rounds/<int:pk>/judges/", views.round_judges, name="round-judges"),
    path("rounds/<int:pk>/status/<str:action>/", views.round_status, name="round-status"),
    path("rounds/<int:pk>/results/", views.round_results, name="round-results"),
    path("rounds/<int:pk>/receipt/<int:village_pk>/", views.score_receipt, name="score-receipt"),
    path("rounds/<int:pk>/export.xlsx", views.round_export, name="round-export"),
    path("rounds/<int:pk>/import/", views.round_import, name="round-import"),
    path("rounds/<int:pk>/keyin/", views.keyin_choose, name="keyin-choose"),
    path("rounds/<int:pk>/keyin/<int:judge_pk>/", views.keyin_grid, name="keyin-grid"),
    path("rounds/<int:pk>/adjustments/", views.round_adjustments, name="round-adjustments"),
    path("adjustments/<int:pk>/delete/", views.adjustment_delete, name="adjustment-delete"),
    path("rounds/<int:pk>/photos/", views.round_photos, name="round-photos"),
    path("judging/", views.judging, name="judging"),
    path("judging/rounds/<int:pk>/", views.judge_round, name="judge-round"),
    path("judging/rounds/<int:pk>/villages/<int:village_pk>/", views.score_sheet, name="score-sheet"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet-detail"),
    path("sheets/<int:pk>/review/", views.sheet_review, name="sheet-review"),
    path("rounds/<int:pk>/leaderboard/", board_views.leaderboard, name="leaderboard"),
    path("rounds/<int:pk>/improvement/", board_views.improvement, name="improvement"),
    path("rounds/<int:pk>/arena/", board_views.arena, name="arena"),
    path("rounds/<int:pk>/arena/state.json", board_views.arena_state, name="arena-state"),
    path("rounds/<int:pk>/arena/reveal/<int:village_pk>/", board_views.arena_reveal, name="arena-reveal"),
    path("rounds/<int:pk>/consistency/", board_views.consistency, name="consistency"),
    path("rounds/<int:pk>/review/", board_views.round_review, name="round-review"),
    path("rectifications/<int:pk>/update/", board_views.rectification_update, name="rectification-update"),
    path("offices/<int:office_pk>/board/", board_views.office_board, name="office-board"),
    path("offices/<int:office_pk>/year/", board_views.year_view, name="year-view-latest"),
    path("offices/<int:office_pk>/year/<int:year>/", board_views.year_view, name="year-view"),
    path("zone/", board_views.zone_overview, name="zone-overview"),
    path("villages/<int:pk>/dashboard/", board_views.village_dashboard, name="village-dashboard"),
]
