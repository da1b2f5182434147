"""Many sheets saved at once from a workbook, all or none, in a fixed number of queries."""

from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config.security import log_event_on_commit

from ..models import InspectionRound, ScoreSheet
from ..values import format_score
from .common import RoundError, clean_reason, username


class ImportRow(NamedTuple):
    """One sheet read from a workbook, already checked against the round's sites, judges and criteria."""

    line: int
    village: object
    judge: object
    values: dict  # {criterion id: Decimal}, every criterion filled
    version: int | None  # the sheet's version when exported; None for a row added by hand


@transaction.atomic
def sheets_import(*, rnd, criteria, rows, actor, reason):
    """Save many sheets at once as staff keying in paper (a workbook import): all or none.

    The same rules as `sheet_save` with `as_staff=True`, in a fixed number of queries: the
    sheets are locked and read in one query, written in bulk with their history. A row whose
    sheet changed since the export (another version, or a sheet where the file had none) is
    refused with both values. Returns (created, updated, unchanged).
    """
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    reason = clean_reason(reason)
    if not (rnd.is_open or rnd.is_closed):
        raise RoundError(_("只能向“评分中”或“已结束”的轮次导入评分。"))
    if rnd.is_closed and not reason:
        raise RoundError(_("评分已结束,更正评分表必须填写理由。"))
    existing = {
        (s.village_id, s.judge_id): s for s in ScoreSheet.objects.select_for_update().filter(round=rnd)
    }
    now = timezone.now()
    created, updated, unchanged, stale = [], [], 0, []
    for row in rows:
        stored = {str(cid): format_score(v) for cid, v in row.values.items()}
        sheet = existing.get((row.village.pk, row.judge.pk))
        if sheet is not None and sheet.values == stored and sheet.is_submitted:
            unchanged += 1  # nothing changed: importing the same file again is harmless
            continue
        if sheet is None and row.version is not None:
            stale.append(
                _("第 {line} 行:{village}({judge})的评分表已不存在,请重新导出。").format(
                    line=row.line, village=row.village.name, judge=_person(row.judge)
                )
            )
            continue
        if sheet is not None and sheet.version != row.version:
            stale.append(_stale_row_message(row, sheet, criteria))
            continue
        if sheet is None:
            sheet = ScoreSheet(round=rnd, village=row.village, judge=row.judge, version=0)
            created.append(sheet)
        else:
            updated.append(sheet)
        sheet.values = stored
        if not sheet.is_submitted:
            sheet.submitted_at = now
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.entered_by = actor  # keyed in from paper
        if sheet.entered_by_id is not None:
            sheet.reviewed_by = None  # a changed sheet needs a new check
            sheet.reviewed_at = None
        sheet.version += 1
        sheet.updated_at = now  # bulk writes skip auto_now
    if stale:
        raise RoundError(stale)
    history = {"default_user": actor, "default_change_reason": reason, "default_date": now}
    if created:
        bulk_create_with_history(created, ScoreSheet, **history)
    if updated:
        # What every updated sheet shares is one UPDATE; only the values differ row by row.
        shared = {"status": ScoreSheet.Status.SUBMITTED, "entered_by": actor, "updated_at": now}
        if actor is not None:
            shared.update(reviewed_by=None, reviewed_at=None)
        ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in updated]).update(
            submitted_at=Coalesce("submitted_at", Value(now)), version=F("version") + 1, **shared
        )
        bulk_update_with_history(updated, ScoreSheet, ["values"], **history)
    if rnd.is_closed and (created or updated):
        log_event_on_commit(
            "score_changed_after_close",
            round=rnd.pk,
            sheets=len(created) + len(updated),
            via_import=True,
            reason=reason,
            by=username(actor),
        )
    return len(created), len(updated), unchanged


def _person(user):
    return user.get_full_name() or user.username


def _stale_row_message(row, sheet, criteria):
    now_values = sheet.decimal_values()
    changes = [
        _("{name} 现为 {now},文件中为 {mine}").format(
            name=c.name,
            now=format_score(now_values.get(c.pk)) or _("空"),
            mine=format_score(row.values[c.pk]),
        )
        for c in criteria
        if now_values.get(c.pk) != row.values[c.pk]
    ]
    if not sheet.is_submitted:
        changes.append(_("现为草稿"))
    if row.version is None:
        message = _(
            "第 {line} 行:{village}({judge})的评分表在导出后已有人填写,没有覆盖:{changes}。请重新导出后再填写。"
        )
    else:
        message = _(
            "第 {line} 行:{village}({judge})的评分表在导出后已被修改(导出时第 {mine} 版,现为第 {now} 版),"
            "没有覆盖:{changes}。请重新导出后再填写。"
        )
    return message.format(
        line=row.line,
        village=row.village.name,
        judge=_person(row.judge),
        mine=row.version,
        now=sheet.version,
        changes=";".join(changes) or _("数值相同"),
    )
