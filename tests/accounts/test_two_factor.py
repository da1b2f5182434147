"""Two-step login for administrators (TOTP through django-otp)."""

import re

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def unthrottle(device):
    """A wrong code makes the device wait a moment before the next (django-otp's throttling)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def set_up(client, user):
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert "<svg" in page and re.search(r'data-testid="two-factor-key">[A-Z2-7]+<', page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    unthrottle(device)
    response = client.post(reverse("accounts:two-factor-setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the next login may use the same code
    return device


def test_an_administrator_without_a_device_logs_in_with_the_password(zone):
    client = Client()
    log_in(client, "admin")
    assert client.get(reverse("admin:index")).status_code == 200


def test_after_setup_an_administrator_needs_the_code(zone):
    admin = zone.users["admin"]
    client = Client()
    log_in(client, "admin")
    assert "设置两步验证" in client.get(reverse("password_change")).content.decode()
    device = set_up(client, admin)

    client = Client()
    log_in(client, "admin")
    for path in (reverse("admin:index"), reverse("inspections:zone-overview"), reverse("password_change")):
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("accounts:two-factor"), path
    response = client.post(reverse("accounts:two-factor"), {"token": "123456"})
    assert "验证码不正确或已过期" in response.content.decode()
    unthrottle(device)
    response = client.post(reverse("accounts:two-factor"), {"token": code(device)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_setting_makes_administrators_set_up_a_device(zone, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    client = Client()
    log_in(client, "admin")
    response = client.get(reverse("admin:index"))
    assert response.url == reverse("accounts:two-factor-setup")
    set_up(client, zone.users["admin"])
    assert client.get(reverse("admin:index")).status_code == 200


def test_other_accounts_are_not_asked(zone, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    client = Client()
    log_in(client, "staff")
    assert client.get(reverse("villages:office-list")).status_code == 200
    assert client.get(reverse("accounts:two-factor-setup")).status_code == 403


def test_another_administrator_can_only_delete_a_device(zone, login):
    device = TOTPDevice.objects.create(user=zone.users["staff"], name="default", confirmed=True)
    client = login(zone.users["admin"])
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_the_admin_names_devices_in_chinese(zone, login):
    page = login(zone.users["admin"]).get(reverse("admin:index")).content.decode()
    assert "两步验证设备" in page and "TOTP devices" not in page
