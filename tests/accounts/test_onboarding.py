"""Onboarding in the product: office staff make accounts for their office's people, who activate
them with a one-time code; roles change with a reason, kept in history."""

import datetime
import io
import json
import logging
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import ActivationCode, RoleChange
from tests.conftest import PASSWORD
from villages.models import Membership, PoolGuest, Secretary
from villages.roster import RosterRow, roster_import

User = get_user_model()
NEW_PASSWORD = "Gz-lsb-2022-xiangcun"


def people_url(office):
    return reverse("accounts:people", args=[office.pk])


def codes_on(response):
    """(username, code) pairs of the slips page."""
    page = response.content.decode()
    return list(
        zip(
            re.findall(r'name="username" value="([^"]+)"', page),
            re.findall(r'name="code" value="([^"]+)"', page),
            strict=True,
        )
    )


def create_secretaries(client, office, reason="按花名册开通"):
    return client.post(reverse("accounts:create-secretaries", args=[office.pk]), {"reason": reason})


def activate(client, username, code, password=NEW_PASSWORD, again=None):
    return client.post(
        reverse("accounts:activate"),
        {"username": username, "code": code, "new_password1": password, "new_password2": again or password},
    )


def test_staff_create_accounts_for_their_secretaries_only(zone, login):
    client = login(zone.users["staff"])
    assert (
        client.get(reverse("villages:office-detail", args=[zone.zg.pk]))
        .content.decode()
        .count(people_url(zone.zg))
    )
    response = create_secretaries(client, zone.zg)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    pairs = codes_on(response)
    assert len(pairs) == 1  # 谷庄村's 李春生; 慈航路社区's secretary has an account already
    tenure = Secretary.objects.get(village=zone.guzhuang, end_date__isnull=True)
    assert tenure.user.username == pairs[0][0]
    assert tenure.user.first_name == "李春生"
    assert not tenure.user.has_usable_password()
    # The code is stored only as a hash.
    stored = ActivationCode.objects.get(user=tenure.user)
    assert pairs[0][1] not in stored.code_hash
    assert len(stored.code_hash) == 64

    # 新港's secretaries are not theirs.
    assert create_secretaries(client, zone.xg).status_code == 403
    assert client.get(people_url(zone.xg)).status_code == 403
    assert Secretary.objects.get(village=zone.shidong).user is None
    # Secretaries and leaders do not manage accounts.
    for persona in ("secretary", "leader", "nobody"):
        assert login(zone.users[persona]).get(people_url(zone.zg)).status_code == 403


def test_activation_sets_the_password_once_and_the_person_logs_in(zone, login, client):
    staff = login(zone.users["staff"])
    ((username, code),) = codes_on(create_secretaries(staff, zone.zg))
    staff.logout()

    # A new account cannot log in before activation.
    assert not client.login(username=username, password=NEW_PASSWORD)
    response = activate(client, username, code, password="12345678")
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个密码太常见了" in page or "密码只包含数字" in page
    response = activate(client, username, code, password="Ab-1")
    assert "密码太短，至少需要 10 个字符" in response.content.decode()
    response = activate(client, username, code, password="Abc-12345", again="Abc-99999")
    assert "两次输入的密码不一致" in response.content.decode()

    # Lower case and full-width input are forgiven.
    typed = code.lower()[:4] + "－" + code[4:]
    response = activate(client, username, typed)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    response = client.post(reverse("login"), {"username": username, "password": NEW_PASSWORD})
    assert response.status_code == 302
    dashboard = client.get(reverse("home"), follow=True)
    assert dashboard.status_code == 200
    assert "谷庄村" in dashboard.content.decode()
    client.logout()

    # Single use.
    response = activate(client, username, code, password="Other-pass-2022x")
    assert "开通码不正确" in response.content.decode()
    assert client.login(username=username, password=NEW_PASSWORD)
    assert RoleChange.objects.filter(username=username, action=RoleChange.Action.ACTIVATE).exists()


