from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import PasswordChange
from inspections.views.offline import service_worker
from inspections.views.records import photo_file
from villages import views as village_views

admin.site.site_header = _("亮赛比 管理后台")
admin.site.site_title = _("亮赛比")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("", village_views.home, name="home"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, the printed summaries).
    path("favicon.ico", village_views.favicon),
    # The judges' service worker: at the root, so it may control /judging/ (its scope).
    path("sw.js", service_worker, name="service-worker"),
    path("no-role/", village_views.no_role, name="no-role"),
    path("privacy/", village_views.privacy, name="privacy"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Uploaded photos are private: the app checks who asks, then hands the file over (config/media.py).
    path(settings.MEDIA_URL.lstrip("/") + "<path:name>", photo_file, name="media"),
    path("", include("villages.urls")),
    path("", include("accounts.urls")),
    path("", include("inspections.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
]

handler403 = "villages.views.permission_denied"
