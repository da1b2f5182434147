"""Write-side operations of a round: set-up, status steps, score sheets, adjustments.

Each raises `RoundError` with Chinese messages when a rule says no; nothing is half-written.
"""

from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config.security import log_event_on_commit
from villages.text import REASON_MAX, TEXT_MAX, clean_text, has_visible_text

from ..models import (
    Adjustment,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    RoundSite,
    ScoreSheet,
    SitePhoto,
)
from ..standings import standings_clear, standings_publish
from ..values import ScoreValueError, format_score, parse_score

Status = InspectionRound.Status


class RoundError(Exception):
    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class StaleSheetError(RoundError):
    """Someone saved the sheet since it was loaded; carries the newer sheet."""

    def __init__(self, sheet):
        self.sheet = sheet
        super().__init__(
            _(
                "保存未成功:这份评分表已被{user}在{time}修改。下面显示的是最新的数值,您刚才的输入列在提示中,请核对后重新保存。"
            ).format(
                user=_history_user_label(sheet),
                time=timezone.localtime(sheet.updated_at).strftime("%H:%M:%S"),
            )
        )


PROGRESS_MAX = 30000  # a rectification's running record of notes

# Published totals are stored with 8 digits, 2 after the point (Standing.total, up to 999,999.99):
# the criteria may add up to at most MAX_POSSIBLE_TOTAL (Σ maximum × weight), and a village's
# bonuses and deductions to at most ±MAX_ADJUSTMENT_TOTAL, so any total fits, with room to spare.
MAX_POSSIBLE_TOTAL = Decimal("10000")
MAX_ADJUSTMENT_TOTAL = Decimal("1000")


def possible_total(criteria):
    """The highest total the criteria allow: Σ maximum × weight."""
    return sum((c.maximum * c.weight for c in criteria), Decimal(0))


def possible_total_message(total):
    return _("各评分项“满分×权重”之和为 {total},超过上限 {limit}。请减小满分或权重。").format(
        total=format_score(total), limit=format_score(MAX_POSSIBLE_TOTAL)
    )


def clean_reason(reason):
    """A correction reason as history keeps it: clean text of at most REASON_MAX characters,
    or "" when it holds nothing visible (spaces, U+3000 or zero-width characters alone)."""
    reason = clean_text(reason)
    if not has_visible_text(reason):
        return ""
    if len(reason) > REASON_MAX:
        raise RoundError(
            _("理由最多 {n} 个字(现有 {count} 个字),请精简后重试。").format(n=REASON_MAX, count=len(reason))
        )
    return reason


def _history_user_label(sheet):
    record = sheet.history.select_related("history_user").first()
    user = record.history_user if record else None
    return (user.get_full_name() or user.username) if user else _("其他人")


# --- set-up ---------------------------------------------------------------------


@transaction.atomic
def round_create(*, office, form, user, copy_templates=True):
    rnd = form.save(commit=False)
    rnd.office = office
    rnd.created_by = user
    rnd.save()
    form.save_m2m()
    if copy_templates:
        criteria_copy_from_templates(rnd)
    return rnd


def criteria_copy_from_templates(rnd):
    templates = CriterionTemplate.objects.filter(office=rnd.office, is_active=True)
    existing = set(rnd.criteria.values_list("name", flat=True))
    Criterion.objects.bulk_create(
        [
            Criterion(
                round=rnd,
                template=t,
                name=t.name,
                description=t.description,
                stage=t.stage,
                maximum=t.maximum,
                weight=t.weight,
                decimal_places=t.decimal_places,
                sort_order=t.sort_order,
            )
            for t in templates
            if t.name not in existing
        ]
    )


def _require_draft(rnd):
    """Lock the round and check it is still a draft, so set-up can't race with opening it."""
    if not InspectionRound.objects.select_for_update().filter(pk=rnd.pk, status=Status.DRAFT).exists():
        raise RoundError(_("评分已经开始,不能再修改轮次的观摩点、评分细则和评委。"))


@transaction.atomic
def round_criteria_save(*, rnd, formset):
    _require_draft(rnd)
    for criterion in formset.save(commit=False):
        criterion.round = rnd
        criterion.save()
    for criterion in formset.deleted_objects:
        criterion.delete()


@transaction.atomic
def round_set_sites(*, rnd, villages):
    """Replace the round's sites with `villages`, in visiting order."""
    _require_draft(rnd)
    rnd.sites.all().delete()
    for order, village in enumerate(villages, start=1):
        RoundSite(round=rnd, village=village, order=order).save()