def test_codes_expire_after_the_setting(zone, login, client, monkeypatch, settings):
    settings.ACTIVATION_CODE_DAYS = 3
    ((username, code),) = codes_on(create_secretaries(login(zone.users["staff"]), zone.zg))
    stored = ActivationCode.objects.get(user__username=username)
    assert stored.expires_at - stored.created_at == timedelta(days=3)
    later = timezone.now() + timedelta(days=3, minutes=1)
    monkeypatch.setattr(services, "now", lambda: later)
    client.logout()
    response = activate(client, username, code)
    assert response.status_code == 200
    assert "已过期" in response.content.decode()
    assert not User.objects.get(username=username).has_usable_password()


def test_wrong_codes_wear_the_code_out(zone, login, client):
    ((username, code),) = codes_on(create_secretaries(login(zone.users["staff"]), zone.zg))
    client.logout()
    for _i in range(services.MAX_FAILED_ATTEMPTS):
        activate(client, username, "AAAAAAAA")
    response = activate(client, username, code)
    assert "开通码不正确" in response.content.decode()
    assert not User.objects.get(username=username).has_usable_password()


def test_reset_invalidates_the_old_code_and_ends_sessions(zone, login, client):
    staff = login(zone.users["staff"])
    secretary = zone.users["secretary"]
    # The secretary is logged in elsewhere.
    from django.test import Client

    other = Client()
    other.force_login(secretary)
    assert other.get(reverse("villages:my-villages")).status_code == 200

    url = reverse("accounts:person", args=[zone.zg.pk, secretary.pk])
    assert staff.post(url, {"action": "reset", "reason": ""}).status_code == 302
    assert ActivationCode.objects.filter(user=secretary).count() == 0  # no reason: nothing done
    first = staff.post(url, {"action": "reset", "reason": "本人忘记密码"})
    ((_u, old_code),) = codes_on(first)
    second = staff.post(url, {"action": "reset", "reason": "开通单遗失"})
    ((_u, new_code),) = codes_on(second)
    assert old_code != new_code

    # Old sessions ended; the old password is gone.
    assert other.get(reverse("villages:my-villages")).status_code == 302
    assert not client.login(username="secretary", password=PASSWORD)
    assert "开通码不正确" in activate(client, "secretary", old_code).content.decode()
    assert activate(client, "secretary", new_code).status_code == 302
    assert client.login(username="secretary", password=NEW_PASSWORD)


