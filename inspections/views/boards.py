"""Pages leaders and secretaries read: boards, the year view, the zone overview, 我的村, the arena."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from villages.access import Denied, access_for, village_for
from villages.models import Office, Village
from villages.selectors import fulfilment_now, names_version

from .. import boards, charts, selectors, services
from ..access import may_open_board, round_for
from ..consistency import judge_consistency
from ..models import InspectionRound, Quarter, period_label


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


class VillageLinks:
    """Which villages' dashboards a viewer may open from a board (every village for the office's
    people, their own for secretaries), with the address built once per page, not once per row."""

    _SENTINEL = "2147483647"

    def __init__(self, *, link_all, own_ids):
        self.link_all, self.own_ids = link_all, frozenset(own_ids)
        self._address = reverse("inspections:village-dashboard", args=[int(self._SENTINEL)])

    def url(self, pk):
        if self.link_all or pk in self.own_ids:
            return self._address.replace(self._SENTINEL, str(pk))
        return None


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
    context["village_links"] = VillageLinks(
        link_all=context["link_villages"], own_ids=context["own_village_ids"]
    )
    context["board_cache_seconds"], context["board_cache_key"] = _board_cache(rnd, context)
    return context


def _board_cache(rnd, context):
    """A published board never changes until the round is withdrawn (which saves the round), so
    its rendered table is kept, per what the viewer may see; a provisional one is never kept."""
    if not rnd.is_published:
        return 0, ""
    previous = context["previous"]
    parts = [
        rnd.pk,
        rnd.updated_at.isoformat(),
        f"{previous.pk}@{previous.updated_at.isoformat()}" if previous else "-",
        rnd.office.red_flag_threshold,
        rnd.office.honour_list_size,
        context["show_breakdown"],
        context["can_manage"],
    ]
    return BOARD_CACHE_SECONDS, _kept_key(parts, context["own_village_ids"])


def _kept_key(parts, own_village_ids):
    """A kept page's key: what it shows (`parts`), the viewer's own villages (marked on it) and
    the newest office or village edit (it prints their names)."""
    return ":".join(map(str, [*parts, ",".join(map(str, sorted(own_village_ids))), names_version()]))


@login_required
def leaderboard(request, pk):
    rnd = _results_round(request, pk)
    context = _board_context(request, rnd)
    # Built only when the kept table is missing (the template's cache tag reads it then).
    context["board"] = SimpleLazyObject(
        lambda: _with_mean_cells(boards.leaderboard(rnd, previous=context["previous"]))
    )
    return render(request, "inspections/leaderboard.html", context)


def _with_mean_cells(board):
    """Each row's criterion means as ready table cells: a thousand rows × a dozen criteria would
    otherwise be most of the page's rendering time."""
    for row in board.rows:
        row.mean_cells = mark_safe("".join(f'<td class="cm">{escape(m)}</td>' for m in row.criterion_means))
    return board


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
    access = access_for(request)
    rounds = boards.year_rounds(office, year)
    pending = boards.year_pending(office, year)
    own = access.secretary_village_ids
    link_villages = access.can_view_office(office.pk)
    # Published rounds change only through withdraw and republish, which save them; a quarter
    # without one reads 未发布 or 评分中.
    parts = [
        office.pk,
        year,
        *(f"{r.pk}@{r.updated_at.isoformat()}" for r in rounds),
        "pending" + "".join(map(str, sorted(pending))),
        link_villages,
    ]
    return render(
        request,
        "inspections/year_view.html",
        {
            "office": office,
            "years": years,
            "year": year,
            "rows": SimpleLazyObject(lambda: _year_rows(office, year, rounds, pending)),
            "quarters": [
                (label, next((r for r in rounds if r.quarter == q), None)) for q, label in Quarter.choices
            ],
            "own_village_ids": own,
            "link_villages": link_villages,
            "village_links": VillageLinks(link_all=link_villages, own_ids=own),
            "board_cache_seconds": BOARD_CACHE_SECONDS,
            "board_cache_key": _kept_key(parts, own),
        },
    )


def _year_rows(office, year, rounds, pending=()):
    rows = boards.year_view(office, year, rounds, pending)["rows"]
    for row in rows:
        row.sparkline = charts.sparkline(row.trend, held=row.held)
    return rows


def _zone_period(request, periods):
    """The quarter asked for in ?period=2022-2 (also one nothing was published in: the page then
    says so, never shows another quarter instead), else the latest one a round was published in."""
    asked = request.GET.get("period", "")
    for year, quarter in periods:
        if asked == f"{year}-{quarter}":
            return year, quarter
    year, _sep, quarter = asked.partition("-")
    if year.isdigit() and quarter.isdigit() and 2000 <= int(year) <= 2100 and int(quarter) in Quarter.values:
        return int(year), int(quarter)
    return periods[0] if periods else None


@login_required
def zone_overview(request):
    access = access_for(request)
    if not access.reads_all_offices:
        raise PermissionDenied(_("全区概览只对区级领导和管理员开放。"))
    offices = list(access.offices())
    today = timezone.localdate()
    periods, version, published = boards.zone_state_rounds(offices, today)
    period = _zone_period(request, periods)
    return render(
        request,
        "inspections/zone_overview.html",
        {
            # Built only when the kept cards are missing; the key changes with anything they show.
            "summaries": SimpleLazyObject(
                lambda: boards.zone_overview(offices, today, period, published=published)[1]
            ),
            "period": period,
            "period_label": period_label(*period) if period else "",
            # A 全区通报 is offered only for a quarter in which some office published a round.
            "period_published": period in periods,
            "periods": [(f"{y}-{q}", period_label(y, q), (y, q) == period) for y, q in periods],
            "board_cache_seconds": BOARD_CACHE_SECONDS,
            "board_cache_key": _kept_key(["zone", period, version], ()),
        },
    )


def quarter_label(position):
    """22Q3 for position 2022 × 4 + 2."""
    return f"{position // 4 % 100:02d}Q{position % 4 + 1}"


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
        [(quarter_label(r.year * 4 + r.quarter - 1), s.total) for r, s in dash.trend],
        positions=[r.year * 4 + r.quarter - 1 for r, _s in dash.trend],
        gap_label=quarter_label,
        label=_("历次总分"),
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
