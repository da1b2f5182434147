import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.media import media_response
from villages.access import access_for, office_for
from villages.models import Village
from villages.selectors import judge_pool

from .. import selectors, services, workbook
from ..access import judge_round_for, receipt_round_for, results_round_for, round_for, sheet_for
from ..forms.records import AdjustmentForm, PhotoForm
from ..forms.rounds import (
    CloseRoundForm,
    CriterionFormSet,
    CriterionTemplateFormSet,
    JudgesForm,
    ReasonForm,
    RoundCreateForm,
    RoundForm,
    SitesForm,
)
from ..forms.sheets import KeyingGridForm, ScoreSheetForm, ScoresUploadForm
from ..models import Adjustment, CriterionTemplate, InspectionRound, ScoreSheet, SitePhoto
from ..photo_access import MISSING, PUBLIC, REFUSED, photo_verdict
from ..services import RoundError, StaleSheetError


def _round_page(request, template, rnd, context):
    """Render a page of the round's section; its content needs to know whether the user manages the office."""
    access = access_for(request)
    context.setdefault("can_manage", access.can_manage_office(rnd.office_id))
    return render(request, template, {"round": rnd, **context})


def photo_file(request, name):
    """An uploaded photo or its thumbnail, for those who may see the record it belongs to
    (inspections.photo_access); a photo of a public pledge for anyone."""
    verdict = photo_verdict(access_for(request), name)
    if verdict == MISSING:
        raise Http404(name)
    if verdict == REFUSED:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("您无权查看这张照片。"))
    response = media_response(name)
    if verdict == PUBLIC:
        response["Cache-Control"] = "public, max-age=86400"
    return response


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- rounds ---------------------------------------------------------------------


@login_required
def round_list(request, office_pk):
    office = office_for(request, office_pk)
    return render(
        request,
        "inspections/round_list.html",
        {
            "office": office,
            "rounds": selectors.rounds_for_office(office),
            "can_manage": access_for(request).can_manage_office(office.pk),
        },
    )


@login_required
def round_create(request, office_pk):
    office = office_for(request, office_pk, manage=True)
    form = RoundCreateForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        rnd = services.round_create(
            office=office, form=form, user=request.user, copy_templates=form.cleaned_data["copy_templates"]
        )
        messages.success(request, _("已创建“{title}”。下一步:选择观摩点和评委。").format(title=rnd.title))
        return redirect("inspections:round-sites", pk=rnd.pk)
    return render(request, "inspections/round_form.html", {"form": form, "office": office})