def test_a_disabled_account_is_logged_out_at_its_next_request(zone, login):
    from django.test import Client

    secretary = zone.users["secretary"]
    own = Client()
    own.force_login(secretary)
    assert own.get(reverse("villages:my-villages")).status_code == 200
    staff = login(zone.users["staff"])
    url = reverse("accounts:person", args=[zone.zg.pk, secretary.pk])
    from django.contrib.sessions.models import Session

    assert any(s.get_decoded().get("_auth_user_id") == str(secretary.pk) for s in Session.objects.all())
    staff.post(url, {"action": "disable", "reason": "离任"})
    assert not any(s.get_decoded().get("_auth_user_id") == str(secretary.pk) for s in Session.objects.all())
    secretary.refresh_from_db()
    assert not secretary.is_active
    response = own.get(reverse("villages:my-villages"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Client().login(username="secretary", password=PASSWORD)
    # Enabled again, the password works again.
    staff.post(url, {"action": "enable", "reason": "误操作"})
    assert Client().login(username="secretary", password=PASSWORD)
    actions = list(RoleChange.objects.filter(person=secretary).values_list("action", "reason", "changed_by"))
    assert (RoleChange.Action.DISABLE, "离任", zone.users["staff"].pk) in actions
    assert (RoleChange.Action.ENABLE, "误操作", zone.users["staff"].pk) in actions


def test_staff_cannot_reset_or_disable_other_offices_people(zone, login):
    staff = login(zone.users["staff"])
    # 新港's secretary is not on 郑港's people page.
    url = reverse("accounts:person", args=[zone.zg.pk, zone.users["other_secretary"].pk])
    assert staff.post(url, {"action": "disable", "reason": "试试"}).status_code == 404
    assert (
        staff.post(
            reverse("accounts:person", args=[zone.xg.pk, zone.users["other_secretary"].pk]),
            {"action": "disable", "reason": "试试"},
        ).status_code
        == 403
    )
    zone.users["other_secretary"].refresh_from_db()
    assert zone.users["other_secretary"].is_active
    # Someone with a role in 新港 too is left to an administrator.
    Membership.objects.create(user=zone.users["other_staff"], role=Membership.Role.LEADER, office=zone.zg)
    url = reverse("accounts:person", args=[zone.zg.pk, zone.users["other_staff"].pk])
    response = staff.post(url, {"action": "disable", "reason": "调离"}, follow=True)
    assert "请联系系统管理员" in response.content.decode()
    zone.users["other_staff"].refresh_from_db()
    assert zone.users["other_staff"].is_active


def test_role_changes_need_a_reason_and_are_recorded(zone, login, caplog, django_capture_on_commit_callbacks):
    staff = login(zone.users["staff"])
    grant = reverse("accounts:grant", args=[zone.zg.pk])
    nobody = zone.users["nobody"]
    response = staff.post(grant, {"account": "nobody", "role": "staff", "reason": "  "})
    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    assert not Membership.objects.filter(user=nobody).exists()

    with caplog.at_level(logging.INFO, logger="liangsaibi.security"):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff.post(grant, {"account": "nobody", "role": "staff", "reason": "新任工作人员"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=nobody, role="staff", office=zone.zg).exists()
    change = RoleChange.objects.get(person=nobody, action=RoleChange.Action.GRANT)
    assert (change.role, change.reason, change.changed_by, change.office) == (
        "staff",
        "新任工作人员",
        zone.users["staff"],
        zone.zg,
    )
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "liangsaibi.security"]
    assert any(
        e["event"] == "account_grant" and e["person"] == "nobody" and e["reason"] == "新任工作人员"
        for e in events
    )

    # Secretary through the tenure, and guest judge.
    staff.post(
        grant, {"account": "nobody", "role": "secretary", "village": zone.guzhuang.pk, "reason": "补录账号"}
    )
    assert Secretary.objects.get(village=zone.guzhuang, end_date__isnull=True).user == nobody
    staff.post(
        grant, {"account": "nobody", "role": "guest_judge", "note": "区委组织部", "reason": "邀请评委"}
    )
    assert PoolGuest.objects.filter(office=zone.zg, user=nobody, note="区委组织部").exists()

    person = reverse("accounts:person", args=[zone.zg.pk, nobody.pk])
    assert "谷庄村" in staff.get(person).content.decode()
    staff.post(person, {"action": "revoke", "role": "secretary", "village": zone.guzhuang.pk, "reason": ""})
    assert Secretary.objects.get(village=zone.guzhuang, end_date__isnull=True).user == nobody
    staff.post(
        person, {"action": "revoke", "role": "secretary", "village": zone.guzhuang.pk, "reason": "录错人"}
    )
    assert Secretary.objects.get(village=zone.guzhuang, end_date__isnull=True).user is None
    staff.post(person, {"action": "revoke", "role": "guest_judge", "reason": "不再担任"})
    staff.post(person, {"action": "revoke", "role": "staff", "reason": "调离"})
    assert not Membership.objects.filter(user=nobody).exists()
    assert not PoolGuest.objects.filter(user=nobody).exists()
    history = list(
        RoleChange.objects.filter(person=nobody).order_by("id").values_list("action", "role", "reason")
    )
    assert history == [
        ("grant", "staff", "新任工作人员"),
        ("grant", "secretary", "补录账号"),
        ("grant", "guest_judge", "邀请评委"),
        ("revoke", "secretary", "录错人"),
        ("revoke", "guest_judge", "不再担任"),
        ("revoke", "staff", "调离"),
    ]
    page = staff.get(people_url(zone.zg)).content.decode()
    assert "录错人" in page and "调离" in page


def test_new_guest_judge_staff_and_leader_accounts(zone, login, client):
    staff = login(zone.users["staff"])
    url = reverse("accounts:create-person", args=[zone.zg.pk])
    response = staff.post(url, {"name": "赵\u200b评委", "role": "guest_judge", "reason": "特邀"})
    assert "看不见的字符" in response.content.decode()
    response = staff.post(
        url, {"name": " 赵评委 ", "role": "guest_judge", "note": "区委组织部", "reason": "特邀"}
    )
    ((username, code),) = codes_on(response)
    guest = User.objects.get(username=username)
    assert guest.first_name == "赵评委" and username.startswith("pw")
    assert PoolGuest.objects.filter(office=zone.zg, user=guest).exists()
    pool = staff.get(reverse("villages:judge-pool", args=[zone.zg.pk])).content.decode()
    assert "赵评委" in pool

    response = staff.post(
        url, {"name": "钱主任", "role": "leader", "username": "qianzr", "reason": "新任主任"}
    )
    ((username, _code),) = codes_on(response)
    assert username == "qianzr"
    assert Membership.objects.filter(user__username="qianzr", role="leader", office=zone.zg).exists()
    response = staff.post(url, {"name": "孙干事", "role": "staff", "username": "qianzr", "reason": "新同事"})
    assert "已被使用" in response.content.decode()

    client.logout()
    assert activate(client, guest.username, code).status_code == 302
    assert client.login(username=guest.username, password=NEW_PASSWORD)


def test_a_new_secretary_after_the_next_import(zone, login, client):
    staff = login(zone.users["staff"])
    old = zone.users["secretary"]
    rows = [RosterRow(1, "郑港办事处", "慈航路社区", "community", "周新书记", "")]
    roster_import(rows, today=datetime.date(2023, 1, 1))
    # The old secretary's access to the village ends with the tenure.
    own = login(old)
    assert own.get(reverse("villages:village-detail", args=[zone.cihang.pk])).status_code == 403
    staff = login(zone.users["staff"])
    pairs = codes_on(create_secretaries(staff, zone.zg))
    names = {User.objects.get(username=u).first_name for u, _c in pairs}
    assert names == {"周新书记", "李春生"}
    new = Secretary.objects.get(village=zone.cihang, end_date__isnull=True).user
    code = dict(pairs)[new.username]
    client.logout()
    activate(client, new.username, code)
    client.login(username=new.username, password=NEW_PASSWORD)
    assert client.get(reverse("villages:village-detail", args=[zone.cihang.pk])).status_code == 200


def test_slips_pdf_lists_the_usernames(zone, login):
    staff = login(zone.users["staff"])
    create = reverse("accounts:create-person", args=[zone.zg.pk])
    pairs = codes_on(create_secretaries(staff, zone.zg))
    pairs += codes_on(staff.post(create, {"name": "赵评委", "role": "guest_judge", "reason": "特邀"}))
    body = {"username": [u for u, _c in pairs], "code": [c for _u, c in pairs]}
    response = staff.post(reverse("accounts:slips-pdf", args=[zone.zg.pk]), body)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for username, _code in pairs:
        assert username in text
    assert "李春生" in text and "开通码" in text
    # A tampered code is not printed; another office's staff get nothing.
    response = staff.post(
        reverse("accounts:slips-pdf", args=[zone.zg.pk]), {"username": pairs[0][0], "code": "AAAAAAAA"}
    )
    assert response.status_code == 302
    other = login(zone.users["other_staff"])
    assert other.post(reverse("accounts:slips-pdf", args=[zone.zg.pk]), body).status_code == 403


def pdf_text(pdf):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def test_command_creates_one_account_per_current_secretary_and_is_idempotent(zone, tmp_path):
    target = tmp_path / "slips.pdf"
    out = io.StringIO()
    call_command(
        "create_accounts",
        "新港办事处",
        "--from-roster",
        "--slips",
        str(target),
        "--base-url",
        "https://lsb.example.org",
        stdout=out,
    )
    tenures = Secretary.objects.current().filter(village__office=zone.xg)
    assert all(t.user_id for t in tenures)
    new = tenures.get(village=zone.shidong).user
    assert new.first_name == "陈世东"
    assert tenures.get(village=zone.tianwang).user == zone.users["other_secretary"]  # kept
    assert new.username in out.getvalue()
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target.read_bytes())
    assert new.username in text
    assert "lsb.example.org" not in out.getvalue()
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, check=True).stdout.decode()
        assert re.search(r"Pages:\s+1\b", info)
    count = User.objects.count()
    out = io.StringIO()
    call_command("create_accounts", "新港办事处", "--from-roster", stdout=out)
    assert User.objects.count() == count
    assert "没有新开通的账号" in out.getvalue()
    assert (
        RoleChange.objects.filter(person=new, action=RoleChange.Action.CREATE, changed_by=None).count() == 1
    )
    with pytest.raises(CommandError):
        call_command("create_accounts", "没有这个办事处", "--from-roster")


