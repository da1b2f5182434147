"""Access to rounds, built on the rules in villages.access (the one place roles are decided)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from villages.access import access_for, office_for

from .models import InspectionRound, ScoreSheet


def round_for(request, pk, *, manage=False):
    """The round if the user may read its office (or manage it: staff and administrators)."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    office_for(request, rnd.office_id, manage=manage)
    rnd.office = rnd.office  # already loaded; keeps templates query-free
    return rnd


def judge_round_for(request, pk):
    """The round if the user is one of its judges."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    if not rnd.judges.filter(pk=request.user.pk).exists():
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
