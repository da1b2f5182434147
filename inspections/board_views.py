"""Pages leaders and secretaries read: boards, the year view, the zone overview, 我的村, the arena."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from villages.access import Denied, access_for, office_for, village_for
from villages.models import Office, Village
from villages.selectors import fulfilment_now

from . import boards, charts, selectors, services
from .access import may_open_board, round_for
from .consistency import judge_consistency
from .forms import CommentaryForm, RectificationFilterForm, RectificationForm, RectificationUpdateForm
from .models import Commentary, InspectionRound, Quarter, Rectification, period_label
from .services import RoundError


def _results_round(request, pk):
    """A round whose results the user may read: published for the office's people and its
    secretaries; still being scored (provisional) for the office's staff only."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    if rnd.is_draft:
        raise Http404
    access = access_for(request)
    if not may_open_board(access, rnd):
        if rnd.is_published:
            raise PermissionDenied(_("您无权查看该办事处的成绩。"))
        if access.can_view_office(rnd.office_id):
            raise Denied(
                _("本轮成绩尚未发布。"),
                back=reverse("inspections:round-detail", args=[rnd.pk]),
                back_label=_("返回本轮概况"),
            )
        raise PermissionDenied(_("本轮成绩尚未发布。"))
    return rnd


BOARD_CACHE_SECONDS = 7 * 24 * 3600


def _board_context(request, rnd):
    access = access_for(request)
    published = list(
        InspectionRound.objects.filter(
            office_id=rnd.office_id, status=InspectionRound.Status.PUBLISHED
        ).order_by("-year", "-quarter")
    )
    context = {
        "round": rnd,
        "office": rnd.office,
        "other_rounds": published,
        "previous": boards.previous_published(rnd, published[::-1]),
        "show_breakdown": access.can_see_breakdown(rnd.office_id),
        "link_villages": access.can_view_office(rnd.office_id),  # every village's dashboard
        "can_manage": access.can_manage_office(rnd.office_id),
        "own_village_ids": access.secretary_village_ids,
    }
    context["board_cache_seconds"], context["board_cache_key"] = _board_cache(rnd, context)
    return context


def _board_cache(rnd, context):
    """A published board never changes until the round is withdrawn (which saves the round), so
    its rendered table is kept, per what the viewer may see; a provisional one is never kept."""
    if not rnd.is_published:
        return 0, ""
    previous = context["previous"]
    own = sorted(context["own_village_ids"])
    parts = [
        rnd.pk,
        rnd.updated_at.isoformat(),
        f"{previous.pk}@{previous.updated_at.isoformat()}" if previous else "-",
        rnd.office.red_flag_threshold,
        rnd.office.honour_list_size,
        context["show_breakdown"],
        context["can_manage"],
        ",".join(map(str, own)),
    ]
    return BOARD_CACHE_SECONDS, ":".join(map(str, parts))


@login_required
def leaderboard(request, pk):
    rnd = _results_round(request, pk)
    context = _board_context(request, rnd)
    # Built only when the kept table is missing (the template's cache tag reads it then).
    context["board"] = SimpleLazyObject(lambda: boards.leaderboard(rnd, previous=context["previous"]))
    return render(request, "inspections/leaderboard.html", context)


@login_required
def improvement(request, pk):
    rnd = _results_round(request, pk)
    context = _board_context(request, rnd)
    context["board"] = SimpleLazyObject(
        lambda: boards.improvement_board(rnd, board=boards.leaderboard(rnd, previous=context["previous"]))
    )
    return render(request, "inspections/improvement.html", context)


@login_required
def office_board(request, office_pk):
    """The office's latest board: the latest published round (staff: the latest being scored too)."""
    office = get_object_or_404(Office, pk=office_pk)
    access = access_for(request)
    statuses = [InspectionRound.Status.PUBLISHED]
    if access.can_manage_office(office.pk):
        statuses += [InspectionRound.Status.OPEN, InspectionRound.Status.CLOSED]
    if not access.can_view_results(office.pk, published=True):
        raise PermissionDenied(_("您无权查看该办事处的成绩。"))
    rnd = (
        InspectionRound.objects.filter(office=office, status__in=statuses)
        .order_by("-year", "-quarter")
        .first()
    )
    if rnd is None:
        messages.info(request, _("{office}还没有发布的成绩。").format(office=office.name))
        return redirect("home")
    return redirect("inspections:leaderboard", pk=rnd.pk)


@login_required
def year_view(request, office_pk, year=None):
    office = get_object_or_404(Office, pk=office_pk)
    if not access_for(request).can_view_results(office.pk, published=True):
        raise PermissionDenied(_("您无权查看该办事处的成绩。"))
    years = boards.office_years(office)
    if year is None:
        if not years:
            messages.info(request, _("{office}还没有发布的成绩。").format(office=office.name))
            return redirect("home")
        return redirect("inspections:year-view", office_pk=office.pk, year=years[0])
    view = boards.year_view(office, year)
    for row in view["rows"]:
        row.sparkline = charts.sparkline(row.trend, held=row.held)
    return render(
        request,
        "inspections/year_view.html",
        {
            "office": office,
            "years": years,
            "view": view,
            "quarters": [(label, view["rounds"].get(q)) for q, label in Quarter.choices],
            "own_village_ids": access_for(request).secretary_village_ids,
            "link_villages": access_for(request).can_view_office(office.pk),
        },
    )


def _zone_period(request, periods):
    """The quarter asked for in ?period=2022-2, if it is one a round was published in."""
    asked = request.GET.get("period", "")
    for year, quarter in periods:
        if asked == f"{year}-{quarter}":
            return year, quarter
    return periods[0] if periods else None


