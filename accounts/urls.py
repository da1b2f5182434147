from django.urls import path

from . import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("accounts/activate/", views.activate, name="activate"),
    path("accounts/logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("accounts/session/", views.session_status, name="session-status"),
    path("accounts/two-factor/", two_factor.verify, name="two-factor"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two-factor-setup"),
    path("offices/<int:pk>/people/", views.people, name="people"),
    path("offices/<int:pk>/people/secretaries/", views.create_secretaries, name="create-secretaries"),
    path("offices/<int:pk>/people/new/", views.create_person, name="create-person"),
    path("offices/<int:pk>/people/grant/", views.grant, name="grant"),
    path("offices/<int:pk>/people/reissue/", views.reissue, name="reissue"),
    path("offices/<int:pk>/people/slips.pdf", views.slips_download, name="slips-pdf"),
    path("offices/<int:pk>/people/<int:user_pk>/", views.person, name="person"),
]