def test_lost_slips_get_new_codes_and_the_old_ones_stop_working(zone, login, client):
    staff = login(zone.users["staff"])
    ((username, old_code),) = codes_on(create_secretaries(staff, zone.zg))
    response = staff.post(reverse("accounts:reissue", args=[zone.zg.pk]), {"reason": "开通单遗失"})
    ((again, new_code),) = codes_on(response)  # the active accounts are left alone
    assert again == username and new_code != old_code
    assert RoleChange.objects.filter(username=username, action="reset", reason="开通单遗失").exists()
    client.logout()
    assert "开通码不正确" in activate(client, username, old_code).content.decode()
    assert activate(client, username, new_code).status_code == 302


def test_people_page_in_english(zone, login):
    from tests.test_i18n import switch_to_english, visible_text

    client = login(zone.users["staff"])
    switch_to_english(client)
    text = visible_text(client.get(people_url(zone.zg)))
    for english in (
        "People and accounts",
        "Accounts for all current secretaries",
        "New account",
        "Change history",
    ):
        assert english in text
    assert "人员与账号" not in text
    text = visible_text(client.get(reverse("accounts:activate")))
    assert "Activation code" in text and "开通码" not in text


def test_one_address_trying_many_codes_is_stopped(zone, client, monkeypatch):
    from accounts import views

    monkeypatch.setattr(views, "ACTIVATION_FAILURES_PER_HOUR", 3)
    for _i in range(3):
        assert activate(client, "secretary", "AAAAAAAA").status_code == 200
    response = activate(client, "secretary", "AAAAAAAA")
    assert response.status_code == 429
    assert "输错次数过多" in response.content.decode()