@login_required
def zone_overview(request):
    access = access_for(request)
    if not access.reads_all_offices:
        raise PermissionDenied(_("全区概览只对区级领导和管理员开放。"))
    offices = list(access.offices())
    periods = boards.zone_periods(offices)
    period, summaries = boards.zone_overview(offices, timezone.localdate(), _zone_period(request, periods))
    return render(
        request,
        "inspections/zone_overview.html",
        {
            "summaries": summaries,
            "period": period,
            "period_label": period_label(*period) if period else "",
            "periods": [(f"{y}-{q}", period_label(y, q), (y, q) == period) for y, q in periods],
        },
    )


@login_required
def village_dashboard(request, pk):
    village = village_for(request, pk)
    access = access_for(request)
    dash = boards.village_dashboard(village)
    bars = charts.bar_chart(
        [(c.name, own, office_mean, c.maximum) for c, own, office_mean in dash.criteria],
        own_label=_("本村"),
        reference_label=_("全办事处平均"),
    )
    line = charts.line_chart(
        [(f"{r.year % 100:02d}Q{r.quarter}", s.total) for r, s in dash.trend], label=_("历次总分")
    )
    return render(
        request,
        "inspections/village_dashboard.html",
        {
            "village": village,
            "dash": dash,
            "bar_chart": bars,
            "line_chart": line,
            "today": timezone.localdate(),
            "can_manage": access.can_manage_office(village.office_id),
            "is_own": village.pk in access.secretary_village_ids,
            "can_view_office": access.can_view_office(village.office_id),
            "update_form": RectificationUpdateForm(),
            "fulfilment": fulfilment_now([village.pk], timezone.localdate()).get(village.pk),
        },
    )


# --- the arena screen -------------------------------------------------------------------


def _arena_round(request, pk):
    rnd = round_for(request, pk)
    if rnd.is_draft:
        raise Http404
    return rnd


@login_required
def arena(request, pk):
    rnd = _arena_round(request, pk)
    return render(
        request,
        "inspections/arena.html",
        {
            "round": rnd,
            "state": boards.arena_state(rnd),
            "can_manage": access_for(request).can_manage_office(rnd.office_id),
        },
    )


@login_required
def arena_state(request, pk):
    rnd = _arena_round(request, pk)
    return JsonResponse(boards.arena_state(rnd), json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def arena_reveal(request, pk, village_pk):
    rnd = round_for(request, pk, manage=True)
    village = get_object_or_404(Village, pk=village_pk)
    try:
        services.site_reveal(rnd=rnd, village=village, user=request.user)
    except rnd.sites.model.DoesNotExist:
        raise Http404
    return redirect("inspections:arena", pk=rnd.pk)


# --- judge consistency ---------------------------------------------------------------------


@login_required
def consistency(request, pk):
    rnd = round_for(request, pk, manage=True)
    criteria, rows = selectors.round_results(rnd)
    max_total, stats, threshold = judge_consistency(rows, criteria)
    return render(
        request,
        "inspections/consistency.html",
        {
            "round": rnd,
            "stats": stats,
            "max_total": max_total,
            "threshold": threshold,
            "can_manage": True,
        },
    )


# --- commentary and rectification -------------------------------------------------------


@login_required
def round_review(request, pk):
    """点评与整改: leaders' remarks and rectification items of a round."""
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id)
    villages = selectors.scored_villages(rnd)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    commentary_form = CommentaryForm(data if which == "commentary" else None, villages=villages, prefix="c")
    rectification_form = RectificationForm(
        data if which == "rectification" else None, villages=villages, prefix="r"
    )
    if data:
        if not can_manage:
            raise PermissionDenied(_("只有办事处工作人员可以记录点评和整改事项。"))
        if which == "commentary" and commentary_form.is_valid():
            services.commentary_add(rnd=rnd, form=commentary_form, user=request.user)
            messages.success(request, _("点评已添加。"))
            return redirect("inspections:round-review", pk=rnd.pk)
        if which == "rectification" and rectification_form.is_valid():
            services.rectification_add(rnd=rnd, form=rectification_form, user=request.user)
            messages.success(request, _("整改事项已登记。"))
            return redirect("inspections:round-review", pk=rnd.pk)
        messages.error(request, _("没有保存,请修改标红的内容。"))
    return render(
        request,
        "inspections/round_review.html",
        {
            "round": rnd,
            "can_manage": can_manage,
            "commentary": Commentary.objects.filter(round=rnd).select_related("village"),
            "rectifications": Rectification.objects.filter(round=rnd).select_related(
                "village", "verified_by"
            ),
            "commentary_form": commentary_form if can_manage else None,
            "rectification_form": rectification_form if can_manage else None,
            "update_form": RectificationUpdateForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def rectification_update(request, pk):
    item = get_object_or_404(Rectification.objects.select_related("village"), pk=pk)
    access = access_for(request)
    as_staff = access.can_manage_office(item.village.office_id)
    if not (as_staff or item.village_id in access.secretary_village_ids):
        raise PermissionDenied(_("您无权更新该整改事项。"))
    form = RectificationUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_update(
                item=item,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                user=request.user,
                as_staff=as_staff,
            )
        except RoundError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("整改事项已更新。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inspections:village-dashboard", pk=item.village_id)


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


def _rectification_page(request, *, offices, villages, office=None, office_choices=None):
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
        },
    )


@login_required
def office_rectifications(request, office_pk):
    """整改清单 of one office, for its staff and leaders (and the zone's)."""
    office = office_for(request, office_pk)
    return _rectification_page(
        request, offices=[office], villages=Village.objects.filter(office=office), office=office
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
