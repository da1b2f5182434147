"""Pages of a round's review: leaders' remarks, rectification items (整改) and their lists,
the on-site re-check and the route sheet."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from villages.access import access_for, office_for
from villages.models import Village

from .. import rectifications, selectors, services
from ..access import round_for
from ..forms.review import (
    CheckForm,
    CommentaryForm,
    RectificationFilterForm,
    RectificationForm,
    RectificationUpdateForm,
    RemarkToItemForm,
)
from ..models import Commentary, InspectionRound, Rectification, RectificationPhoto
from ..services import RoundError
from .common import show_errors

# --- commentary and rectification -------------------------------------------------------


def _default_deadline(rnd):
    return max(rnd.date, timezone.localdate()) + datetime.timedelta(days=30)


def _raise_item(request, form, *, rnd=None):
    """Raise a rectification item from a valid form (at a round, or between rounds); on refusal the
    service's messages are shown and None is returned."""
    data = form.cleaned_data
    try:
        return rectifications.rectification_raise(
            rnd=rnd,
            village=data["village"],
            problem=data["problem"],
            requirement=data["requirement"],
            responsible=data["responsible"],
            deadline=data["deadline"],
            photos=data["photos"],
            user=request.user,
        )
    except RoundError as error:
        show_errors(request, error)
        return None


