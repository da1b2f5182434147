"""Production safeguards: the secret key's strength, the client's address behind the reverse proxy,
and the security event log (one JSON line per event on the `liangsaibi.security` logger)."""

import contextlib
import contextvars
import ipaddress
import json
import logging
import math
from collections import Counter
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

DEVELOPMENT_KEY = "local-development-only-not-secret"
MIN_KEY_LENGTH = 50
MIN_KEY_BITS = 128

logger = logging.getLogger("liangsaibi.security")
_current_request = contextvars.ContextVar("security_request", default=None)


def weak_secret_key(key):
    """Why `key` must not sign a production session, or "" when it may."""
    if key == DEVELOPMENT_KEY or key.startswith("django-insecure-"):
        return "it is the development default"
    if len(key) < MIN_KEY_LENGTH:
        return f"it is shorter than {MIN_KEY_LENGTH} characters"
    # Shannon entropy of the characters actually used, times the length: a long key made of a few
    # characters, or one short phrase repeated, is still guessable.
    counts = Counter(key)
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_KEY_BITS or len(counts) < 5 or key in (key + key)[1:-1]:
        return "it has too little entropy (use python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    return ""


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies that each append
    the address they saw to X-Forwarded-For, the entry the outermost trusted proxy appended.

    Entries further left were written by the client and are ignored, so nobody can pick the
    address they are counted under (nor lock out someone else's)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through the proxies (a local health check, a misrouted request)
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _request_fields(request):
    fields = {"ip": client_ip(request), "method": request.method, "path": request.path}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        fields["user"] = user.get_username()
    return fields


_muted = contextvars.ContextVar("security_muted", default=False)
# Where each event goes besides the log line: the audit trail (audit.apps registers it), so the apps
# that log events import nothing of it. A sink is called with the record and the request.
_sinks = []
sink_logger = logging.getLogger("liangsaibi.audit")


def add_sink(sink):
    if sink not in _sinks:
        _sinks.append(sink)


@contextlib.contextmanager
def events_muted():
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def log_event(event, *, request=None, level=logging.INFO, **fields):
    """Write one security event as one JSON line. Inside a request the client's address, the
    method, the path and the user are added; from a command, `"via": "command"`."""
    if _muted.get():
        return
    request = request or _current_request.get()
    record = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    record.update(_request_fields(request) if request is not None else {"via": "command"})
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.log(level, json.dumps(record, ensure_ascii=False, default=str))
    for sink in _sinks:
        try:
            sink(record, request=request)
        except Exception as error:  # the event is in the log line; its row must not undo the request
            sink_logger.error("security event %s not recorded by %s: %r", event, sink, error)


def log_event_on_commit(event, **fields):
    """Log once the surrounding transaction has committed: a refused change was no event."""
    request = _current_request.get()
    transaction.on_commit(lambda: log_event(event, request=request, **fields))


class SecurityEventMiddleware:
    """Makes the request known to events logged deeper down, and logs every 403 as one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        if response.status_code == 403:
            log_event(
                "denied",
                request=request,
                level=logging.WARNING,
                status=403,
                reason=getattr(request, "denied_reason", None),
            )
        return response


class WithoutForbidden(logging.Filter):
    """Django logs a refused request (403) with the exception's traceback; the security log has
    it as one line already."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 403


def on_login_failed(sender, credentials, request=None, **kwargs):
    log_event("login_failed", request=request, level=logging.WARNING, username=credentials.get("username"))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log_event("login_locked", request=request, level=logging.WARNING, username=username)


def on_logged_in(sender, request=None, user=None, **kwargs):
    log_event("login", request=request, username=user.get_username() if user else None)


def on_logged_out(sender, request=None, user=None, **kwargs):
    log_event("logout", request=request, username=user.get_username() if user else None)


def current_request():
    """The request being handled (set by SecurityEventMiddleware), or None outside one."""
    return _current_request.get()