@transaction.atomic
def round_set_judges(*, rnd, judges):
    _require_draft(rnd)
    rnd.judges.set(judges)


def _username(user):
    return user.get_username() if user is not None else None


# Notes the system writes into history, stored in the office's language (Chinese) like every record;
# `history_note` shows them in the reader's language. What a person typed stays as typed.
NOTE_CLOSED = "结束评分"
NOTE_CLOSED_WITH_DRAFTS = "结束评分(有草稿未提交)"
NOTE_PUBLISHED = "发布结果"
NOTE_REVIEWED = "复核确认"
NOTE_WITHDRAWN_PREFIX = "撤回发布:"


def history_note(note):
    """A history note in the reader's language: the system's own notes translated, the reason a
    person wrote after 撤回发布 kept as written."""
    # The same words as the buttons, but a record of what happened: a context of their own.
    translated = {
        NOTE_CLOSED: pgettext("history", "结束评分"),
        NOTE_CLOSED_WITH_DRAFTS: pgettext("history", "结束评分(有草稿未提交)"),
        NOTE_PUBLISHED: pgettext("history", "发布结果"),
        NOTE_REVIEWED: pgettext("history", "复核确认"),
    }
    if note in translated:
        return translated[note]
    if note.startswith(NOTE_WITHDRAWN_PREFIX):
        return pgettext("history", "撤回发布:{reason}").format(reason=note[len(NOTE_WITHDRAWN_PREFIX) :])
    return note


def _save_status(rnd, status, user, reason=""):
    # Reasons are records shared by everyone, kept in the office's language (Chinese), not the clicker's.
    before = rnd.status
    rnd.status = status
    rnd._change_reason = reason
    rnd._history_user = user
    rnd.save(update_fields=["status", "updated_at"])
    log_event_on_commit(
        "round_status",
        round=rnd.pk,
        office=rnd.office_id,
        before=before,
        after=status,
        reason=reason or None,
        by=_username(user),
    )


@transaction.atomic
def round_open(*, rnd, user):
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_draft:
        raise RoundError(_("只有草稿状态的轮次可以开始评分。"))
    problems = []
    criteria = list(rnd.criteria.all())
    if not criteria:
        problems.append(_("还没有评分细则。"))
    elif possible_total(criteria) > MAX_POSSIBLE_TOTAL:
        problems.append(possible_total_message(possible_total(criteria)))
    if not rnd.judges.exists():
        problems.append(_("还没有指定评委。"))
    if not rnd.sites.filter(is_learning_visit=False).exists():
        problems.append(_("还没有需要评分的观摩点。"))
    if problems:
        raise RoundError([_("不能开始评分:")] + problems)
    _save_status(rnd, Status.OPEN, user)
    return rnd


@transaction.atomic
def round_close(*, rnd, user, confirm_drafts=False):
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_open:
        raise RoundError(_("只有评分中的轮次可以结束评分。"))
    drafts = list(
        rnd.sheets.filter(status=ScoreSheet.Status.DRAFT)
        .select_related("village", "judge")
        .order_by("village__sort_order")
    )
    if drafts and not confirm_drafts:
        listed = "、".join(f"{s.judge.get_full_name() or s.judge.username}({s.village.name})" for s in drafts)
        raise RoundError(
            _(
                "还有 {n} 份评分表是草稿:{listed}。草稿不计入成绩;确认仍要结束评分请勾选“草稿不计分,仍然结束”。"
            ).format(n=len(drafts), listed=listed)
        )
    _save_status(rnd, Status.CLOSED, user, NOTE_CLOSED_WITH_DRAFTS if drafts else NOTE_CLOSED)
    return rnd


@transaction.atomic
def round_publish(*, rnd, user):
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_closed:
        raise RoundError(_("只有已结束的轮次可以发布。"))
    if not rnd.sheets.filter(status=ScoreSheet.Status.SUBMITTED).exists():
        raise RoundError(_("还没有任何已提交的评分表,不能发布。"))
    _save_status(rnd, Status.PUBLISHED, user, NOTE_PUBLISHED)
    standings_publish(rnd)
    return rnd


@transaction.atomic
def round_withdraw(*, rnd, user, reason):
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_published:
        raise RoundError(_("只有已发布的轮次可以撤回。"))
    reason = clean_reason(reason)
    if not reason:
        raise RoundError(_("撤回发布必须填写理由。"))
    _save_status(rnd, Status.CLOSED, user, NOTE_WITHDRAWN_PREFIX + reason)
    standings_clear(rnd)
    return rnd


# --- score sheets ---------------------------------------------------------------


