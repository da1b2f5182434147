"""A judge's score sheet: who may score what, saving it (by the judge or by staff keying in
paper), and the second person's check of a keyed-in sheet."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.security import log_event_on_commit
from villages.text import TEXT_MAX, clean_text

from ..models import InspectionRound, ScoreSheet
from ..values import ScoreValueError, format_score, parse_score
from .common import NOTE_REVIEWED, RoundError, clean_reason, username


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


def _history_user_label(sheet):
    record = sheet.history.select_related("history_user").first()
    user = record.history_user if record else None
    return (user.get_full_name() or user.username) if user else _("其他人")


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
            by=username(actor),
        )
    return sheet


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
