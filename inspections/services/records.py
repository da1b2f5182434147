"""What a round records beside its score sheets: bonus and deduction items, site photos and
the leaders' remarks (rectification items: inspections/rectifications.py)."""

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from config.security import log_event_on_commit

from ..models import Adjustment, InspectionRound, SitePhoto
from ..values import format_score
from .common import RoundError, clean_reason, username

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


def _check_office_bounds(rnd, adjustment):
    """A village's bonuses, and its deductions, stay within the office's bounds for the round."""
    office = rnd.office
    same_sign = Q(points__gt=0) if adjustment.points > 0 else Q(points__lt=0)
    sum_now = (
        Adjustment.objects.filter(same_sign, round=rnd, village=adjustment.village).aggregate(
            s=Sum("points")
        )["s"]
        or 0
    )
    total = sum_now + adjustment.points
    if adjustment.points > 0 and total > office.max_bonus:
        message = _("{office}规定每村加分合计不超过 {limit} 分;{village}本轮加分合计将为 {total} 分。")
        limit = office.max_bonus
    elif adjustment.points < 0 and -total > office.max_deduction:
        message = _("{office}规定每村扣分合计不超过 {limit} 分;{village}本轮扣分合计将为 {total} 分。")
        limit = office.max_deduction
    else:
        return
    raise RoundError(
        message.format(
            office=office.name,
            limit=format_score(limit),
            village=adjustment.village.name,
            total=format_score(abs(total)),
        )
    )


@transaction.atomic
def adjustment_add(*, rnd, form, user, reason=""):
    reason, after_close = _require_adjustable(rnd, reason)
    adjustment = form.save(commit=False)
    adjustment.round = rnd
    adjustment.created_by = user
    adjustment._change_reason = reason
    adjustment.full_clean()
    _check_office_bounds(rnd, adjustment)
    adjustment.save()
    if after_close:
        log_event_on_commit(
            "adjustment_added_after_close",
            round=rnd.pk,
            adjustment=adjustment.pk,
            village=adjustment.village_id,
            points=adjustment.points,
            reason=reason,
            by=username(user),
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
            by=username(user),
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


def photo_delete(*, photo):
    """Remove a photo and its files."""
    for field in (photo.image, photo.thumbnail):
        if field:
            field.delete(save=False)
    photo.delete()


# --- commentary ------------------------------------------------------------------


def commentary_add(*, rnd, form, user):
    item = form.save(commit=False)
    item.round = rnd
    item.created_by = user
    item._history_user = user
    item.save()
    return item


def commentary_delete(*, item, user):
    item._history_user = user
    item.delete()
