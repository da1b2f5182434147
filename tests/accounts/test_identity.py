"""身份鉴别 over HTTP: the password policy, forced changes, the login limits, 上次登录, the idle and
absolute session limits, one session per account and 退出所有设备."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts import identity
from accounts.models import LoginRecord, PasswordHistory, PasswordState
from tests.conftest import PASSWORD
from villages.models import Secretary

GOOD = "Hangkong-gang-2022"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def change(client, new, old=PASSWORD):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def errors(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab-12345", "密码太短，至少需要 10 个字符"),
        ("lowercase-only-letters", "现在只有2类；可以加上：大写字母、数字"),
        ("abcdefghijk", "现在只有1类；可以加上：大写字母、数字、符号"),
        ("Password123", "这个密码太常见了"),
        ("Other_secretary1", "密码跟 用户名 太相似了"),
    ],
)
def test_each_rule_refuses_with_a_chinese_message(zone, login, password, message):
    client = login(zone.users["other_secretary"])
    response = change(client, password)
    assert response.status_code == 200
    assert message in errors(response), errors(response)


def test_a_password_like_the_secretarys_phone_is_refused(zone, login):
    Secretary.objects.filter(user=zone.users["secretary"]).update(phone="13812345678")
    client = login(zone.users["secretary"])
    response = change(client, "Wang-13812345678")
    assert "密码跟 联系电话 太相似了" in errors(response)
    response = change(client, "Wang-xq-12345678")
    assert "密码与联系电话太相似" in errors(response)


def test_a_good_password_is_accepted_and_kept_in_the_history(zone, login):
    client = login(zone.users["staff"])
    response = change(client, GOOD)
    assert response.status_code == 302
    assert PasswordHistory.objects.filter(user=zone.users["staff"]).count() == 1
    state = PasswordState.objects.get(user=zone.users["staff"])
    assert not state.must_change


def test_the_last_five_passwords_cannot_be_chosen_again(zone, login):
    user = zone.users["staff"]
    client = login(user)
    passwords = [PASSWORD] + [f"Hangkong-{n}-xq" for n in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert change(client, new, old=old).status_code == 302
    current = passwords[-1]
    for earlier in passwords[1:]:  # the current one and the four before it
        response = change(client, earlier, old=current)
        assert "不能使用最近用过的5个密码" in errors(response), earlier
    # The sixth one back is allowed again.
    assert change(client, passwords[0], old=current).status_code == 302
    assert PasswordHistory.objects.filter(user=user).count() == 5


def test_test_users_and_first_logins_are_not_forced(zone):
    client = Client()
    assert log_in(client, "staff").status_code == 302
    assert client.get(reverse("villages:office-list")).status_code == 200


def _set_long_ago(user, days):
    PasswordState.objects.update_or_create(
        user=user,
        defaults={"changed_at": datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)},
    )


def test_an_expired_password_must_be_changed_at_the_next_login(zone, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    _set_long_ago(zone.users["staff"], 89)
    client = Client()
    log_in(client, "staff")
    assert client.get(reverse("villages:office-list")).status_code == 200
    client.post(reverse("logout"))
    _set_long_ago(zone.users["staff"], 91)
    client = Client()
    log_in(client, "staff")
    response = client.get(reverse("villages:office-list"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "您的密码已使用超过90天，请先修改密码" in page
    # Logging out stays possible; so do static files.
    assert change(client, GOOD).status_code == 302
    assert client.get(reverse("villages:office-list")).status_code == 200


def test_expiry_can_be_turned_off(zone, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    _set_long_ago(zone.users["staff"], 400)
    client = Client()
    log_in(client, "staff")
    assert client.get(reverse("villages:office-list")).status_code == 200


def test_a_password_set_by_an_administrator_must_be_changed(zone, login):
    admin = login(zone.users["admin"])
    user = zone.users["staff"]
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": GOOD, "password2": GOOD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PasswordState.objects.get(user=user).must_change
    client = Client()
    log_in(client, "staff", GOOD)
    response = client.get(reverse("villages:office-list"))
    assert response.url == reverse("password_change")
    assert "您的密码是别人为您设置的" in client.get(reverse("password_change")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    log_in(client, "staff", GOOD)
    assert change(client, "Zhengang-new-2022", old=GOOD).status_code == 302
    assert not PasswordState.objects.get(user=user).must_change
    assert client.get(reverse("villages:office-list")).status_code == 200


def test_the_demo_password_passes_the_policy_and_is_not_forced(db):
    from django.contrib.auth.password_validation import validate_password

    from villages.demo import DEMO_PASSWORD, demo_user

    validate_password(DEMO_PASSWORD, get_user_model()(username="zg_staff", first_name="张工作"))
    demo_user("zg_staff", "张工作")
    client = Client()
    assert log_in(client, "zg_staff", DEMO_PASSWORD).status_code == 302
    assert identity.MUST_CHANGE not in client.session


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10


def test_one_address_trying_every_account_is_stopped(zone, throttled):
    client = Client(REMOTE_ADDR="203.0.113.7")
    names = ["staff", "leader", "secretary", "other_staff", "nobody"]
    tries = [name for name in names for _ in range(2)]
    for name in tries[:-1]:
        assert log_in(client, name, "wrong-password").status_code == 200
    # The tenth failure from the address locks it: for every account, the right password too.
    assert log_in(client, tries[-1], "wrong-password").status_code == 429
    blocked = log_in(client, "zone_leader", PASSWORD)
    assert blocked.status_code == 429
    assert "这个网络地址登录失败的次数过多" in blocked.content.decode()
    # Another address is not affected.
    assert log_in(Client(REMOTE_ADDR="203.0.113.8"), "zone_leader").status_code == 302


def test_the_per_account_lockout_still_holds(zone, throttled):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        log_in(client, "staff", "wrong-password")
    locked = log_in(client, "staff")
    assert locked.status_code == 429
    assert "密码错误次数过多" in locked.content.decode()


def test_the_last_login_and_failures_since_are_shown(zone):
    client = Client(REMOTE_ADDR="198.51.100.4")
    log_in(client, "staff", follow=True)
    client.post(reverse("logout"))
    for _ in range(2):
        log_in(Client(REMOTE_ADDR="198.51.100.99"), "staff", "wrong")
    page = log_in(Client(REMOTE_ADDR="198.51.100.5"), "staff", follow=True).content.decode()
    assert "上次登录：" in page
    assert "地址：198.51.100.4" in page
    assert "此后有2次登录失败" in page
    assert LoginRecord.objects.filter(username="staff", succeeded=False).count() == 2
    # Once: the next page has no such message.
    again = Client(REMOTE_ADDR="198.51.100.6")
    page = log_in(again, "staff", follow=True).content.decode()
    assert "此后没有登录失败" in page
    assert "上次登录" not in again.get(reverse("villages:office-list")).content.decode()


def _age(client, **seconds):
    session = client.session
    for key, ago in seconds.items():
        session[key] = time.time() - ago
    session.save()


def test_an_idle_session_ends(zone, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = Client()
    log_in(client, "staff")
    page = client.get(reverse("villages:office-list")).content.decode()
    assert 'data-idle-seconds="1800"' in page and "js/idle.js" in page
    _age(client, **{identity.SEEN_AT: 29 * 60})
    assert client.get(reverse("villages:office-list")).status_code == 200  # and counts as activity
    _age(client, **{identity.SEEN_AT: 31 * 60})
    response = client.get(reverse("villages:office-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "超过30分钟没有操作，已自动退出登录" in page
    assert "_auth_user_id" not in client.session


def test_the_keep_alive_endpoint(zone, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = Client()
    log_in(client, "staff")
    _age(client, **{identity.SEEN_AT: 29 * 60 + 10})
    status = client.get(reverse("accounts:session-status")).json()
    assert 48 <= status["remaining"] <= 50 and not status["expired"]
    # Asking does not count as activity; the button does.
    assert client.get(reverse("accounts:session-status")).json()["remaining"] <= 50
    assert client.post(reverse("accounts:session-status")).json()["remaining"] >= 1799
    _age(client, **{identity.SEEN_AT: 31 * 60})
    assert client.get(reverse("accounts:session-status")).json() == {"remaining": 0, "expired": True}


def test_a_session_ends_after_the_absolute_limit(zone, settings):
    settings.SESSION_MAX_HOURS = 12
    client = Client()
    log_in(client, "staff")
    _age(client, **{identity.LOGIN_AT: 11 * 3600})
    assert client.get(reverse("villages:office-list")).status_code == 200
    _age(client, **{identity.LOGIN_AT: 12 * 3600 + 5})
    response = client.get(reverse("villages:office-list"))
    assert response.url.startswith(reverse("login"))
    assert "登录已满12小时，请重新登录" in client.get(response.url).content.decode()


def test_one_session_per_account_ends_the_old_one(zone, settings):
    settings.SESSION_SINGLE = True
    first, second = Client(), Client()
    log_in(first, "staff")
    log_in(Client(), "leader")
    log_in(second, "staff")
    assert first.get(reverse("villages:office-list")).status_code == 302
    assert second.get(reverse("villages:office-list")).status_code == 200


def test_several_sessions_are_allowed_by_default(zone):
    first, second = Client(), Client()
    log_in(first, "staff")
    log_in(second, "staff")
    assert first.get(reverse("villages:office-list")).status_code == 200


def test_log_out_everywhere(zone):
    phone, desk, other = Client(), Client(), Client()
    log_in(phone, "staff")
    log_in(desk, "staff")
    log_in(other, "leader")
    assert "退出所有设备上的登录" in desk.get(reverse("password_change")).content.decode()
    response = desk.post(reverse("accounts:logout-everywhere"), follow=True)
    assert "已退出所有设备上的登录" in response.content.decode()
    assert phone.get(reverse("villages:office-list")).status_code == 302
    assert desk.get(reverse("villages:office-list")).status_code == 302
    assert other.get(reverse("villages:office-list")).status_code == 200
    assert get_user_model().objects.get(username="staff").is_active


def test_createsuperuser_and_changepassword_force_a_change(db, monkeypatch):
    import sys

    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", GOOD)
    monkeypatch.setattr(sys, "argv", ["manage.py", "createsuperuser"])
    call_command("createsuperuser", interactive=False, username="root", email="root@example.org")
    root = get_user_model().objects.get(username="root")
    assert PasswordState.objects.get(user=root).must_change
    client = Client()
    log_in(client, "root", GOOD)
    assert client.get(reverse("villages:office-list")).url == reverse("password_change")


def test_a_first_login_after_activation_is_not_forced(zone, login):
    from tests.accounts.test_onboarding import NEW_PASSWORD, activate, codes_on, create_secretaries

    staff = login(zone.users["staff"])
    ((username, code),) = codes_on(create_secretaries(staff, zone.zg))
    staff.logout()
    client = Client()
    assert activate(client, username, code).status_code == 302
    state = PasswordState.objects.get(user__username=username)
    assert not state.must_change
    log_in(client, username, NEW_PASSWORD)
    assert identity.MUST_CHANGE not in client.session
    assert identity.DEADLINE in client.session  # expires PASSWORD_MAX_AGE_DAYS after activation
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("home")).get("Location") != reverse("password_change")
