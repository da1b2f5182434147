"""What django-axes stores of a login (user name, user agent, path, GET and POST data) comes from
anyone on the internet: cleaned as every other way in (villages.text), so a control character
posted to the login page cannot reach the table of attempts, and from there the backup."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import CharField, Expression, Sum, TextField, Value
from django.utils import timezone

from villages.text import repaired


def _cleaned(value):
    """A string, or the expression axes appends with (Concat of the column and a Value), cleaned."""
    if isinstance(value, str):
        return repaired(value)
    if isinstance(value, Value) and isinstance(value.value, str):
        value = value.copy()
        value.value = repaired(value.value)
        return value
    if isinstance(value, Expression):
        value = value.copy()
        value.set_source_expressions([_cleaned(e) for e in value.get_source_expressions()])
    return value


def clean_request_text(sender, instance, **kwargs):
    """What a failed or successful login stores of the request (user name, user agent, GET and POST
    data) comes from anyone on the internet: cleaned as every other way in, so a control character
    posted to the login page cannot reach the backup."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (CharField, TextField)):
            setattr(instance, field.attname, _cleaned(getattr(instance, field.attname)))


class CleanTextHandler(AxesDatabaseHandler):
    """axes' database handler, with the request's user agent, path and Accept header cleaned before
    they are looked up and stored (they key the attempt rows: a cleaned value must match itself)."""

    @staticmethod
    def _clean(request):
        for name in ("axes_user_agent", "axes_path_info", "axes_http_accept"):
            value = getattr(request, name, None)
            if isinstance(value, str):
                setattr(request, name, repaired(value))

    @staticmethod
    def address_locked(request):
        """LOGIN_ADDRESS_FAILURE_LIMIT failures from the request's address within the cool-off
        time, whichever accounts they tried (noted on the request for the lockout page)."""
        limit = getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", 0)
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if not limit or not address:
            return False
        since = timezone.now() - get_cool_off(request)
        failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        if (failures or 0) >= limit:
            request.axes_address_locked = True
            return True
        return False

    def is_locked(self, request, credentials=None):
        """Locked for the account on this address (axes), or for the address whichever accounts it
        tried."""
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        self._clean(request)
        result = super().user_login_failed(sender, credentials, request, **kwargs)
        if not getattr(request, "axes_locked_out", False) and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
        return result

    def user_logged_in(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_out(sender, request, user, **kwargs)


def attempted_username(request, credentials):
    """The user name axes counts failures under, cleaned as it is stored (AXES_USERNAME_CALLABLE)."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("username")
    return repaired(value) if isinstance(value, str) else value
