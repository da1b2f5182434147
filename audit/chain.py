"""Appending to, verifying and pruning the audit chain."""

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from villages.text import repaired

from .models import GENESIS, RETENTION_DAYS, AuditEvent, ChainHead


def _clean(value):
    """What JSON and the backup's XML both keep, as it reads back: text cleaned of control characters."""
    if isinstance(value, str):
        return repaired(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _text(value, length):
    return repaired(str(value or ""))[:length]


def _locked_head():
    ChainHead.objects.get_or_create(pk=1)
    return ChainHead.objects.select_for_update().get(pk=1)


def append(
    event, *, user=None, username="", address="", object_type="", object_id="", office_id=None, details=None
):
    """One row at the end of the chain. The head row is locked until the transaction ends, so two
    writers append one after the other and never from the same previous row."""
    details = _clean(json.loads(json.dumps(details or {}, ensure_ascii=False, default=str)))
    with transaction.atomic():
        head = _locked_head()
        row = AuditEvent(
            seq=head.seq + 1,
            time=timezone.now(),
            user=user,
            username=_text(username, 150),
            address=_text(address, 64),
            event=_text(event, 64),
            object_type=_text(object_type, 64),
            object_id=_text(object_id, 128),
            office_id=office_id,
            details=details,
            prev_hash=head.hash,
        )
        row.hash = row.compute_hash()
        row.save()
        head.seq, head.hash = row.seq, row.hash
        head.save(update_fields=["seq", "hash"])
    return row


@dataclass
class Broken:
    seq: int
    reason: str

    def __str__(self):
        return f"第 {self.seq} 条：{self.reason}"


def verify():
    """(rows checked, the first break or None)."""
    head = ChainHead.objects.filter(pk=1).first()
    expected_seq = (head.anchor_seq if head else 0) + 1
    expected_prev = head.anchor_hash if head else GENESIS
    checked = 0
    for row in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if row.seq != expected_seq:
            return checked, Broken(expected_seq, f"缺失（下一条是第 {row.seq} 条），记录被删除")
        if row.prev_hash != expected_prev:
            return checked, Broken(row.seq, "所记上一条哈希与上一条不符，链已断开")
        if row.compute_hash() != row.hash:
            return checked, Broken(row.seq, "内容与哈希不符，记录被改动")
        expected_prev, expected_seq = row.hash, expected_seq + 1
        checked += 1
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return checked, Broken(expected_seq, f"缺失（链头记到第 {head.seq} 条），末尾的记录被删除")
    if head is not None and head.anchor_seq:
        recorded = AuditEvent.objects.filter(event="audit_prune", details__anchor_hash=head.anchor_hash)
        if not recorded.exists():
            return checked, Broken(head.anchor_seq, "起点（清理后的锚点）没有对应的清理记录")
    return checked, None


class PruneRefused(Exception):
    pass


def earliest_allowed_cutoff(today=None):
    return (today or timezone.localdate()) - timedelta(days=RETENTION_DAYS)


def prune(before, *, today=None):
    """Delete the rows older than the date `before` (local midnight), which must be at least
    RETENTION_DAYS ago; the last deleted row's hash becomes the chain's anchor. Returns the count."""
    limit = earliest_allowed_cutoff(today)
    if before > limit:
        raise PruneRefused(
            f"审计记录至少保留 {RETENTION_DAYS} 天：只能清理 {limit.isoformat()} 及更早日期之前的记录。"
        )
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    from config.security import log_event

    with transaction.atomic():
        head = _locked_head()
        newer = (
            AuditEvent.objects.filter(time__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        )
        keep_from = newer if newer is not None else head.seq + 1
        last = AuditEvent.objects.filter(seq__lt=keep_from).order_by("-seq").first()
        deleted = 0
        if last is not None:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # the trigger lets this transaction delete
                    cursor.execute("SET LOCAL audit.allow_prune = 'on'")
            deleted = AuditEvent.objects.filter(seq__lt=keep_from)._raw_delete(connection.alias)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL audit.allow_prune = 'off'")
            head.anchor_seq, head.anchor_hash = last.seq, last.hash
            head.save(update_fields=["anchor_seq", "anchor_hash"])
        log_event(
            "audit_prune",
            before=before.isoformat(),
            deleted=deleted,
            anchor_seq=head.anchor_seq,
            anchor_hash=head.anchor_hash,
        )
        if ChainHead.objects.get(pk=1).seq == head.seq:  # the prune's own row was not written
            raise PruneRefused("清理记录未能写入审计链，未删除任何记录。")
    return deleted
