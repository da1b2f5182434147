"""The audit trail: one row per security event, append-only, each row chained to the one before by
SHA-256 (hash = SHA-256(previous row's hash + this row's canonical content))."""

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64
AUDITOR_GROUP = "审计管理员"
RETENTION_DAYS = settings.AUDIT_RETENTION_DAYS  # 网络安全法 第二十一条: at least six months


class AppendOnlyError(Exception):
    """An audit row is never changed nor deleted (only `audit_prune` removes rows past retention)."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    time = models.DateTimeField(_("时间"), db_index=True)
    # No database constraint and nothing done when the account goes: the row keeps the name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    address = models.CharField(_("地址"), max_length=64, blank=True)
    event = models.CharField(_("事件"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=128, blank=True)
    office_id = models.BigIntegerField(_("办事处编号"), null=True, blank=True, db_index=True)
    details = models.JSONField(_("结果与详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("上一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self):
        return f"#{self.seq} {self.event}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")

    def canonical(self):
        return json.dumps(
            {
                "seq": self.seq,
                "time": self.time.astimezone(UTC).isoformat(timespec="microseconds"),
                "user": self.user_id,
                "username": self.username,
                "address": self.address,
                "event": self.event,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "office": self.office_id,
                "details": self.details,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def compute_hash(self):
        return hashlib.sha256((self.prev_hash + self.canonical()).encode()).hexdigest()


class ChainHead(models.Model):
    """A single row (pk 1): the last row's number and hash, locked by every append so appends
    form one line; and the anchor, the last row `audit_prune` removed (0 and GENESIS before)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"#{self.seq}"
