"""The audit trail: security events become rows, rows cannot be changed, the chain shows tampering."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from audit import chain
from audit.models import AppendOnlyError, AuditEvent, ChainHead
from config.security import log_event, log_event_on_commit
from tests.conftest import PASSWORD


def events():
    return list(AuditEvent.objects.order_by("seq").values_list("event", flat=True))


def test_login_logout_and_a_failed_login_are_rows(client, zone):
    assert client.post(reverse("login"), {"username": "staff", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "staff", "password": PASSWORD}).status_code == 302
    client.post(reverse("logout"))
    failed, login, logout = AuditEvent.objects.order_by("seq")
    assert (failed.event, failed.username, failed.user_id, failed.address) == (
        "login_failed",
        "staff",
        None,
        "127.0.0.1",
    )
    assert (login.event, login.user, login.username) == ("login", zone.users["staff"], "staff")
    assert (logout.event, logout.user, logout.object_type) == ("logout", zone.users["staff"], "user")


def test_a_lockout_is_a_row(client, zone, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert "login_locked" in events()
    assert events().count("login_failed") == 2


def test_a_password_change_is_a_row(client, zone):
    client.force_login(zone.users["staff"])
    new = "another-pass-for-tests-456"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    row = AuditEvent.objects.get(event="password_changed")
    assert row.user == zone.users["staff"]


def test_events_on_commit_are_written_on_commit_and_plain_ones_at_once(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            log_event("backup", file="x.tar.gz")
            log_event_on_commit("round_status", round=999, before="draft", after="open")
            assert events() == ["backup"]
    assert events() == ["backup", "round_status"]
    row = AuditEvent.objects.get(event="round_status")
    assert (row.object_type, row.object_id, row.details["after"]) == ("round", "999", "open")


def test_an_office_event_carries_the_office(zone):
    from villages.models import Office

    office = Office.objects.get(name="郑港办事处")
    log_event("office_settings_changed", office=office.pk, changes={}, by="staff")
    row = AuditEvent.objects.get()
    assert (row.office_id, row.user, row.username) == (office.pk, zone.users["staff"], "staff")


def test_rows_cannot_be_changed_or_deleted_through_the_model(db):
    log_event("backup", file="a")
    row = AuditEvent.objects.get()
    row.event = "nothing"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(event="nothing")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().event == "backup"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_postgresql_trigger_refuses_update_and_delete(db):
    log_event("backup", file="a")
    for sql in ("UPDATE audit_auditevent SET event = 'x'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    assert events() == ["backup"]


def verify():
    try:
        call_command("audit_verify")
    except CommandError as error:
        return str(error)
    return "ok"


def test_verify_passes_on_an_intact_chain_and_names_an_altered_row(db, tamper):
    for n in range(5):
        log_event("backup", file=f"f{n}")
    assert verify() == "ok"
    third = AuditEvent.objects.get(seq=3)
    tamper("UPDATE audit_auditevent SET details = %s WHERE seq = 3", [json.dumps({"file": "other"})])
    assert "第 3 条：内容与哈希不符" in verify()
    assert AuditEvent.objects.get(seq=3).hash == third.hash


def test_verify_names_a_deleted_row_and_a_deleted_tail(db, tamper):
    for n in range(5):
        log_event("backup", file=f"f{n}")
    tamper("DELETE FROM audit_auditevent WHERE seq = 5")
    assert "第 5 条：缺失" in verify()
    tamper("DELETE FROM audit_auditevent WHERE seq = 2")
    assert "第 2 条：缺失" in verify()


def test_verify_catches_a_row_rewritten_with_a_fresh_hash(db, tamper):
    for n in range(3):
        log_event("backup", file=f"f{n}")
    row = AuditEvent.objects.get(seq=2)
    row.details = {"file": "forged"}
    tamper(
        "UPDATE audit_auditevent SET details = %s, hash = %s WHERE seq = 2",
        [json.dumps(row.details), row.compute_hash()],
    )
    assert "第 3 条：所记上一条哈希与上一条不符" in verify()


def _old_rows(monkeypatch, days_ago, count):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: when)
        for n in range(count):
            log_event("backup", file=f"old{days_ago}-{n}")


def test_prune_keeps_180_days_and_the_chain_verifiable(db, monkeypatch):
    _old_rows(monkeypatch, 400, 3)
    _old_rows(monkeypatch, 100, 2)
    log_event("backup", file="today")
    recent = timezone.localdate() - datetime.timedelta(days=179)
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("audit_prune", "--before", recent.isoformat())
    assert AuditEvent.objects.count() == 6

    call_command("audit_prune", "--before", (timezone.localdate() - datetime.timedelta(days=180)).isoformat())
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [4, 5, 6, 7]
    prune_row = AuditEvent.objects.get(event="audit_prune")
    head = ChainHead.objects.get()
    assert (head.anchor_seq, prune_row.details["deleted"], prune_row.details["anchor_seq"]) == (3, 3, 3)
    assert verify() == "ok"
    if connection.vendor == "postgresql":  # the permission ended with the prune's transaction
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute("DELETE FROM audit_auditevent")
    log_event("backup", file="after")
    assert verify() == "ok"


def test_a_moved_anchor_is_caught(db, monkeypatch, tamper):
    _old_rows(monkeypatch, 400, 2)
    log_event("backup", file="today")
    chain.prune(timezone.localdate() - datetime.timedelta(days=200))
    assert verify() == "ok"
    tamper("DELETE FROM audit_auditevent WHERE seq = 3")
    ChainHead.objects.update(anchor_seq=3, anchor_hash=AuditEvent.objects.get(seq=4).prev_hash)
    assert "第 3 条：起点（清理后的锚点）没有对应的清理记录" in verify()


def test_audit_export_writes_csv_and_json_lines(db, monkeypatch, capsys):
    _old_rows(monkeypatch, 10, 1)
    log_event("backup", file="=cmd()")
    call_command("audit_export", "--format", "jsonl")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["seq"] for line in lines] == [1, 2]
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    call_command("audit_export", "--since", since)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("seq,time,user_id") and len(out) == 3  # the backup and the first export
    assert AuditEvent.objects.filter(event="audit_exported").count() == 2  # each export is a row


def test_a_prune_whose_own_row_fails_deletes_nothing(db, monkeypatch):
    _old_rows(monkeypatch, 400, 2)
    from config import security

    monkeypatch.setattr(security, "_sinks", [])
    with pytest.raises(chain.PruneRefused):
        chain.prune(timezone.localdate() - datetime.timedelta(days=200))
    assert AuditEvent.objects.count() == 2 and ChainHead.objects.get().anchor_seq == 0
