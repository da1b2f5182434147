"""django-axes (login throttling) under a name of our own, so the admin's section reads in the
admin's language; its other English strings are translated in locale/zh_Hans."""

from axes.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class LoginThrottleConfig(AppConfig):
    verbose_name = _("登录限制")

    def ready(self):
        super().ready()
        from axes.admin import AccessAttemptAdmin

        # Columns computed by methods are titled from the method's name unless given one.
        AccessAttemptAdmin.status.short_description = _("状态")
        AccessAttemptAdmin.expiration.short_description = _("到期时间")

        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        from .login_text import clean_request_text

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            pre_save.connect(clean_request_text, sender=model, dispatch_uid=f"clean-{model.__name__}")
