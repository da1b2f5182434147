from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config import security

        from .sink import record_event
        from .views import remember_reader

        security.add_sink(record_event)
        user_logged_in.connect(remember_reader, dispatch_uid="audit-remember-reader")
