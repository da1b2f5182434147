"""Write-side operations for villages and pledges: every way in (pages, admin, demo) uses these.

A pledge moves 草稿 → 待审核 → 已公开, or is sent back (退回, with a reason) and submitted again:
the secretary (or office staff) drafts and submits it; only office staff publish it or send it
back. A public pledge changes only through office staff, with a reason, kept as a PledgeChange
the public page shows. Each refusal is a PledgeError with a Chinese message; nothing is half-written.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.security import log_event_on_commit

from .models import Office, Pledge, PledgeChange, PledgePhoto, PledgeProgress, PoolGuest
from .text import clean_text, has_visible_text, quoted

S = Pledge.Status
# What a change to a public pledge shows, in this order.
CHANGE_FIELDS = ["year", "category", "title", "content", "measure", "deadline"]


class PledgeError(Exception):
    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


def _locked(pledge):
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _shown(pledge, name):
    value = getattr(pledge, name)
    if name == "category":
        return str(pledge.get_category_display())
    if name == "deadline":
        return value.isoformat() if value else ""
    return str(value)


@transaction.atomic
def pledge_save(*, form, village, user=None, as_staff=False, reason=""):
    """Create a draft, or change a pledge: freely while a draft or returned, not while it waits
    for review, and once public only by office staff with a reason (kept and shown publicly)."""
    pledge = form.save(commit=False)
    pledge.village = village
    if pledge.pk is None:
        pledge.status = S.DRAFT
        pledge.full_clean()
        pledge._history_user = user
        pledge.save()
        return pledge
    before = Pledge.objects.select_for_update().get(pk=pledge.pk)
    pledge.status = before.status  # the form never moves a pledge along
    if before.status == S.SUBMITTED:
        raise PledgeError(_("这条承诺正在等待审核,不能修改;如需修改请先撤回。"))
    changes = []
    if before.status == S.PUBLIC:
        if not as_staff:
            raise PledgeError(_("已公开的承诺只能由办事处工作人员修改,并须写明理由。"))
        reason = clean_text(reason)
        if not has_visible_text(reason):
            raise PledgeError(_("修改已公开的承诺必须填写修改理由。"))
        changes = [
            [str(Pledge._meta.get_field(name).verbose_name), _shown(before, name), _shown(pledge, name)]
            for name in CHANGE_FIELDS
            if _shown(before, name) != _shown(pledge, name)
        ]
        if not changes:
            return before  # nothing changed: nothing to record
    pledge.full_clean()
    pledge._history_user = user
    pledge._change_reason = reason[:100] if changes else None
    pledge.save()
    if changes:
        PledgeChange.objects.create(pledge=pledge, changed_by=user, reason=reason, fields=changes)
    return pledge


def _move(pledge, user, status, **fields):
    pledge.status = status
    for name, value in fields.items():
        setattr(pledge, name, value)
    pledge._history_user = user
    pledge.save()
    return pledge


@transaction.atomic
def pledge_submit(*, pledge, user):
    """草稿 or 退回 → 待审核."""
    pledge = _locked(pledge)
    if pledge.status == S.SUBMITTED:
        return pledge
    if not pledge.is_editable:
        raise PledgeError(_("这条承诺已经公开,不需要再提交审核。"))
    return _move(pledge, user, S.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def pledge_withdraw(*, pledge, user):
    """待审核 → 草稿: the secretary takes it back to change it."""
    pledge = _locked(pledge)
    if pledge.status != S.SUBMITTED:
        raise PledgeError(_("只有待审核的承诺可以撤回。"))
    return _move(pledge, user, S.DRAFT, submitted_at=None)


def _require_staff(as_staff):
    if not as_staff:
        raise PledgeError(_("只有办事处工作人员可以审核承诺。"))


@transaction.atomic
def pledge_publish(*, pledge, user, as_staff):
    """待审核 → 已公开 (office staff)."""
    _require_staff(as_staff)
    pledge = _locked(pledge)
    if pledge.status == S.PUBLIC:
        return pledge
    if pledge.status != S.SUBMITTED:
        raise PledgeError(_("只有提交审核的承诺可以公开。"))
    now = timezone.now()
    return _move(
        pledge, user, S.PUBLIC, reviewed_by=user, reviewed_at=now, published_at=now, return_reason=""
    )


@transaction.atomic
def pledge_return(*, pledge, user, as_staff, reason):
    """待审核 → 退回, with the reason the secretary reads (office staff)."""
    _require_staff(as_staff)
    reason = clean_text(reason)
    if not has_visible_text(reason):
        raise PledgeError(_("退回承诺必须写明理由。"))
    pledge = _locked(pledge)
    if pledge.status != S.SUBMITTED:
        raise PledgeError(_("只有提交审核的承诺可以退回。"))
    return _move(pledge, user, S.RETURNED, reviewed_by=user, reviewed_at=timezone.now(), return_reason=reason)


@transaction.atomic
def pledge_delete(*, pledge, user):
    """Drafts, returned and pending pledges may be deleted; a public one stays (it is on record)."""
    pledge = _locked(pledge)
    if pledge.status == S.PUBLIC:
        raise PledgeError(_("已公开的承诺不能删除;如有变化,请由办事处工作人员修改并写明理由。"))
    for progress in pledge.progress.all():
        for photo in progress.photos.all():
            photo_files_delete(photo)
    pledge._history_user = user
    pledge.delete()


@transaction.atomic
def pledge_progress_record(*, pledge, quarter, status, note, user, photos=(), caption=""):
    """Record the public pledge's standing for a quarter, replacing an earlier entry for it;
    `photos` (from inspections.photos.process_photo) are added to the quarter's photos."""
    if Pledge.objects.filter(pk=pledge.pk).values_list("status", flat=True).first() != S.PUBLIC:
        raise PledgeError(_("承诺公开后才能填报季度进展。"))
    progress, _created = PledgeProgress.objects.update_or_create(
        pledge=pledge,
        quarter=quarter,
        defaults={"status": status, "note": note, "updated_by": user},
    )
    for processed in photos:
        PledgePhoto.objects.create(
            progress=progress,
            image=processed.image,
            thumbnail=processed.thumbnail,
            width=processed.width,
            height=processed.height,
            caption=caption,
            uploaded_by=user,
        )
    return progress


