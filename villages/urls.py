from django.urls import path

from . import views

app_name = "villages"

urlpatterns = [
    path("offices/", views.office_list, name="office-list"),
    path("offices/<int:pk>/", views.office_detail, name="office-detail"),
    path("offices/<int:pk>/settings/", views.office_settings, name="office-settings"),
    path("offices/<int:pk>/judge-pool/", views.judge_pool, name="judge-pool"),
    path("pool-guests/<int:pk>/delete/", views.pool_guest_remove, name="pool-guest-remove"),
    path("villages/mine/", views.my_villages, name="my-villages"),
    path("villages/<int:pk>/", views.village_detail, name="village-detail"),
    path("villages/<int:village_pk>/pledges/new/", views.pledge_create, name="pledge-create"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge-edit"),
    path("pledges/<int:pk>/delete/", views.pledge_delete, name="pledge-delete"),
    path("pledges/<int:pk>/progress/", views.pledge_progress, name="pledge-progress"),
    path("pledges/<int:pk>/<str:action>/", views.pledge_action, name="pledge-action"),
    path("pledge-photos/<int:pk>/delete/", views.pledge_photo_delete, name="pledge-photo-delete"),
    path("roster/import/", views.roster_import, name="roster-import"),
    path("roster/template.<str:fmt>", views.roster_template, name="roster-template"),
    path("prefs/large-text/", views.large_text_toggle, name="large-text"),
    path("public/", views.public_index, name="public-index"),
    path("public/villages/<int:pk>/", views.public_village, name="public-village"),
    path("public/villages/<int:pk>/notice/", views.public_notice, name="public-notice"),
]