def judge_may_score(rnd, judge, village):
    """A judge scores only the round's scored sites, and never a village they are secretary of.
    Reads the annotations of `RoundQuerySet.with_scoring_rights` when `rnd` carries them."""
    if not hasattr(rnd, "is_own_village"):
        rnd = InspectionRound.objects.with_scoring_rights(judge, village).get(pk=rnd.pk)
    if not rnd.is_judge:
        return _("{judge}不是本轮评委。").format(judge=judge.get_full_name() or judge.username)
    if not rnd.is_scored_site:
        return _("{village}不是本轮的评分单位。").format(village=village.name)
    if rnd.is_own_village:
        return _("评委不能给自己担任书记的{village}打分。").format(village=village.name)
    return None


def clean_values(criteria, raw_values):
    """Parse {criterion id: raw} into ({id: Decimal}, {id: message}); blanks are left out."""
    values, errors = {}, {}
    for c in criteria:
        try:
            value = parse_score(c, raw_values.get(c.id))
        except ScoreValueError as error:
            errors[c.id] = str(error)
            continue
        if value is not None:
            values[c.id] = value
    return values, errors


def missing_criteria(criteria, values):
    return [c for c in criteria if c.id not in values]


@transaction.atomic
def sheet_save(
    *,
    rnd,
    village,
    judge,
    values,
    remark="",
    submit=False,
    actor,
    version=None,
    reason="",
    as_staff=False,
    keyed_in=True,
    criteria=None,
):
    """Save a judge's sheet. `values` are parsed Decimals keyed by criterion id.

    `version` is the sheet version the person loaded (None for a new sheet); a newer sheet in the
    database means someone else saved in between, and the save is refused (StaleSheetError).
    Staff keying in paper sheets pass `as_staff=True` and are recorded as 录入人. After the round
    is closed only staff may change a sheet, and only with a written reason. `criteria`, when the
    caller has read them, saves reading them again: they change only while a round is a draft.
    """
    rnd = InspectionRound.objects.select_for_update().with_scoring_rights(judge, village).get(pk=rnd.pk)
    reason = clean_reason(reason)
    remark = clean_text(remark)
    if len(remark) > TEXT_MAX:
        raise RoundError(_("备注最多 {n} 个字。").format(n=TEXT_MAX))
    criteria = list(rnd.criteria.all()) if criteria is None or rnd.is_draft else criteria
    problem = judge_may_score(rnd, judge, village)
    if problem:
        raise RoundError(problem)
    if rnd.is_draft:
        raise RoundError(_("本轮还没有开始评分。"))
    if rnd.is_published:
        raise RoundError(_("结果已经发布,不能修改评分表;如需更正请先撤回发布。"))
    if rnd.is_closed:
        if not as_staff:
            raise RoundError(_("评分已结束,评分表只能由办事处工作人员填写理由后更正。"))
        if not reason:
            raise RoundError(_("评分已结束,更正评分表必须填写理由。"))
    sheet = ScoreSheet.objects.select_for_update().find(rnd, village, judge)
    stored = {str(cid): format_score(v) for cid, v in values.items()}
    if (
        sheet is not None
        and sheet.values == stored
        and sheet.remark == remark
        and (sheet.is_submitted or not submit)
    ):
        return sheet  # nothing changed: a repeated submit or save is harmless
    if sheet is not None and version is not None and sheet.version != version:
        raise StaleSheetError(sheet)
    if sheet is None and version not in (None, 0):
        raise RoundError(_("这份评分表已不存在,请刷新页面。"))
    already_submitted = sheet is not None and sheet.is_submitted
    if (submit or already_submitted or rnd.is_closed) and missing_criteria(criteria, values):
        names = "、".join(c.name for c in missing_criteria(criteria, values))
        raise RoundError(_("还有评分项未填写:{names}。全部填写后才能提交。").format(names=names))
    if sheet is None:
        sheet = ScoreSheet(round=rnd, village=village, judge=judge, version=0)
    sheet.values = stored
    sheet.remark = remark
    if submit or already_submitted or rnd.is_closed:
        if not sheet.is_submitted:
            sheet.submitted_at = timezone.now()
        sheet.status = ScoreSheet.Status.SUBMITTED
    if as_staff and (keyed_in or sheet.pk is None or sheet.entered_by_id is not None):
        # Keyed in from paper (grid, workbook). A judge's own sheet corrected on its page stays
        # the judge's: the correction, with its reason, is in the sheet's history.
        sheet.entered_by = actor
    if sheet.entered_by_id is not None:
        sheet.reviewed_by = None  # a changed sheet needs a new check
        sheet.reviewed_at = None
    sheet.version += 1
    sheet._history_user = actor
    sheet._change_reason = reason
    sheet.save()
    if rnd.is_closed:
        log_event_on_commit(
            "score_changed_after_close",
            round=rnd.pk,
            sheet=sheet.pk,
            village=village.pk,
            judge=judge.pk,
            reason=reason,
            by=_username(actor),
        )
    return sheet


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
            by=_username(actor),
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


