from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "villages"
    verbose_name = _("村(社区)与承诺")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from config import security

        from . import preferences

        user_login_failed.connect(security.on_login_failed, dispatch_uid="security-login-failed")
        user_logged_in.connect(security.on_logged_in, dispatch_uid="security-logged-in")
        user_logged_out.connect(security.on_logged_out, dispatch_uid="security-logged-out")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="security-locked-out")
        user_logged_in.connect(preferences.on_logged_in, dispatch_uid="large-text-logged-in")
