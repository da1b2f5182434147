"""Security events, each one JSON line on the `liangsaibi.security` logger: failed logins, refused
requests (without a traceback anywhere), round status changes, score changes after close, imports."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.models import ScoreSheet


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (events are logged once their change is committed)."""

    def _run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return _run


def test_a_failed_login_is_one_line_with_the_username_and_address(client, zone, security_log):
    client.post(reverse("login"), {"username": "staff", "password": "wrong"}, REMOTE_ADDR="198.51.100.4")
    [event] = security_log.of("login_failed")
    assert event["username"] == "staff"
    assert event["ip"] == "198.51.100.4"
    assert event["path"] == reverse("login")
    assert "wrong" not in security_log.lines[0]  # never the password
    assert len(security_log.lines[0].splitlines()) == 1


def test_a_refused_request_is_one_line_and_logs_no_traceback(client, zone, login, security_log, caplog):
    login(zone.users["other_staff"])  # 新港's staff asking for 郑港's roster of rounds
    url = reverse("inspections:round-list", args=[zone.zg.pk])
    with caplog.at_level(logging.DEBUG):
        response = client.get(url)
    assert response.status_code == 403
    [event] = security_log.of("denied")
    assert (event["status"], event["user"], event["path"], event["method"]) == (
        403,
        "other_staff",
        url,
        "GET",
    )
    assert "无权" in event["reason"]
    assert not [r for r in caplog.records if r.exc_info], "a 403 must not log a traceback"
    assert not [r for r in caplog.records if getattr(r, "status_code", None) == 403]


def test_a_refused_form_without_its_token_is_logged_as_denied(zone, security_log):
    client = Client(enforce_csrf_checks=True)
    client.force_login(zone.users["staff"])
    response = client.post(reverse("villages:roster-import"), {})
    assert response.status_code == 403
    [event] = security_log.of("denied")
    assert event["reason"].startswith("CSRF:")


def test_round_status_changes_and_a_correction_after_close_are_logged(
    round_setup, login, security_log, committed
):
    s = round_setup
    client = login(s.staff)
    status = lambda action, **data: reverse("inspections:round-status", args=[s.rnd.pk, action])  # noqa: E731
    committed(lambda: client.post(status("open")))
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    committed(lambda: client.post(status("close"), {"confirm_drafts": "on"}))
    assert [(e["before"], e["after"], e["user"]) for e in security_log.of("round_status")] == [
        ("draft", "open", "staff"),
        ("open", "closed", "staff"),
    ]
    correction = {f"c{s.c1.pk}": "7", f"c{s.c2.pk}": "9", "remark": "", "reason": "核对纸质表", "version": 1}
    committed(lambda: client.post(reverse("inspections:sheet-detail", args=[sheet.pk]), correction))
    assert ScoreSheet.objects.get(pk=sheet.pk).values[str(s.c1.pk)] == "7"
    [event] = security_log.of("score_changed_after_close")
    assert (event["sheet"], event["reason"], event["by"], event["round"]) == (
        sheet.pk,
        "核对纸质表",
        "staff",
        s.rnd.pk,
    )


def test_a_change_while_scoring_is_open_is_not_a_security_event(round_setup, security_log, committed):
    s = round_setup
    s.open()
    committed(lambda: s.sheet(s.judge_a, s.cihang, 8, 9))
    assert security_log.of("score_changed_after_close") == []


def test_an_import_is_logged_and_a_refused_one_is_not(zone, login, security_log, committed):
    client = login(zone.users["admin"])
    good = "办事处,单位,类型,党支部书记,联系电话\n郑港办事处,新建村,行政村,赵一,13800000000\n".encode()
    committed(
        lambda: client.post(reverse("villages:roster-import"), {"file": SimpleUploadedFile("r.csv", good)})
    )
    [event] = security_log.of("import")
    assert (event["kind"], event["rows"], event["villages_created"], event["user"]) == (
        "roster",
        1,
        1,
        "admin",
    )
    bad = "办事处,单位,类型,党支部书记,联系电话\n郑港办事处,坏村,不是类型,赵二,1\n".encode()
    committed(
        lambda: client.post(reverse("villages:roster-import"), {"file": SimpleUploadedFile("r.csv", bad)})
    )
    assert len(security_log.of("import")) == 1
