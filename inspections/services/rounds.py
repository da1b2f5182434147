"""A round's set-up while it is a draft, its status steps and the arena's reveals."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.security import log_event_on_commit

from ..models import Criterion, CriterionTemplate, InspectionRound, RoundSite, ScoreSheet
from ..standings import standings_clear, standings_publish
from .common import (
    MAX_POSSIBLE_TOTAL,
    NOTE_CLOSED,
    NOTE_CLOSED_WITH_DRAFTS,
    NOTE_PUBLISHED,
    NOTE_WITHDRAWN_PREFIX,
    RoundError,
    clean_reason,
    possible_total,
    possible_total_message,
    username,
)

Status = InspectionRound.Status


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


# --- status steps -----------------------------------------------------------------


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
        by=username(user),
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


# --- the arena -------------------------------------------------------------------


@transaction.atomic
def site_reveal(*, rnd, village, user):
    """亮分: show a village's total on the arena screen."""
    site = rnd.sites.select_for_update().get(village=village, is_learning_visit=False)
    if site.revealed_at is None:
        site.revealed_at = timezone.now()
        site.save(update_fields=["revealed_at"])
    return site