@login_required
def round_edit(request, pk):
    rnd = round_for(request, pk, manage=True)
    if not rnd.is_draft:
        messages.error(request, _("评分已经开始,不能再修改轮次信息。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    form = RoundForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("轮次信息已保存。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    return render(request, "inspections/round_form.html", {"form": form, "office": rnd.office, "round": rnd})


@login_required
def round_detail(request, pk):
    rnd = round_for(request, pk)
    access = access_for(request)
    return _round_page(
        request,
        "inspections/round_detail.html",
        rnd,
        {
            "round": rnd,
            "criteria": list(rnd.criteria.all()),
            "judges": selectors.round_judges(rnd),
            "progress": _with_recheck(rnd, selectors.round_progress(rnd)),
            "today": timezone.localdate(),
            "can_manage": access.can_manage_office(rnd.office_id),
            "close_form": CloseRoundForm(),
            "withdraw_form": ReasonForm(),
            "history": rnd.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def _with_recheck(rnd, progress):
    """Each scored site with the items its visit checks again (现场复核)."""
    items = selectors.recheck_items(rnd, today=timezone.localdate())
    for p in progress:
        p["recheck"] = [] if p["site"].is_learning_visit else items.get(p["site"].village_id, [])
    return progress


@login_required
def round_criteria(request, pk):
    rnd = round_for(request, pk, manage=True)
    if not rnd.is_draft:
        messages.error(request, _("评分已经开始,不能再修改评分细则。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    formset = CriterionFormSet(request.POST or None, queryset=rnd.criteria.all())
    if request.method == "POST" and formset.is_valid():
        try:
            services.round_criteria_save(rnd=rnd, formset=formset)
        except RoundError as error:
            _errors(request, error)
            return redirect("inspections:round-detail", pk=rnd.pk)
        messages.success(request, _("评分细则已保存。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    return render(
        request,
        "inspections/criteria_form.html",
        {"formset": formset, "round": rnd, "office": rnd.office, "title": _("本轮评分细则")},
    )


@login_required
def office_templates(request, office_pk):
    office = office_for(request, office_pk, manage=True)
    formset = CriterionTemplateFormSet(
        request.POST or None, queryset=CriterionTemplate.objects.filter(office=office)
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for template in formset.save(commit=False):
                template.office = office
                template.save()
            for template in formset.deleted_objects:
                template.delete()
        messages.success(request, _("评分细则模板已保存。已有轮次的评分细则不受影响。"))
        return redirect("inspections:round-list", office_pk=office.pk)
    return render(
        request,
        "inspections/criteria_form.html",
        {"formset": formset, "office": office, "title": _("评分细则模板")},
    )


@login_required
def round_sites(request, pk):
    rnd = round_for(request, pk, manage=True)
    if not rnd.is_draft:
        messages.error(request, _("评分已经开始,不能再修改观摩点。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    own = Village.objects.filter(office=rnd.office)
    others = Village.objects.exclude(office=rnd.office).select_related("office")
    current = {s.village_id: s.order for s in rnd.sites.all()}
    form = SitesForm(
        request.POST or None, own_villages=own, other_villages=others, current=current, office=rnd.office
    )
    if request.method == "POST" and form.is_valid():
        services.round_set_sites(rnd=rnd, villages=form.ordered_villages)
        messages.success(request, _("观摩点已保存。"))
        return redirect("inspections:round-judges", pk=rnd.pk)
    return _round_page(request, "inspections/round_sites.html", rnd, {"form": form, "round": rnd})


@login_required
def round_judges(request, pk):
    rnd = round_for(request, pk, manage=True)
    if not rnd.is_draft:
        messages.error(request, _("评分已经开始,不能再修改评委。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    current = list(rnd.judges.all())
    form = JudgesForm(
        request.POST or None, pool=judge_pool(rnd.office), current=current, initial={"judges": current}
    )
    if request.method == "POST" and form.is_valid():
        services.round_set_judges(rnd=rnd, judges=form.cleaned_data["judges"])
        messages.success(request, _("评委已保存。"))
        return redirect("inspections:round-detail", pk=rnd.pk)
    return _round_page(request, "inspections/round_judges.html", rnd, {"form": form, "round": rnd})


def _warn_missing_sheets(request, rnd):
    short = selectors.villages_short_of_sheets(rnd)
    if short:
        listed = "、".join(f"{p['site'].village.name}({p['submitted']}/{p['expected']})" for p in short)
        messages.warning(
            request, _("注意:以下单位的评分表未交齐,按已提交的评分表计分:{listed}").format(listed=listed)
        )


@login_required
@require_POST
def round_status(request, pk, action):
    rnd = round_for(request, pk, manage=True)
    try:
        if action == "open":
            services.round_open(rnd=rnd, user=request.user)
            messages.success(request, _("已开始评分。评委现在可以在手机上填写评分表。"))
        elif action == "close":
            form = CloseRoundForm(request.POST)
            form.is_valid()
            services.round_close(
                rnd=rnd, user=request.user, confirm_drafts=form.cleaned_data.get("confirm_drafts")
            )
            messages.success(request, _("已结束评分。之后更正评分表须填写理由。"))
            _warn_missing_sheets(request, rnd)
        elif action == "publish":
            services.round_publish(rnd=rnd, user=request.user)
            messages.success(request, _("结果已发布。"))
            _warn_missing_sheets(request, rnd)
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            # The service cleans and checks the reason (visible text, length) and says what is wrong.
            reason = form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")
            services.round_withdraw(rnd=rnd, user=request.user, reason=reason)
            messages.success(request, _("已撤回发布,轮次回到“已结束”。"))
        else:
            raise Http404
    except RoundError as error:
        _errors(request, error)
    return redirect("inspections:round-detail", pk=rnd.pk)


@login_required
def round_results(request, pk):
    rnd = results_round_for(request, pk)
    criteria, rows = selectors.round_results(rnd)
    return _round_page(request, "inspections/round_results.html", rnd, {"criteria": criteria, "rows": rows})


@login_required
def score_receipt(request, pk, village_pk):
    rnd, for_secretary = receipt_round_for(request, pk, village_pk)
    criteria, rows = selectors.round_results(rnd)
    row = next((r for r in rows if r.village.pk == village_pk), None)
    if row is None:
        raise Http404
    return render(
        request,
        "inspections/score_receipt.html",
        {
            "round": rnd,
            "criteria": criteria,
            "row": row,
            "formula": selectors.receipt_formula(row.result),
            "means": list(zip(criteria, row.criterion_means, strict=True)),
            "total_count": len(rows),
            "for_secretary": for_secretary,
            "can_open_sheets": access_for(request).can_manage_office(rnd.office_id) or rnd.is_published,
            # Names of judges are for the office's readers only.
            "missing_judges": [] if for_secretary else selectors.judges_without_sheet(rnd, row.village),
        },
    )


@login_required
def round_export(request, pk):
    rnd = results_round_for(request, pk)
    response = HttpResponse(
        workbook.export_round(rnd),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="round-{rnd.pk}-{rnd.year}Q{rnd.quarter}.xlsx"'
    return response


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
    return _round_page(
        request, "inspections/round_import.html", rnd, {"form": form, "problems": problems, "result": result}
    )


# --- score sheets ------------------------------------------------------------------


@login_required
def judging(request):
    rounds = sorted(
        InspectionRound.objects.filter(judges=request.user).select_related("office"),
        key=lambda r: (not r.is_open, -r.year, -r.quarter),
    )
    return render(request, "inspections/judging.html", {"rounds": rounds})


@login_required
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


def _initial_for(sheet, criteria):
    if sheet is None:
        return {"version": 0}
    initial = {f"c{cid}": value for cid, value in sheet.values.items()}
    initial.update(version=sheet.version, remark=sheet.remark)
    return initial


def _blank_on_submit(request, form):
    if "submit" in request.POST:
        form.require_every_criterion()
    return bool(form.errors)


@login_required
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
    elif request.method == "POST" and form.is_valid() and not _blank_on_submit(request, form):
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
            conflict = {
                "message": error.messages[0],
                "mine": [(c, request.POST.get(f"c{c.pk}", "")) for c in criteria],
            }
            sheet = error.sheet
            form = ScoreSheetForm(criteria=criteria, initial=_initial_for(sheet, criteria))
        except RoundError as error:
            _errors(request, error)
        else:
            return _after_save(request, rnd, village, sheet, submit)
    elif request.method == "POST":
        messages.error(request, _("有分数未填或填写不正确,评分表没有保存。请修改标红的内容。"))
    context = _sheet_context(rnd, village, request.user)
    if sheet is None:
        sheet = ScoreSheet.objects.find(rnd, village, request.user)
        if request.method != "POST":
            form = ScoreSheetForm(criteria=criteria, initial=_initial_for(sheet, criteria))
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


@login_required
def keyin_choose(request, pk):
    rnd = round_for(request, pk, manage=True)
    return _round_page(request, "inspections/keyin_choose.html", rnd, {"judges": selectors.round_judges(rnd)})


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
            _errors(request, error)
        else:
            messages.success(
                request,
                _("已保存{judge}的 {n} 份评分表(均为已提交,录入人:{me})。").format(
                    judge=judge.get_full_name() or judge.username,
                    n=len(saved),
                    me=request.user.get_full_name() or request.user.username,
                ),
            )
            return redirect("inspections:keyin-grid", pk=rnd.pk, judge_pk=judge.pk)
    elif request.method == "POST":
        messages.error(request, _("有分数填写不正确,没有保存任何评分表。请修改标红的内容。"))
    return _round_page(
        request,
        "inspections/keyin_grid.html",
        rnd,
        {"judge": judge, "form": form, "criteria": criteria, "sheets": sheets},
    )


@login_required
def sheet_detail(request, pk):
    sheet = sheet_for(request, pk)
    rnd = sheet.round
    access = access_for(request)
    can_correct = access.can_manage_office(rnd.office_id) and rnd.is_closed
    criteria = list(rnd.criteria.all())
    form = ScoreSheetForm(
        request.POST or None, criteria=criteria, initial=_initial_for(sheet, criteria), need_reason=True
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
                conflict = {
                    "message": error.messages[0],
                    "mine": [(c, request.POST.get(f"c{c.pk}", "")) for c in criteria],
                }
                sheet = error.sheet
                form = ScoreSheetForm(
                    criteria=criteria, initial=_initial_for(sheet, criteria), need_reason=True
                )
            except RoundError as error:
                _errors(request, error)
            else:
                messages.success(request, _("评分表已更正,更正记录已保存。"))
                return redirect("inspections:sheet-detail", pk=sheet.pk)
        else:
            messages.error(request, _("有内容填写不正确,评分表没有更正。"))
    values = sheet.decimal_values()
    return _round_page(
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
        _errors(request, error)
    else:
        messages.success(request, _("已复核确认。"))
    return redirect("inspections:sheet-detail", pk=sheet.pk)


# --- bonus/deduction items and photos ---------------------------------------------------


@login_required
def round_adjustments(request, pk):
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id) and not rnd.is_published
    villages = selectors.scored_villages(rnd)
    form = None
    if can_manage:
        form = AdjustmentForm(request.POST or None, villages=villages, need_reason=rnd.is_closed)
        if request.method == "POST" and form.is_valid():
            try:
                services.adjustment_add(
                    rnd=rnd,
                    form=form,
                    user=request.user,
                    reason=form.cleaned_data.get("correction_reason", ""),
                )
            except RoundError as error:
                _errors(request, error)
            else:
                messages.success(request, _("加减分已登记。"))
                return redirect("inspections:round-adjustments", pk=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("您不能修改本轮的加减分。"))
    return _round_page(
        request,
        "inspections/round_adjustments.html",
        rnd,
        {
            "round": rnd,
            "adjustments": selectors.adjustments_for(rnd),
            "form": form,
            "can_manage": can_manage,
            "delete_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def adjustment_delete(request, pk):
    adjustment = get_object_or_404(Adjustment.objects.select_related("round"), pk=pk)
    rnd = round_for(request, adjustment.round_id, manage=True)
    reason = request.POST.get("reason", "")
    try:
        services.adjustment_delete(adjustment=adjustment, user=request.user, reason=reason)
    except RoundError as error:
        _errors(request, error)
    else:
        messages.success(request, _("已删除该加减分。"))
    return redirect("inspections:round-adjustments", pk=rnd.pk)


@login_required
def round_photos(request, pk):
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id)
    villages = Village.objects.filter(pk__in=rnd.sites.values("village_id"))
    form = PhotoForm(request.POST or None, request.FILES or None, villages=villages) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("只有办事处工作人员可以上传照片。"))
        if form.is_valid():
            services.photo_add(
                rnd=rnd,
                village=form.cleaned_data["village"],
                processed=form.processed,
                caption=form.cleaned_data["caption"],
                user=request.user,
            )
            messages.success(request, _("照片已上传。"))
            return redirect(reverse("inspections:round-photos", args=[rnd.pk]))
        messages.error(request, _("照片没有上传,请看下面的提示。"))
    return _round_page(
        request,
        "inspections/round_photos.html",
        rnd,
        {"photos": selectors.photos_for(rnd), "form": form},
    )


@login_required
@require_POST
def photo_delete(request, pk):
    photo = get_object_or_404(SitePhoto, pk=pk)
    round_for(request, photo.round_id, manage=True)
    services.photo_delete(photo=photo)
    messages.success(request, _("照片已删除。"))
    return redirect("inspections:round-photos", pk=photo.round_id)