def test_the_username_may_be_typed_in_capitals(zone, login, client):
    ((username, code),) = codes_on(create_secretaries(login(zone.users["staff"]), zone.zg))
    client.logout()
    assert activate(client, username.upper(), code).status_code == 302


def test_the_roster_page_points_new_secretaries_to_the_people_page(zone, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = login(zone.users["staff"])
    data = "办事处,单位,类型,党支部书记,联系电话\n郑港办事处,慈航路社区,社区,周新书记,\n".encode()
    response = staff.post(reverse("villages:roster-import"), {"file": SimpleUploadedFile("r.csv", data)})
    page = response.content.decode()
    assert 'data-testid="roster-accounts"' in page
    assert people_url(zone.zg) in page
    # The former secretary keeps the account but no longer sees the village.
    old = zone.users["secretary"]
    old.refresh_from_db()
    assert old.is_active
    assert login(old).get(reverse("villages:village-detail", args=[zone.cihang.pk])).status_code == 403


def test_the_people_page_costs_the_same_queries_for_a_larger_office(zone, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from villages.models import Village

    staff = login(zone.users["staff"])
    create_secretaries(staff, zone.zg)
    with CaptureQueriesContext(connection) as small:
        assert staff.get(people_url(zone.zg)).status_code == 200
    for n in range(10):
        village = Village.objects.create(office=zone.zg, name=f"新村{n}")
        Secretary.objects.create(village=village, name=f"书记{n}", start_date=datetime.date(2022, 1, 1))
    create_secretaries(staff, zone.zg)
    with CaptureQueriesContext(connection) as large:
        assert staff.get(people_url(zone.zg)).status_code == 200
    assert len(large) == len(small)
