"""The judge's pages: their rounds, their sheets of a round, the phone-first score sheet."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.access import access_for
from villages.models import Village

from .. import selectors, services
from ..access import judge_round_for
from ..forms.sheets import ScoreSheetForm
from ..models import InspectionRound, ScoreSheet
from ..offline import criteria_version
from ..services import RoundError, StaleSheetError
from .common import sheet_initial, show_errors, stale_conflict


def offline_page(view):
    """A judging page the phone may keep for scoring offline: it names its user, so the service
    worker keeps only pages of the user it was registered for (inspections/views/offline.py)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_authenticated:
            response["X-Offline-User"] = str(request.user.pk)
            # Kept by the service worker, never by the browser's HTTP cache.
            response["Cache-Control"] = "private, no-cache"
        return response

    return wrapper


@login_required
@offline_page
def judging(request):
    rounds = sorted(
        InspectionRound.objects.filter(judges=request.user).select_related("office"),
        key=lambda r: (not r.is_open, -r.year, -r.quarter),
    )
    return render(request, "inspections/judging.html", {"rounds": rounds})


@login_required
@offline_page
def judge_round(request, pk):
    rnd = judge_round_for(request, pk)
    rows, submitted, remaining = selectors.judge_sheets(rnd, request.user)
    return render(
        request,
        "inspections/judge_round.html",
        {"round": rnd, "rows": rows, "submitted": submitted, "remaining": remaining},
    )


def _sheet_context(rnd, village, judge):
    context = selectors.judge_position(rnd, judge, village)
    if context is None:
        raise PermissionDenied(services.judge_may_score(rnd, judge, village) or _("不能给该单位打分。"))
    return context


def _ready_to_save(request, form):
    """Valid, and on submit with every criterion filled. Blanks are marked together with the
    other errors, so one submit shows everything to fix."""
    form.is_valid()
    if "submit" in request.POST:
        form.require_every_criterion()
    return not form.errors


@login_required
@offline_page
def score_sheet(request, pk, village_pk):
    """The phone-first form: one village at a time, in visiting order.

    A POST that saves does only what saving needs (the service checks who may score what) and
    redirects; the page's context (every site and sheet of the judge) is built only to show it."""
    rnd = judge_round_for(request, pk)
    village = get_object_or_404(Village, pk=village_pk)
    criteria = list(rnd.criteria.all())
    sheet = None
    form = ScoreSheetForm(request.POST or None, criteria=criteria)
    conflict = None
    if request.method == "POST" and not rnd.is_open:
        messages.error(request, _("本轮当前不在评分中,评分表没有保存。您的输入仍保留在本页。"))
    elif request.method == "POST" and _ready_to_save(request, form):
        submit = "submit" in request.POST
        try:
            sheet = services.sheet_save(
                rnd=rnd,
                village=village,
                judge=request.user,
                values=form.values,
                remark=form.cleaned_data["remark"],
                submit=submit,
                actor=request.user,
                version=form.cleaned_data["version"] or 0,
                criteria=criteria,
            )
        except StaleSheetError as error:
            conflict = stale_conflict(request, error, criteria)
            sheet = error.sheet
            form = ScoreSheetForm(criteria=criteria, initial=sheet_initial(sheet, criteria))
        except RoundError as error:
            show_errors(request, error)
        else:
            return _after_save(request, rnd, village, sheet, submit)
    elif request.method == "POST":
        messages.error(request, _("有分数未填或填写不正确,评分表没有保存。请修改标红的内容。"))
    context = _sheet_context(rnd, village, request.user)
    if sheet is None:
        sheet = ScoreSheet.objects.find(rnd, village, request.user)
        if request.method != "POST":
            form = ScoreSheetForm(criteria=criteria, initial=sheet_initial(sheet, criteria))
    saved = sheet.values if sheet else {}
    return render(
        request,
        "inspections/score_sheet.html",
        {
            "round": rnd,
            "village": village,
            "sheet": sheet,
            "form": form,
            "conflict": conflict,
            "criteria": criteria,
            "criteria_version": criteria_version(criteria),
            "storage_key": f"lsb-sheet-{rnd.pk}-{village.pk}-{request.user.pk}",
            # Last time's items first: the group checks them on site (staff mark 现场复核 here).
            "recheck": selectors.recheck_items(rnd, today=timezone.localdate(), village_ids=[village.pk]).get(
                village.pk, []
            ),
            "can_check": access_for(request).can_manage_office(rnd.office_id),
            # A guest judge reads the items here but may not open their pages.
            "no_item_link": not (
                access_for(request).can_view_office(rnd.office_id)
                or village.pk in access_for(request).secretary_village_ids
            ),
            "today": timezone.localdate(),
            "saved_json": json.dumps(
                {f"c{k}": v for k, v in saved.items()} | {"remark": sheet.remark if sheet else ""}
            ),
            **context,
        },
    )


def _after_save(request, rnd, village, sheet, submit):
    """Where a judge goes after saving: on to the next village they may score after a submit."""
    if not sheet.is_submitted:
        messages.success(request, _("草稿已保存。"))
        return redirect("inspections:score-sheet", pk=rnd.pk, village_pk=village.pk)
    messages.success(request, _("{village}的评分表已提交。").format(village=village.name))
    next_village = selectors.next_village_to_score(rnd, request.user, village) if submit else None
    if next_village:
        return redirect("inspections:score-sheet", pk=rnd.pk, village_pk=next_village)
    if submit:
        _rows, _done, remaining = selectors.judge_sheets(rnd, request.user)
        if not remaining:
            messages.success(request, _("本轮您的评分表已全部提交,谢谢!"))
    return redirect("inspections:score-sheet", pk=rnd.pk, village_pk=village.pk)
