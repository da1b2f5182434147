"""Access to rounds, built on the rules in villages.access (the one place roles are decided)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from villages.access import Denied, access_for, office_for

from .models import InspectionRound, ScoreSheet


def round_for(request, pk, *, manage=False):
    """The round if the user may read its office (or manage it: staff and administrators)."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    office_for(request, rnd.office_id, manage=manage)
    rnd.office = rnd.office  # already loaded; keeps templates query-free
    return rnd


def judge_round_for(request, pk):
    """The round if the user is one of its judges. The open rounds they judge are among the roles
    read once per request; only another round's membership costs a query."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    judging = rnd.pk in access_for(request).judging_round_ids
    if not judging and not rnd.judges.filter(pk=request.user.pk).exists():
        raise PermissionDenied(_("您不是这一轮的评委。"))
    return rnd


def sheet_for(request, pk):
    """A score sheet: its judge and the office's staff see it; leaders once the round is published."""
    sheet = get_object_or_404(ScoreSheet.objects.select_related("round__office", "village", "judge"), pk=pk)
    access = access_for(request)
    office_id = sheet.round.office_id
    allowed = (
        sheet.judge_id == request.user.pk
        or access.can_manage_office(office_id)
        or (access.can_view_office(office_id) and sheet.round.is_published)
    )
    if not allowed:
        raise PermissionDenied(_("您无权查看这份评分表。"))
    return sheet


def may_read_results(access, rnd):
    """Every judge's figures (成绩, 计分单, the workbook): the office's readers once published;
    its staff at any time."""
    return access.can_view_office(rnd.office_id) and (
        rnd.is_published or access.can_manage_office(rnd.office_id)
    )


def may_open_board(access, rnd):
    """The 擂台榜 and 进步榜 of a round: published ones for the office and its secretaries;
    provisional ones (scoring open or closed) for the office's staff."""
    return not rnd.is_draft and access.can_view_results(rnd.office_id, published=rnd.is_published)


def results_round_for(request, pk):
    """The round if the user may read every judge's figures; else 403 with the way back."""
    rnd = round_for(request, pk)
    if not may_read_results(access_for(request), rnd):
        raise Denied(
            _("本轮成绩尚未发布。"),
            back=reverse("inspections:round-detail", args=[rnd.pk]),
            back_label=_("返回本轮概况"),
        )
    return rnd


def receipt_round_for(request, pk, village_pk):
    """The round of a village's 计分单, and whether the reader gets the secretary's version.

    The office's readers get every judge's figures (as on 成绩). A village's own secretary gets,
    once published, the version without any judge's name or sheet: secretaries never see
    individual judges' sheets (DOMAIN.md), but may check how their total was reached."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    access = access_for(request)
    if may_read_results(access, rnd):
        return rnd, False
    if village_pk in access.secretary_village_ids and not access.can_view_office(rnd.office_id):
        if not rnd.is_published:
            raise Denied(
                _("本轮成绩尚未发布。"),
                back=reverse("inspections:village-dashboard", args=[village_pk]),
                back_label=_("返回我的村"),
            )
        return rnd, True
    return results_round_for(request, pk), False


# The round's tabs: (label, url name, who may open it). Each test is the one its view applies;
# pages about scores stay out of a draft's bar, which has none yet. The labels have a context of
# their own so that translations can be short enough for a phone's tab bar.
ROUND_TABS = [
    (pgettext_lazy("round tab", "概况"), "round-detail", lambda access, rnd, manage: True),
    (
        pgettext_lazy("round tab", "成绩"),
        "round-results",
        lambda access, rnd, manage: _scored(rnd) and may_read_results(access, rnd),
    ),
    (
        pgettext_lazy("round tab", "擂台榜"),
        "leaderboard",
        lambda access, rnd, manage: may_open_board(access, rnd),
    ),
    (pgettext_lazy("round tab", "点评与整改"), "round-review", lambda access, rnd, manage: True),
    (pgettext_lazy("round tab", "加减分"), "round-adjustments", lambda access, rnd, manage: True),
    (pgettext_lazy("round tab", "照片"), "round-photos", lambda access, rnd, manage: True),
    (
        pgettext_lazy("round tab", "录入纸质表"),
        "keyin-choose",
        lambda access, rnd, manage: manage and _scored(rnd),
    ),
    (pgettext_lazy("round tab", "导入"), "round-import", lambda access, rnd, manage: manage and _scored(rnd)),
    (
        pgettext_lazy("round tab", "评委一致性"),
        "consistency",
        lambda access, rnd, manage: manage and _scored(rnd),
    ),
    (
        pgettext_lazy("round tab", "现场亮分"),
        "arena",
        lambda access, rnd, manage: manage and (rnd.is_open or rnd.is_closed),
    ),
    (
        pgettext_lazy("round tab", "导出工作簿"),
        "round-export",
        lambda access, rnd, manage: _scored(rnd) and may_read_results(access, rnd),
    ),
]


def _scored(rnd):
    return not rnd.is_draft


def round_tabs(access, rnd, path):
    """The tabs of a round page the user may open, each (label, url, active): none for someone
    who cannot read the office (a judge looking at their own sheet)."""
    if not access.can_view_office(rnd.office_id):
        return []
    manage = access.can_manage_office(rnd.office_id)
    tabs = []
    for label, name, allowed in ROUND_TABS:
        if allowed(access, rnd, manage):
            url = reverse(f"inspections:{name}", args=[rnd.pk])
            active = path == url or (name == "keyin-choose" and path.startswith(url))
            tabs.append((label, url, active, name))
    return tabs
