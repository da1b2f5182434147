"""Write-side operations of rectification items (整改): every way in (pages, demo) goes through these.

整改中 → 已提交 → 已销号, or 退回 (back to 整改中 with a reason):
- staff raise an item from a round's remark in one step, or between rounds, with before photos;
- the secretary (or staff) submit the fix: a note, and an after photo or a written reason why none;
- office staff close it on evidence — a before and an after photo, or the written reason, which they
  accept explicitly — or send it back with a reason;
- at a later round's visit staff mark 现场复核 通过 / 未通过; 未通过 sends a submitted or closed item back.
Each refusal is a RoundError with Chinese messages; nothing is half-written.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.text import clean_text, has_visible_text

from .models import Commentary, InspectionRound, Rectification, RectificationCheck, RectificationPhoto
from .services.common import PROGRESS_MAX, RoundError

S = Rectification.Status
Kind = RectificationPhoto.Kind


def _person(user):
    return user.get_full_name() or user.username


def _append(item, user, text):
    """The running record (整改情况): one dated line per step, as it was written."""
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    item.progress_note = f"{item.progress_note}\n{stamp} {_person(user)}:{text}".strip()
    if len(item.progress_note) > PROGRESS_MAX:  # the running record must still fit an Excel cell
        raise RoundError(_("整改情况记录已满({n} 字),请联系办事处工作人员另行登记。").format(n=PROGRESS_MAX))


def _text(value, message):
    value = clean_text(value)
    if not has_visible_text(value):
        raise RoundError(message)
    return value


def _locked(item):
    return Rectification.objects.select_for_update().get(pk=item.pk)


def _save(item, user, reason=None):
    item._history_user = user
    item._change_reason = reason[:100] if reason else None
    item.save()
    return item


def _add_photos(item, kind, photos, user, caption=""):
    for processed in photos:
        RectificationPhoto.objects.create(
            item=item,
            kind=kind,
            image=processed.image,
            thumbnail=processed.thumbnail,
            width=processed.width,
            height=processed.height,
            caption=caption,
            uploaded_by=user,
        )


def _require_staff(as_staff):
    if not as_staff:
        raise RoundError(_("只有办事处工作人员可以销号或退回整改事项。"))


@transaction.atomic
def rectification_raise(
    *, village, problem, responsible, deadline, user, requirement="", rnd=None, source=None, photos=()
):
    """A new item (整改中): from a round (or its remark), or between rounds when `rnd` is None."""
    problem = _text(problem, _("请写明问题。"))
    responsible = _text(responsible, _("请写明责任人。"))
    if rnd is not None and rnd.office_id != village.office_id:
        raise RoundError(_("{village}不属于本轮所在的办事处。").format(village=village.name))
    raised_on = rnd.date if rnd is not None else timezone.localdate()
    if deadline < raised_on:
        raise RoundError(_("整改时限不能早于发现问题的日期({day})。").format(day=raised_on.isoformat()))
    item = Rectification(
        round=rnd,
        village=village,
        source=source,
        raised_on=raised_on,
        problem=problem,
        requirement=clean_text(requirement),
        responsible=responsible,
        deadline=deadline,
        created_by=user,
    )
    item.full_clean()
    _save(item, user)
    _add_photos(item, Kind.BEFORE, photos, user)
    return item


@transaction.atomic
def rectification_from_remark(*, remark, responsible, deadline, user, requirement="", photos=()):
    """A problem recorded in a round's remarks (点评 · 问题) becomes an item in one step."""
    # Locks the remark only: its village is an outer join (a round-wide remark has none).
    remark = (
        Commentary.objects.select_for_update(of=("self",))
        .select_related("round", "village")
        .get(pk=remark.pk)
    )
    if remark.kind != Commentary.Kind.PROBLEM or remark.village_id is None:
        raise RoundError(_("只有针对某个村(社区)的“问题”点评可以登记为整改事项。"))
    if remark.rectifications.exists():
        raise RoundError(_("这条问题已经登记为整改事项。"))
    return rectification_raise(
        village=remark.village,
        problem=remark.text,
        requirement=requirement,
        responsible=responsible,
        deadline=deadline,
        user=user,
        rnd=remark.round,
        source=remark,
        photos=photos,
    )


@transaction.atomic
def rectification_note(*, item, user, note):
    """A line in the running record, without moving the item along."""
    item = _locked(item)
    if item.is_closed:
        raise RoundError(_("该事项已销号。"))
    _append(item, user, _text(note, _("请写明整改情况。")))
    return _save(item, user)


@transaction.atomic
def rectification_add_before(*, item, user, as_staff, photos, caption=""):
    """Photos of the problem as found (staff, at the inspection or later)."""
    if not as_staff:
        raise RoundError(_("整改前照片由办事处工作人员上传。"))
    if not photos:
        raise RoundError(_("请选择照片。"))
    item = _locked(item)
    _add_photos(item, Kind.BEFORE, photos, user, caption)
    return item