@login_required
def round_review(request, pk):
    """点评与整改: leaders' remarks and rectification items of a round; a problem remark becomes an
    item in one step."""
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id)
    villages = selectors.scored_villages(rnd)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    commentary_form = CommentaryForm(data if which == "commentary" else None, villages=villages, prefix="c")
    rectification_form = RectificationForm(
        data if which == "rectification" else None,
        request.FILES if which == "rectification" else None,
        villages=villages,
        prefix="r",
        initial={"deadline": _default_deadline(rnd)},
    )
    if data:
        if not can_manage:
            raise PermissionDenied(_("只有办事处工作人员可以记录点评和整改事项。"))
        if which == "commentary" and commentary_form.is_valid():
            services.commentary_add(rnd=rnd, form=commentary_form, user=request.user)
            messages.success(request, _("点评已添加。"))
            return redirect("inspections:round-review", pk=rnd.pk)
        if which == "rectification" and rectification_form.is_valid():
            if _raise_item(request, rectification_form, rnd=rnd):
                messages.success(request, _("整改事项已登记。"))
                return redirect("inspections:round-review", pk=rnd.pk)
        else:
            messages.error(request, _("没有保存,请修改标红的内容。"))
    commentary = list(
        Commentary.objects.filter(round=rnd).select_related("village").prefetch_related("rectifications")
    )
    secretaries = {}
    if can_manage:  # the responsible person proposed for each remark: the village's secretary
        secretaries = {
            v.pk: v.current_secretary
            for v in Village.objects.with_current_secretary().filter(pk__in=rnd.sites.values("village_id"))
        }
    for remark in commentary:
        remark.item = next(iter(remark.rectifications.all()), None)
        secretary = secretaries.get(remark.village_id)
        remark.responsible = secretary.name if secretary else ""
    return render(
        request,
        "inspections/round_review.html",
        {
            "round": rnd,
            "can_manage": can_manage,
            "commentary": commentary,
            "rectifications": Rectification.objects.filter(round=rnd).select_related(
                "village", "verified_by", "round"
            ),
            "commentary_form": commentary_form if can_manage else None,
            "rectification_form": rectification_form if can_manage else None,
            "default_deadline": _default_deadline(rnd),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def remark_to_item(request, pk):
    """One step from a problem remark to a rectification item (owner, deadline, round, village)."""
    remark = get_object_or_404(Commentary.objects.select_related("round"), pk=pk)
    round_for(request, remark.round_id, manage=True)
    form = RemarkToItemForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("inspections:round-review", pk=remark.round_id)
    try:
        item = rectifications.rectification_from_remark(remark=remark, user=request.user, **form.cleaned_data)
    except RoundError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("已登记为整改事项:{problem}").format(problem=item.problem[:30]))
    return redirect("inspections:round-review", pk=remark.round_id)


def _item_for(request, pk):
    """The item and whether the user acts as the office's staff; readers are the office's people and
    the village's secretary."""
    item = get_object_or_404(Rectification.objects.select_related("village__office", "round"), pk=pk)
    access = access_for(request)
    as_staff = access.can_manage_office(item.village.office_id)
    if not (
        access.can_view_office(item.village.office_id) or item.village_id in access.secretary_village_ids
    ):
        raise PermissionDenied(_("您无权查看该整改事项。"))
    return item, as_staff


@login_required
def rectification_detail(request, pk):
    item, as_staff = _item_for(request, pk)
    access = access_for(request)
    may_act = as_staff or item.village_id in access.secretary_village_ids
    photos = list(item.photos.select_related("uploaded_by"))
    return render(
        request,
        "inspections/rectification_detail.html",
        {
            "item": item,
            "can_manage": as_staff,
            "may_act": may_act,
            "before": [p for p in photos if p.kind == RectificationPhoto.Kind.BEFORE],
            "after": [p for p in photos if p.kind == RectificationPhoto.Kind.AFTER],
            "checks": item.checks.select_related("round", "checked_by"),
            "history": item.history.select_related("history_user").order_by("-history_date")[:30],
            "overdue": item.is_overdue_on(timezone.localdate()),
            "form": RectificationUpdateForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def rectification_update(request, pk):
    item, as_staff = _item_for(request, pk)
    if not (as_staff or item.village_id in access_for(request).secretary_village_ids):
        raise PermissionDenied(_("您无权更新该整改事项。"))
    form = RectificationUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            action = data["action"]
            if action == "note":
                rectifications.rectification_note(item=item, user=user, note=data["note"])
            elif action == "submit":
                rectifications.rectification_submit(
                    item=item,
                    user=user,
                    note=data["note"],
                    photos=data["photos"],
                    evidence_reason=data["evidence_reason"],
                )
            elif action == "close":
                rectifications.rectification_close(
                    item=item,
                    user=user,
                    as_staff=as_staff,
                    note=data["note"],
                    accept_reason=data["accept_reason"],
                )
            elif action == "return":
                rectifications.rectification_return(
                    item=item, user=user, as_staff=as_staff, reason=data["note"]
                )
            else:
                rectifications.rectification_add_before(
                    item=item, user=user, as_staff=as_staff, photos=data["photos"]
                )
        except RoundError as error:
            show_errors(request, error)
        else:
            messages.success(request, UPDATED[action])
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inspections:rectification-detail", pk=item.pk)


UPDATED = {
    "note": gettext_lazy("整改情况已记录。"),
    "submit": gettext_lazy("整改情况已提交,等待办事处审核销号。"),
    "close": gettext_lazy("整改事项已销号。"),
    "return": gettext_lazy("整改事项已退回,回到整改中。"),
    "before": gettext_lazy("整改前照片已上传。"),
}


@login_required
@require_POST
def rectification_check(request, pk, round_pk):
    """现场复核 通过 / 未通过, marked from the round's visit (site list, judge form, route sheet)."""
    item, as_staff = _item_for(request, pk)
    rnd = get_object_or_404(InspectionRound, pk=round_pk)
    if not as_staff:
        raise PermissionDenied(_("只有办事处工作人员可以记录现场复核。"))
    form = CheckForm(request.POST)
    if form.is_valid():
        passed = form.cleaned_data["result"] == "passed"
        try:
            rectifications.rectification_check(
                item=item,
                rnd=rnd,
                user=request.user,
                as_staff=as_staff,
                passed=passed,
                note=form.cleaned_data["note"],
            )
        except RoundError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("现场复核已记录:{result}").format(result=_("通过") if passed else _("未通过"))
            )
    else:
        messages.error(request, _("请选择复核结果。"))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inspections:round-detail", pk=rnd.pk)


@login_required
@require_POST
def rectification_photo_delete(request, pk):
    photo = get_object_or_404(RectificationPhoto.objects.select_related("item"), pk=pk)
    item, as_staff = _item_for(request, photo.item_id)
    try:
        rectifications.rectification_photo_delete(photo=photo, user=request.user, as_staff=as_staff)
    except RoundError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("照片已删除。"))
    return redirect("inspections:rectification-detail", pk=item.pk)


@login_required
def route_sheet(request, pk):
    """The round's printable route sheet (观摩路线单): the sites in visiting order, each with the
    items to check again there."""
    rnd = round_for(request, pk)
    sites = selectors.all_sites(rnd)
    items = selectors.recheck_items(rnd, today=timezone.localdate())
    secretaries = {
        v.pk: v.current_secretary
        for v in Village.objects.with_current_secretary().filter(pk__in=[s.village_id for s in sites])
    }
    for site in sites:
        site.items = items.get(site.village_id, []) if not site.is_learning_visit else []
        site.secretary = secretaries.get(site.village_id)
    return render(
        request,
        "inspections/route_sheet.html",
        {"round": rnd, "sites": sorted(sites, key=lambda s: (s.order, s.pk)), "today": timezone.localdate()},
    )


@login_required
@require_POST
def commentary_delete(request, pk):
    item = get_object_or_404(Commentary.objects.select_related("round"), pk=pk)
    round_for(request, item.round_id, manage=True)
    services.commentary_delete(item=item, user=request.user)
    messages.success(request, _("已删除该条点评。"))
    return redirect("inspections:round-review", pk=item.round_id)


# --- rectification lists ------------------------------------------------------------------

RECTIFICATIONS_PER_PAGE = 50


def _rectification_page(request, *, offices, villages, office=None, office_choices=None, raise_form=None):
    form = RectificationFilterForm(request.GET or None, villages=villages, offices=office_choices)
    filters = form.filters()
    chosen_office = filters.pop("office", None)
    scope = [chosen_office] if chosen_office else offices
    today = timezone.localdate()
    items = selectors.rectification_list(scope, today=today, **filters)
    page = Paginator(items, RECTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/rectification_list.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "overdue_count": selectors.rectification_list(
                scope, today=today, **dict(filters, overdue=True)
            ).count(),
            "query": query.urlencode(),
            "today": today,
            "link_villages": True,  # every reader of the list may open each village's dashboard
            "raise_form": raise_form,
        },
    )


