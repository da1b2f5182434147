"""Sessions (身份鉴别): what a login notes in its session, the idle and absolute limits, a password
that must be changed first, the login record (上次登录), one session per account.

Everything the middleware needs per request is in the session, written at login: it makes no query
of its own."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from config.security import client_ip, log_event

LOGIN_AT = "lsb_login_at"
SEEN_AT = "lsb_seen_at"
MUST_CHANGE = "lsb_password_change"  # "set" or "expired"
DEADLINE = "lsb_password_deadline"  # a timestamp, or absent
OTP_PENDING = "lsb_otp_pending"  # accounts/two_factor.py
TOUCH_EVERY = 30  # seconds: the last request's time is written at most this often


def idle_seconds():
    return int(getattr(settings, "SESSION_IDLE_MINUTES", 30) * 60)


def max_seconds():
    return getattr(settings, "SESSION_MAX_HOURS", 12) * 3600


def idle_remaining(session, now=None):
    """Seconds until the session ends for being idle (None: no idle limit)."""
    if not idle_seconds():
        return None
    now = now or time.time()
    return max(0, int(session.get(SEEN_AT, now) + idle_seconds() - now))


def note_password_state(session, user):
    from .passwords import change_reason, expiry_deadline

    session.pop(MUST_CHANGE, None)
    session.pop(DEADLINE, None)
    reason = change_reason(user)
    if reason:
        session[MUST_CHANGE] = reason
    elif (deadline := expiry_deadline(user)) is not None:
        session[DEADLINE] = deadline


def _last_login_message(request, user):
    from .models import LoginRecord

    previous = LoginRecord.objects.filter(user=user, succeeded=True).first()
    if previous is None:
        return
    failed = LoginRecord.objects.filter(
        username=user.get_username(), succeeded=False, at__gt=previous.at
    ).count()
    text = _("上次登录：{time}，地址：{address}。").format(
        time=timezone.localtime(previous.at).strftime("%Y-%m-%d %H:%M"), address=previous.address or "—"
    )
    if failed:
        text += _("此后有{n}次登录失败，如果不是您本人，请立即修改密码。").format(n=failed)
        messages.warning(request, text, fail_silently=True)
    else:
        text += _("此后没有登录失败。")
        messages.info(request, text, fail_silently=True)


def on_logged_in(sender, request=None, user=None, **kwargs):
    from .models import LoginRecord

    if request is None or user is None:
        return
    _last_login_message(request, user)
    LoginRecord.objects.create(
        user=user, username=user.get_username(), address=client_ip(request)[:64], succeeded=True
    )
    session = getattr(request, "session", None)
    if session is None:
        return
    now = time.time()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    note_password_state(session, user)
    from .two_factor import note_at_login

    note_at_login(session, user)
    if getattr(settings, "SESSION_SINGLE", False):
        from .services import end_sessions

        if session.session_key is None:
            session.save()
        ended = end_sessions(user, keep=session.session_key)
        if ended:
            log_event("sessions_ended", request=request, username=user.get_username(), sessions=ended)


def on_login_failed(sender, credentials, request=None, **kwargs):
    from .models import LoginRecord

    username = (credentials or {}).get("username")
    if not isinstance(username, str) or not username:
        return
    from villages.text import repaired

    LoginRecord.objects.create(
        username=repaired(username)[:150],
        address=client_ip(request)[:64] if request is not None else "",
        succeeded=False,
    )


class IdentityMiddleware:
    """Ends a session idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS, and sends a
    person whose password must be changed to the change page first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def _open_paths(self):
        if self._open is None:
            self._open = (
                reverse("logout"),
                reverse("password_change"),
                reverse("password_change_done"),
                reverse("accounts:logout-everywhere"),
                reverse("accounts:session-status"),
                reverse("set_language"),
                reverse("accounts:two-factor"),
                reverse("accounts:two-factor-setup"),
            )
        return self._open

    def _otp_paths(self):
        """Open before the administrator's code: logging out, the code pages, the language."""
        return (
            reverse("logout"),
            reverse("set_language"),
            reverse("accounts:session-status"),
            reverse("accounts:two-factor"),
            reverse("accounts:two-factor-setup"),
        )

    def _end(self, request, message):
        status = request.path == reverse("accounts:session-status")
        username = request.session.get("_auth_user_id")
        logout(request)
        log_event("session_expired", request=request, user_id=username, reason=message)
        if status:
            return JsonResponse({"remaining": 0, "expired": True})
        messages.info(request, message)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse("login") + ("?" + query if query else ""))

    def __call__(self, request):
        session = request.session
        if "_auth_user_id" not in session:
            return self.get_response(request)
        now = time.time()
        if LOGIN_AT not in session:  # a session from before these limits: they start now
            session[LOGIN_AT] = session[SEEN_AT] = now
        idle = idle_seconds()
        if idle and now - session.get(SEEN_AT, now) > idle:
            return self._end(
                request,
                _("超过{n}分钟没有操作，已自动退出登录，请重新登录。").format(n=idle // 60),
            )
        limit = max_seconds()
        if limit and now - session[LOGIN_AT] > limit:
            return self._end(request, _("登录已满{n}小时，请重新登录。").format(n=limit // 3600))
        is_status = request.path == reverse("accounts:session-status")
        if not is_status and now - session.get(SEEN_AT, 0) >= TOUCH_EVERY:
            session[SEEN_AT] = now
        static = "/" + settings.STATIC_URL.lstrip("/")
        pending = session.get(OTP_PENDING)
        if pending and not (request.path in self._otp_paths() or request.path.startswith(static)):
            return redirect("accounts:two-factor" if pending == "verify" else "accounts:two-factor-setup")
        reason = session.get(MUST_CHANGE)
        if not reason and session.get(DEADLINE) is not None and now >= session[DEADLINE]:
            reason = session[MUST_CHANGE] = "expired"
        if reason and not (request.path in self._open_paths() or request.path.startswith(static)):
            if reason == "set":
                messages.warning(request, _("您的密码是别人为您设置的，请先修改为只有您自己知道的密码。"))
            else:
                days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)
                messages.warning(request, _("您的密码已使用超过{n}天，请先修改密码。").format(n=days))
            return redirect("password_change")
        return self.get_response(request)
