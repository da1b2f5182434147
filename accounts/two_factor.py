"""Two-step login for administrators (staff accounts of the admin site): a TOTP code from an
authenticator app (django-otp) after the password.

An administrator with a confirmed device is asked for a code after every password login; until then
every page leads to the code page (accounts/identity.py). ADMIN_TWO_FACTOR_REQUIRED: an
administrator without a device must set one up first."""

import io
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.security import log_event
from villages.text import CleanTextMixin

from .identity import OTP_PENDING as PENDING  # "verify" (enter a code) or "setup" (set one up first)


def is_administrator(user):
    return user.is_active and (user.is_staff or user.is_superuser)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def note_at_login(session, user):
    session.pop(PENDING, None)
    if not is_administrator(user):
        return
    if confirmed_device(user) is not None:
        session[PENDING] = "verify"
    elif getattr(settings, "ADMIN_TWO_FACTOR_REQUIRED", False):
        session[PENDING] = "setup"


class TokenForm(CleanTextMixin, forms.Form):
    token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("身份验证器应用中显示的 6 位数字。"),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        verified = self.device.verify_is_allowed()[0] and self.device.verify_token(token)
        if not verified:
            raise forms.ValidationError(_("验证码不正确或已过期，请输入应用中当前显示的数字。"))
        return token


def _qr_svg(text):
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        out, kind="svg", scale=4, border=4, xmldecl=False, nl=False, svgclass="qr-code", lineclass=None
    )
    return mark_safe(out.getvalue().decode())


@sensitive_post_parameters("token")
@never_cache
@login_required
def verify(request):
    """The code after the password (an administrator with a device)."""
    device = confirmed_device(request.user)
    if device is None or request.session.get(PENDING) != "verify":
        return redirect("home")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            django_otp.login(request, device)
            request.session.pop(PENDING, None)
            log_event("two_factor_verified", request=request)
            return redirect("home")
        log_event("two_factor_failed", request=request)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@sensitive_post_parameters("token")
@never_cache
@login_required
def setup(request):
    """An administrator sets up an authenticator app: scan the code, type one code to confirm."""
    if not is_administrator(request.user):
        raise PermissionDenied
    if request.session.get(PENDING) == "verify":
        return redirect("accounts:two-factor")
    existing = confirmed_device(request.user)
    device = None
    if existing is None:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None, device=device) if device else None
    if request.method == "POST" and form is not None and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        request.session.pop(PENDING, None)
        log_event("two_factor_enabled", request=request)
        messages.success(request, _("已启用两步验证：以后每次登录都要输入身份验证器中的验证码。"))
        return redirect("password_change")
    context = {"form": form, "enabled": existing is not None}
    if device is not None:
        context["qr"] = _qr_svg(device.config_url)
        context["key"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_setup.html", context)