@transaction.atomic
def pool_guest_add(*, office, user, note, added_by):
    """Name `user` a guest of the office's judge pool (评委库)."""
    guest, _created = PoolGuest.objects.get_or_create(
        office=office, user=user, defaults={"note": note, "added_by": added_by}
    )
    return guest


@transaction.atomic
def pool_guest_remove(*, guest):
    """Take a guest out of the pool; rounds they already judge keep them."""
    guest.delete()


def photo_files_delete(photo):
    for field in (photo.image, photo.thumbnail):
        if field:
            field.delete(save=False)


@transaction.atomic
def pledge_photo_delete(*, photo, user, as_staff, reason=""):
    """Remove a progress photo. A photo of a public pledge is on public record: only office staff
    remove it, with a reason, kept as a PledgeChange (who, when, why, which photo) that the
    pledge's history on the village and public pages shows, and in the security log."""
    pledge = _locked(photo.progress.pledge)
    photo = PledgePhoto.objects.select_related("progress").get(pk=photo.pk)
    if pledge.status == S.PUBLIC:
        if not as_staff:
            raise PledgeError(_("已公开承诺的进展照片只能由办事处工作人员删除，并须写明理由。"))
        reason = clean_text(reason)
        if not has_visible_text(reason):
            raise PledgeError(_("删除已公开承诺的进展照片必须写明理由。"))
        shown = _("{quarter}的照片").format(quarter=photo.progress.get_quarter_display())
        if photo.caption:
            shown += quoted(photo.caption)
        PledgeChange.objects.create(
            pledge=pledge,
            changed_by=user,
            reason=reason,
            fields=[[str(_("进展照片")), shown, str(_("已删除"))]],
        )
        log_event_on_commit(
            "pledge_photo_deleted",
            pledge=pledge.pk,
            photo=photo.pk,
            quarter=photo.progress.quarter,
            reason=reason,
            by=user.get_username() if user is not None else None,
        )
    photo_files_delete(photo)
    photo.delete()


OFFICE_SETTINGS = [
    "red_flag_threshold",
    "honour_list_size",
    "max_bonus",
    "max_deduction",
    "document_number_pattern",
]


@transaction.atomic
def office_settings_update(*, form, user):
    """Save an office's own settings; what changed, by whom, goes to the security log."""
    # The form's instance already holds the new values once validated: read the old ones stored.
    stored = Office.objects.select_for_update().get(pk=form.instance.pk)
    before = {name: str(getattr(stored, name)) for name in OFFICE_SETTINGS}
    office = form.save()
    changed = {
        name: [before[name], str(getattr(office, name))]
        for name in OFFICE_SETTINGS
        if before[name] != str(getattr(office, name))
    }
    if changed:
        log_event_on_commit(
            "office_settings_changed", office=office.pk, changes=changed, by=user.get_username()
        )
    return changed