@login_required
def office_rectifications(request, office_pk):
    """整改清单 of one office, for its staff and leaders (and the zone's)."""
    office = office_for(request, office_pk)
    villages = Village.objects.filter(office=office)
    raise_form = None
    if access_for(request).can_manage_office(office.pk):
        raise_form = RectificationForm(
            request.POST or None,
            request.FILES or None,
            villages=villages,
            prefix="r",
            initial={"deadline": timezone.localdate() + datetime.timedelta(days=30)},
        )
        if request.method == "POST" and raise_form.is_valid():
            item = _raise_item(request, raise_form)
            if item:
                messages.success(request, _("整改事项已登记(两轮之间)。"))
                return redirect("inspections:rectification-detail", pk=item.pk)
        elif request.method == "POST":
            messages.error(request, _("没有保存,请修改标红的内容。"))
    elif request.method == "POST":
        raise PermissionDenied(_("只有办事处工作人员可以登记整改事项。"))
    return _rectification_page(
        request, offices=[office], villages=villages, office=office, raise_form=raise_form
    )


@login_required
def zone_rectifications(request):
    """整改清单 of the whole zone, for zone leaders and administrators."""
    access = access_for(request)
    if not access.reads_all_offices:
        raise PermissionDenied(_("全区整改清单只对区级领导和管理员开放。"))
    offices = access.offices()
    return _rectification_page(
        request,
        offices=offices,
        villages=Village.objects.filter(office__in=offices).select_related("office"),
        office_choices=offices,
    )
