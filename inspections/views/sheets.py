"""Staff's work on score sheets: keying in paper sheets (a grid, a workbook), correcting a sheet
after the round is closed, the second person's check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from villages.access import access_for

from .. import selectors, services, workbook
from ..access import round_for, sheet_for
from ..forms.sheets import KeyingGridForm, ScoreSheetForm, ScoresUploadForm
from ..services import RoundError, StaleSheetError
from .common import round_page, sheet_initial, show_errors, stale_conflict


@login_required
def keyin_choose(request, pk):
    rnd = round_for(request, pk, manage=True)
    return round_page(request, "inspections/keyin_choose.html", rnd, {"judges": selectors.round_judges(rnd)})


@login_required
def keyin_grid(request, pk, judge_pk):
    """Paper sheets keyed in by staff: one judge, every village, tab through."""
    rnd = round_for(request, pk, manage=True)
    judge = get_object_or_404(rnd.judges.all(), pk=judge_pk)
    criteria = list(rnd.criteria.all())
    rows, _submitted, _remaining = selectors.judge_sheets(rnd, judge)
    villages = [r["site"].village for r in rows if not r["barred"]]
    sheets = {r["site"].village_id: r["sheet"] for r in rows if r["sheet"]}
    initial = {}
    for vid, sheet in sheets.items():
        initial.update({f"v{vid}_c{cid}": value for cid, value in sheet.values.items()})
        initial[f"v{vid}_version"] = sheet.version
    form = KeyingGridForm(
        request.POST or None,
        criteria=criteria,
        villages=villages,
        sheets=sheets,
        initial=initial,
        need_reason=rnd.is_closed,
    )
    if request.method == "POST" and not (rnd.is_open or rnd.is_closed):
        messages.error(request, _("只有“评分中”或“已结束”的轮次可以录入评分。"))
    elif request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = [
                    services.sheet_save(
                        rnd=rnd,
                        village=village,
                        judge=judge,
                        values=values,
                        remark=sheets[village.pk].remark if village.pk in sheets else "",
                        submit=True,
                        actor=request.user,
                        # A blank version means the grid showed no sheet: one saved since is stale.
                        version=version if version is not None else 0,
                        reason=form.cleaned_data.get("reason", ""),
                        as_staff=True,
                    )
                    for village, values, version in form.rows
                ]
        except StaleSheetError as error:
            messages.error(
                request,
                _(
                    "没有保存:{village}的这份评分表刚被他人修改过。您的输入仍在下面;请刷新页面核对最新数值后再保存。"
                ).format(village=error.sheet.village.name),
            )
        except RoundError as error:
            show_errors(request, error)
        else:
            # A sheet whose values did not change comes back as it was: count only what changed.
            changed = sum(
                1
                for sheet, (_v, _values, version) in zip(saved, form.rows, strict=True)
                if sheet.version != (version or 0)
            )
            name = judge.get_full_name() or judge.username
            if changed:
                message = _("已保存{judge}的 {n} 份评分表(均为已提交,录入人:{me})。").format(
                    judge=name, n=changed, me=request.user.get_full_name() or request.user.username
                )
                if changed < len(saved):
                    message += _("另有 {n} 份没有改动。").format(n=len(saved) - changed)
                messages.success(request, message)
            else:
                messages.info(request, _("{judge}的评分表没有改动,无需保存。").format(judge=name))
            return redirect("inspections:keyin-grid", pk=rnd.pk, judge_pk=judge.pk)
    elif request.method == "POST":
        messages.error(request, _("有分数填写不正确,没有保存任何评分表。请修改标红的内容。"))
    return round_page(
        request,
        "inspections/keyin_grid.html",
        rnd,
        {"judge": judge, "form": form, "criteria": criteria, "sheets": sheets},
    )


@login_required
def round_import(request, pk):
    rnd = round_for(request, pk, manage=True)
    form = ScoresUploadForm(request.POST or None, request.FILES or None, need_reason=rnd.is_closed)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = workbook.import_scores(
                rnd,
                form.cleaned_data["file"].read(),
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except RoundError as error:
            problems = error.messages
            messages.error(request, _("导入失败,没有写入任何评分。请修改以下问题后重新上传。"))
        else:
            messages.success(request, _("评分已导入。"))
    return round_page(
        request, "inspections/round_import.html", rnd, {"form": form, "problems": problems, "result": result}
    )


@login_required
def sheet_detail(request, pk):
    sheet = sheet_for(request, pk)
    rnd = sheet.round
    access = access_for(request)
    can_correct = access.can_manage_office(rnd.office_id) and rnd.is_closed
    criteria = list(rnd.criteria.all())
    form = ScoreSheetForm(
        request.POST or None, criteria=criteria, initial=sheet_initial(sheet, criteria), need_reason=True
    )
    conflict = None
    if request.method == "POST":
        if not can_correct:
            raise PermissionDenied(_("只有办事处工作人员可以在评分结束后更正评分表。"))
        if form.is_valid():
            try:
                services.sheet_save(
                    rnd=rnd,
                    village=sheet.village,
                    judge=sheet.judge,
                    values=form.values,
                    remark=form.cleaned_data["remark"],
                    submit=True,
                    actor=request.user,
                    version=form.cleaned_data["version"] or 0,
                    reason=form.cleaned_data["reason"],
                    as_staff=True,
                    keyed_in=False,
                )
            except StaleSheetError as error:
                conflict = stale_conflict(request, error, criteria)
                sheet = error.sheet
                form = ScoreSheetForm(
                    criteria=criteria, initial=sheet_initial(sheet, criteria), need_reason=True
                )
            except RoundError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("评分表已更正,更正记录已保存。"))
                return redirect("inspections:sheet-detail", pk=sheet.pk)
        else:
            messages.error(request, _("有内容填写不正确,评分表没有更正。"))
    values = sheet.decimal_values()
    return round_page(
        request,
        "inspections/sheet_detail.html",
        rnd,
        {
            "sheet": sheet,
            "round": rnd,
            "rows": [(c, values.get(c.pk)) for c in criteria],
            "history": selectors.sheet_history(sheet, criteria),
            "form": form if can_correct else None,
            "conflict": conflict,
            "can_review": access.can_manage_office(rnd.office_id)
            and sheet.entered_by_id not in (None, request.user.pk)
            and not sheet.reviewed_by_id
            and sheet.is_submitted,
        },
    )


@login_required
@require_POST
def sheet_review(request, pk):
    sheet = sheet_for(request, pk)
    if not access_for(request).can_manage_office(sheet.round.office_id):
        raise PermissionDenied(_("只有办事处工作人员可以复核评分表。"))
    try:
        services.sheet_review(sheet=sheet, reviewer=request.user)
    except RoundError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("已复核确认。"))
    return redirect("inspections:sheet-detail", pk=sheet.pk)