@transaction.atomic
def rectification_submit(*, item, user, note, photos=(), evidence_reason="", caption=""):
    """整改中 → 已提交: the fix reported with a note, and an after photo or a written reason why none."""
    item = _locked(item)
    if item.status != S.OPEN:
        raise RoundError(
            _("该事项已销号,不需要再提交。") if item.is_closed else _("该事项已经提交,等待办事处销号。")
        )
    note = _text(note, _("请写明整改情况。"))
    evidence_reason = clean_text(evidence_reason)
    has_after = bool(photos) or item.photos.filter(kind=Kind.AFTER).exists()
    if not has_after and not has_visible_text(evidence_reason):
        raise RoundError(_("请上传整改后的照片;确实无法拍照的,请写明无照片说明。"))
    _add_photos(item, Kind.AFTER, photos, user, caption)
    if has_visible_text(evidence_reason):
        item.evidence_reason = evidence_reason
    _append(item, user, note)
    item.status = S.DONE
    item.submitted_at = timezone.now()
    return _save(item, user)


def evidence_of(item):
    """(has a before photo, has an after photo) of the item. One query."""
    kinds = set(item.photos.values_list("kind", flat=True))
    return Kind.BEFORE in kinds, Kind.AFTER in kinds


@transaction.atomic
def rectification_close(*, item, user, as_staff, note="", accept_reason=False):
    """已提交 → 已销号 (office staff), on evidence: a before and an after photo, or the written
    reason, which the closing staff member accepts explicitly."""
    _require_staff(as_staff)
    item = _locked(item)
    if item.is_closed:
        return item
    if item.status != S.DONE:
        raise RoundError(_("整改事项须由责任单位提交整改情况后才能销号。"))
    before, after = evidence_of(item)
    if not (before and after):
        if not has_visible_text(item.evidence_reason):
            missing = _("整改前照片") if not before else _("整改后照片")
            raise RoundError(
                _("缺少{missing},不能销号:请补充照片,或由责任单位写明无照片说明。").format(missing=missing)
            )
        if not accept_reason:
            raise RoundError(_("没有整改前后照片,销号须确认认可书面说明。"))
    note = clean_text(note)
    _append(item, user, _("销号。") + (note if has_visible_text(note) else ""))
    item.status = S.VERIFIED
    item.verified_by = user
    item.verified_at = timezone.now()
    return _save(item, user)


def _send_back(item, user, reason):
    item.status = S.OPEN
    item.returned_reason = reason
    item.returned_at = timezone.now()
    item.return_count += 1
    item.verified_by = None
    item.verified_at = None
    _append(item, user, _("退回:{reason}").format(reason=reason))
    return _save(item, user, reason)


@transaction.atomic
def rectification_return(*, item, user, as_staff, reason):
    """已提交 or 已销号 → 整改中 (office staff), with the reason the secretary reads."""
    _require_staff(as_staff)
    reason = _text(reason, _("退回整改事项必须写明理由。"))
    item = _locked(item)
    if item.status == S.OPEN:
        raise RoundError(_("该事项正在整改中,不需要退回。"))
    return _send_back(item, user, reason)


@transaction.atomic
def rectification_check(*, item, rnd, user, as_staff, passed, note=""):
    """现场复核 at `rnd`'s visit (the office's staff): recorded once per round, the latest mark
    standing. 未通过 sends an item that was submitted or closed back to 整改中."""
    if not as_staff:
        raise RoundError(_("只有办事处工作人员可以记录现场复核。"))
    item = _locked(item)
    rnd = InspectionRound.objects.get(pk=rnd.pk)
    if rnd.office_id != item.village.office_id or item.round_id == rnd.pk:
        raise RoundError(_("只能在之后轮次的观摩中复核本办事处的整改事项。"))
    note = clean_text(note)
    if not passed and not has_visible_text(note):
        raise RoundError(_("现场复核未通过,请写明原因。"))
    result = RectificationCheck.Result.PASSED if passed else RectificationCheck.Result.FAILED
    check, _created = RectificationCheck.objects.update_or_create(
        item=item, round=rnd, defaults={"result": result, "note": note, "checked_by": user}
    )
    if passed:
        _append(item, user, _("{period}现场复核通过。").format(period=rnd.period_label) + note)
        _save(item, user)
    elif item.status != S.OPEN:
        _send_back(item, user, _("{period}现场复核未通过:{note}").format(period=rnd.period_label, note=note))
    else:
        _append(item, user, _("{period}现场复核未通过:{note}").format(period=rnd.period_label, note=note))
        _save(item, user)
    return check


@transaction.atomic
def rectification_photo_delete(*, photo, user, as_staff):
    """Staff remove a photo added by mistake; a closed item's evidence stays."""
    if not as_staff:
        raise RoundError(_("只有办事处工作人员可以删除整改照片。"))
    if photo.item.is_closed:
        raise RoundError(_("已销号事项的佐证照片不能删除。"))
    for field in (photo.image, photo.thumbnail):
        if field:
            field.delete(save=False)
    photo.delete()