@transaction.atomic
def sheet_review(*, sheet, reviewer):
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.entered_by_id is None:
        raise RoundError(_("这份评分表由评委本人填写,不需要复核。"))
    if sheet.entered_by_id == reviewer.pk:
        raise RoundError(_("复核人不能是录入人本人,请由另一位工作人员复核。"))
    if not sheet.is_submitted:
        raise RoundError(_("草稿不能复核。"))
    if sheet.reviewed_by_id:
        return sheet
    sheet.reviewed_by = reviewer
    sheet.reviewed_at = timezone.now()
    sheet._history_user = reviewer
    sheet._change_reason = NOTE_REVIEWED
    sheet.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
    return sheet


# --- bonus and deduction items ---------------------------------------------------


def _require_adjustable(rnd, reason):
    """Checked on the round as it is now, locked, so a publish cannot slip in between.
    Returns the cleaned reason."""
    rnd = InspectionRound.objects.select_for_update().get(pk=rnd.pk)
    reason = clean_reason(reason)
    if rnd.is_published:
        raise RoundError(_("结果已经发布,不能修改加减分;如需更正请先撤回发布。"))
    if rnd.is_closed and not reason:
        raise RoundError(_("评分已结束,修改加减分必须填写更正理由。"))
    return reason, rnd.is_closed


@transaction.atomic
def adjustment_add(*, rnd, form, user, reason=""):
    reason, after_close = _require_adjustable(rnd, reason)
    adjustment = form.save(commit=False)
    adjustment.round = rnd
    adjustment.created_by = user
    adjustment._change_reason = reason
    adjustment.full_clean()
    sum_now = (
        Adjustment.objects.filter(round=rnd, village=adjustment.village).aggregate(s=Sum("points"))["s"] or 0
    )
    if abs(sum_now + adjustment.points) > MAX_ADJUSTMENT_TOTAL:
        raise RoundError(
            _("{village}的加减分合计将为 {total},超出 ±{limit}。").format(
                village=adjustment.village.name,
                total=format_score(sum_now + adjustment.points),
                limit=format_score(MAX_ADJUSTMENT_TOTAL),
            )
        )
    adjustment.save()
    if after_close:
        log_event_on_commit(
            "adjustment_added_after_close",
            round=rnd.pk,
            adjustment=adjustment.pk,
            village=adjustment.village_id,
            points=adjustment.points,
            reason=reason,
            by=_username(user),
        )
    return adjustment


@transaction.atomic
def adjustment_delete(*, adjustment, user, reason=""):
    reason, after_close = _require_adjustable(adjustment.round, reason)
    adjustment._history_user = user
    adjustment._change_reason = reason
    pk = adjustment.pk
    adjustment.delete()
    if after_close:
        log_event_on_commit(
            "adjustment_deleted_after_close",
            round=adjustment.round_id,
            adjustment=pk,
            village=adjustment.village_id,
            points=adjustment.points,
            reason=reason,
            by=_username(user),
        )


# --- photos -------------------------------------------------------------------------


def photo_add(*, rnd, village, processed, caption, user):
    return SitePhoto.objects.create(
        round=rnd,
        village=village,
        image=processed.image,
        thumbnail=processed.thumbnail,
        width=processed.width,
        height=processed.height,
        caption=caption,
        uploaded_by=user,
    )


# --- commentary and rectification ---------------------------------------------------


def commentary_add(*, rnd, form, user):
    item = form.save(commit=False)
    item.round = rnd
    item.created_by = user
    item._history_user = user
    item.save()
    return item


@transaction.atomic
def site_reveal(*, rnd, village, user):
    """亮分: show a village's total on the arena screen."""
    site = rnd.sites.select_for_update().get(village=village, is_learning_visit=False)
    if site.revealed_at is None:
        site.revealed_at = timezone.now()
        site.save(update_fields=["revealed_at"])
    return site


def photo_delete(*, photo):
    """Remove a photo and its files."""
    for field in (photo.image, photo.thumbnail):
        if field:
            field.delete(save=False)
    photo.delete()


def commentary_delete(*, item, user):
    item._history_user = user
    item.delete()
