"""The audit chain's rules, value by value (found by mutation testing, bench/mutate.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audit import chain
from audit.models import GENESIS, AuditEvent, ChainHead


def test_append_cleans_and_cuts_every_text_and_links_to_the_head(db):
    first = chain.append("backup")
    assert (first.seq, first.prev_hash, first.details) == (1, GENESIS, {})
    row = chain.append(
        "e" * 70,
        username="u" * 160,
        address="a" * 70,
        object_type="t" * 70,
        object_id="i" * 130,
        office_id=None,
        details={"k": ["a\x01b", {"n": 1}], 2: None, "s": "x\x02y"},
    )
    row = AuditEvent.objects.get(pk=row.pk)
    assert (row.seq, row.prev_hash) == (2, first.hash)
    assert (len(row.event), len(row.username), len(row.address)) == (64, 150, 64)
    assert (len(row.object_type), len(row.object_id)) == (64, 128)
    assert row.details == {"k": ["ab", {"n": 1}], "2": None, "s": "xy"}
    assert row.hash == row.compute_hash()
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (2, row.hash)


def test_append_of_empty_texts_keeps_them_empty(db):
    row = chain.append("backup", username=None, address=None, object_type=None, object_id=None)
    row = AuditEvent.objects.get(pk=row.pk)
    assert (row.username, row.address, row.object_type, row.object_id) == ("", "", "", "")


def test_clean_leaves_other_values_alone():
    assert chain._clean(3) == 3
    assert chain._clean(None) is None
    assert chain._clean([1, "a\x00", [True]]) == [1, "a", [True]]
    assert chain._clean({1: {"x": "b\x07"}}) == {"1": {"x": "b"}}


def test_text_cuts_to_the_length():
    assert chain._text("abcdef", 3) == "abc"
    assert chain._text(None, 3) == ""
    assert chain._text(12345, 4) == "1234"


def test_broken_reads_with_its_number():
    assert str(chain.Broken(7, "原因")) == "第 7 条：原因"


def test_verify_counts_the_rows_of_an_intact_chain(db):
    assert chain.verify() == (0, None)
    for n in range(3):
        chain.append("backup", details={"n": n})
    assert chain.verify() == (3, None)


def test_verify_reports_each_break_exactly(db, tamper):
    for n in range(4):
        chain.append("backup", details={"n": n})
    tamper("DELETE FROM audit_auditevent WHERE seq = 2")
    checked, broken = chain.verify()
    assert (checked, broken.seq, broken.reason) == (1, 2, "缺失（下一条是第 3 条），记录被删除")


def test_verify_reports_a_changed_row_with_the_rows_before_it(db, tamper):
    for n in range(4):
        chain.append("backup", details={"n": n})
    tamper("UPDATE audit_auditevent SET event = 'other' WHERE seq = 3")
    checked, broken = chain.verify()
    assert (checked, broken.seq, broken.reason) == (2, 3, "内容与哈希不符，记录被改动")


def test_verify_reports_a_wrong_previous_hash(db, tamper):
    for n in range(3):
        chain.append("backup", details={"n": n})
    tamper("UPDATE audit_auditevent SET prev_hash = %s WHERE seq = 2", ["f" * 64])
    checked, broken = chain.verify()
    assert (checked, broken.seq, broken.reason) == (1, 2, "所记上一条哈希与上一条不符，链已断开")


def test_verify_reports_a_deleted_tail_with_the_heads_number(db, tamper):
    for n in range(3):
        chain.append("backup", details={"n": n})
    tamper("DELETE FROM audit_auditevent WHERE seq = 3")
    checked, broken = chain.verify()
    assert (checked, broken.seq, broken.reason) == (2, 3, "缺失（链头记到第 3 条），末尾的记录被删除")


def test_verify_catches_a_head_whose_hash_alone_differs(db):
    for n in range(2):
        chain.append("backup", details={"n": n})
    ChainHead.objects.update(hash="e" * 64)
    checked, broken = chain.verify()
    assert (checked, broken.seq) == (2, 3)


def test_verify_without_a_head_starts_from_the_genesis(db):
    row = AuditEvent(seq=1, time=timezone.now(), event="backup", details={}, prev_hash=GENESIS)
    row.hash = row.compute_hash()
    row.save()
    assert not ChainHead.objects.exists()
    assert chain.verify() == (1, None)


def test_earliest_allowed_cutoff_is_180_days_before_today():
    today = datetime.date(2026, 7, 1)
    assert chain.earliest_allowed_cutoff(today) == datetime.date(2026, 1, 2)
    assert chain.earliest_allowed_cutoff() == timezone.localdate() - datetime.timedelta(days=180)


def _row_at(monkeypatch, when, name):
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: when)
        return chain.append("backup", details={"file": name})


def test_prune_refuses_a_day_after_the_limit_with_the_message(db):
    today = datetime.date(2026, 7, 1)
    with pytest.raises(chain.PruneRefused) as refused:
        chain.prune(datetime.date(2026, 1, 3), today=today)
    assert str(refused.value) == "审计记录至少保留 180 天：只能清理 2026-01-02 及更早日期之前的记录。"


def test_prune_deletes_before_local_midnight_and_keeps_a_row_at_midnight(db, monkeypatch):
    before = timezone.localdate() - datetime.timedelta(days=200)
    midnight = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    _row_at(monkeypatch, midnight - datetime.timedelta(days=1), "old")
    last = _row_at(monkeypatch, midnight - datetime.timedelta(microseconds=1), "last")
    _row_at(monkeypatch, midnight, "kept")
    assert chain.prune(before) == 2
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [3, 4]
    head = ChainHead.objects.get(pk=1)
    assert (head.anchor_seq, head.anchor_hash, head.seq) == (2, last.hash, 4)
    prune_row = AuditEvent.objects.get(event="audit_prune")
    assert prune_row.details == {
        "via": "command",
        "before": before.isoformat(),
        "deleted": 2,
        "anchor_seq": 2,
        "anchor_hash": last.hash,
    }
    assert chain.verify() == (2, None)


def test_prune_at_the_limit_itself_is_allowed(db, monkeypatch):
    today = timezone.localdate()
    _row_at(monkeypatch, timezone.now() - datetime.timedelta(days=400), "old")
    assert chain.prune(today - datetime.timedelta(days=180), today=today) == 1


def test_prune_of_every_row_anchors_on_the_last(db, monkeypatch):
    old = timezone.now() - datetime.timedelta(days=400)
    _row_at(monkeypatch, old, "a")
    last = _row_at(monkeypatch, old, "b")
    assert chain.prune(timezone.localdate() - datetime.timedelta(days=200)) == 2
    head = ChainHead.objects.get(pk=1)
    assert (head.anchor_seq, head.anchor_hash) == (2, last.hash)
    assert list(AuditEvent.objects.values_list("seq", "event")) == [(3, "audit_prune")]
    assert chain.verify() == (1, None)


def test_prune_with_nothing_old_deletes_nothing_and_says_so(db):
    chain.append("backup")
    assert chain.prune(timezone.localdate() - datetime.timedelta(days=200)) == 0
    head = ChainHead.objects.get(pk=1)
    assert (head.anchor_seq, head.anchor_hash) == (0, GENESIS)
    row = AuditEvent.objects.get(event="audit_prune")
    assert (row.details["deleted"], row.details["anchor_seq"], row.details["anchor_hash"]) == (0, 0, GENESIS)
    assert chain.verify() == (2, None)


def test_prune_on_an_empty_chain(db):
    assert chain.prune(timezone.localdate() - datetime.timedelta(days=200)) == 0
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1]


def test_append_defaults_are_empty_and_values_json_cannot_hold_become_text(db):
    row = chain.append("backup", details={"day": datetime.date(2026, 1, 2), "n": Decimal("1.50")})
    row = AuditEvent.objects.get(pk=row.pk)
    assert (row.username, row.address, row.object_type, row.object_id) == ("", "", "", "")
    assert (row.user, row.office_id) == (None, None)
    assert row.details == {"day": "2026-01-02", "n": "1.50"}


def test_a_prune_whose_own_row_fails_says_so(db, monkeypatch):
    from config import security

    _row_at(monkeypatch, timezone.now() - datetime.timedelta(days=400), "old")
    monkeypatch.setattr(security, "_sinks", [])
    with pytest.raises(chain.PruneRefused) as refused:
        chain.prune(timezone.localdate() - datetime.timedelta(days=200))
    assert str(refused.value) == "清理记录未能写入审计链，未删除任何记录。"


def test_an_anchor_is_vouched_for_only_by_a_prune_row(db, monkeypatch, tamper):
    _row_at(monkeypatch, timezone.now() - datetime.timedelta(days=400), "old")
    chain.prune(timezone.localdate() - datetime.timedelta(days=200))
    head = ChainHead.objects.get(pk=1)
    # The prune's row replaced by another event that names the same hash: not a prune record.
    prune_row = AuditEvent.objects.get(event="audit_prune")
    tamper("UPDATE audit_auditevent SET event = 'backup' WHERE seq = %s", [prune_row.seq])
    row = AuditEvent.objects.get(seq=prune_row.seq)
    tamper("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [row.compute_hash(), row.seq])
    ChainHead.objects.update(hash=row.compute_hash())
    checked, broken = chain.verify()
    assert (checked, broken.seq, broken.reason) == (
        1,
        head.anchor_seq,
        "起点（清理后的锚点）没有对应的清理记录",
    )
