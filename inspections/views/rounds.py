"""A round's set-up while it is a draft (facts, criteria, sites, judges) and its status steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from villages.access import access_for, office_for
from villages.models import Village
from villages.selectors import judge_pool
from villages.text import quoted

from .. import selectors, services
from ..access import round_for
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
from ..models import CriterionTemplate
from ..services import RoundError
from .common import round_page, show_errors


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
        messages.success(
            request, _("已创建{title}。下一步:选择观摩点和评委。").format(title=quoted(rnd.title))
        )
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
    return round_page(
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
            "issued_number": _issued_number(rnd),
            "history": rnd.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def _issued_number(rnd):
    """The 文号 of the round's issued 通报 in force (reports keeps them; read through the relation)."""
    return rnd.issued_summaries.filter(correction__isnull=True).values_list("number", flat=True).first()


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
            show_errors(request, error)
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
    return round_page(request, "inspections/round_sites.html", rnd, {"form": form, "round": rnd})


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
    return round_page(request, "inspections/round_judges.html", rnd, {"form": form, "round": rnd})


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
            number = _issued_number(rnd)
            if number:
                messages.warning(
                    request,
                    _(
                        "本轮通报已签发（{number}）。撤回发布不会改变已签发的通报；如需更正，请再次发布后在通报页签发更正通报。"
                    ).format(number=number),
                )
        else:
            raise Http404
    except RoundError as error:
        show_errors(request, error)
    return redirect("inspections:round-detail", pk=rnd.pk)
