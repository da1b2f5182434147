from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("账号开通与角色")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_save

        from . import identity, passwords

        post_save.connect(
            passwords.on_user_saved, sender=get_user_model(), dispatch_uid="accounts-user-saved"
        )
        user_logged_in.connect(identity.on_logged_in, dispatch_uid="accounts-logged-in")
        user_login_failed.connect(identity.on_login_failed, dispatch_uid="accounts-login-failed")
