"""What leaders and secretaries read: leaderboards, the improvement board, the year view,
the zone overview and a village's dashboard. Each function costs a fixed number of queries,
whatever the number of villages, judges, criteria or rounds.

Published rounds are read from their stored standings (the scoring module's output at
publishing); a round still open is computed live from its sheets, for staff only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext as _

from . import comparison as comparing
from . import selectors
from .models import Commentary, Criterion, InspectionRound, Rectification, Standing
from .scoring import competition_ranks, round_half_up, rounded_mean

Status = InspectionRound.Status


@dataclass
class BoardRow:
    village: object
    secretary_name: str
    rank: int | None
    total: Decimal | None
    adjustment: Decimal
    criterion_means: list  # aligned with the board's criteria
    previous_rank: int | None = None
    previous_total: Decimal | None = None
    # Set by the comparison with the previous round (inspections.comparison): Δ total in points, or
    # Δ 得分率 in percentage points when the criteria differ; places up (+) or down (−) among the
    # villages scored in both rounds. None when not compared.
    delta: Decimal | None = None
    movement: int | None = None
    rate: Decimal | None = None  # 得分率 (%), when compared by rate
    previous_rate: Decimal | None = None
    is_new: bool = False
    red_flag: bool = False
    red_list: bool = False
    attention: bool = False

    @property
    def scored(self):
        return self.total is not None

    @property
    def movement_abs(self):
        return abs(self.movement) if self.movement is not None else None

    @property
    def movement_label(self):
        """↑2 / ↓1 / — / 新, as shown in the 名次 column."""
        if self.is_new:
            return _("新")
        move = self.movement
        if move is None:
            return ""
        return f"↑{move}" if move > 0 else f"↓{-move}" if move < 0 else "—"

    @property
    def movement_class(self):
        move = self.movement
        if self.is_new:
            return "move-new"
        return "" if move is None else "move-up" if move > 0 else "move-down" if move < 0 else "move-same"


@dataclass
class StageGroup:
    label: str
    criteria: list = field(default_factory=list)


@dataclass
class Board:
    round: object
    previous: object
    criteria: list
    stages: list
    rows: list
    provisional: bool
    comparison: object = None  # comparing.Comparison with `previous`


def previous_published(rnd, published=None):
    """The office's latest published round before `rnd` (by year and quarter)."""
    if published is not None:
        earlier = [r for r in published if (r.year, r.quarter) < (rnd.year, rnd.quarter)]
        return earlier[-1] if earlier else None
    return (
        InspectionRound.objects.filter(office_id=rnd.office_id, status=Status.PUBLISHED)
        .filter(Q(year__lt=rnd.year) | Q(year=rnd.year, quarter__lt=rnd.quarter))
        .order_by("-year", "-quarter")
        .first()
    )


def _stage_groups(criteria):
    groups = []
    for c in criteria:
        label = c.get_stage_display()
        if not groups or groups[-1].label != label:
            groups.append(StageGroup(label=label))
        groups[-1].criteria.append(c)
    return groups


def _rows_from_standings(standings, criteria):
    return [
        BoardRow(
            village=s.village,
            secretary_name=s.secretary_name,
            rank=s.rank,
            total=s.total,
            adjustment=s.adjustment,
            # Stored as text with two places; shown as they are (no per-cell number formatting).
            criterion_means=[s.criterion_means.get(str(c.pk), "—") for c in criteria],
        )
        for s in standings
    ]


def _rows_live(rnd):
    criteria, results = selectors.round_results(rnd)
    rows = [
        BoardRow(
            village=r.village,
            secretary_name=r.secretary.name if r.secretary else "",
            rank=r.result.rank,
            total=r.result.total,
            adjustment=r.result.adjustment,
            criterion_means=[str(m) if m is not None else "—" for m in r.criterion_means],
        )
        for r in results
    ]
    return criteria, rows


def _decimal(value):
    return Decimal(value) if value not in (None, "") else None


def _honours(rows, office):
    scored = [r for r in rows if r.scored]
    for r in scored:
        r.red_flag = r.rank == 1 and r.total >= office.red_flag_threshold
    n = office.honour_list_size
    if not n or not scored:
        return
    cutoff_top = scored[min(n, len(scored)) - 1].rank
    for r in scored:
        r.red_list = r.rank <= cutoff_top
    bottom = scored[-n:] if len(scored) >= n else scored
    cutoff_bottom = bottom[0].rank
    for r in scored:
        r.attention = r.rank >= cutoff_bottom and not r.red_list


def _compare(rows, rnd, criteria, previous, previous_criteria, previous_standings):
    """Compare the rows with the previous round's standings (inspections.comparison): set each
    row's previous rank and total, its change and movement where the rounds compare, or mark it
    new. Returns the Comparison (an empty one without a previous round)."""
    before = {s.village_id: s for s in previous_standings if s.total is not None}
    comparison = comparing.compare_rounds(
        rnd,
        criteria,
        {r.village.pk: r.total for r in rows if r.scored},
        previous,
        previous_criteria,
        {v: s.total for v, s in before.items()},
    )
    if previous is None:
        return comparison
    for row in rows:
        old = before.get(row.village.pk)
        if old is not None:
            row.previous_rank, row.previous_total = old.rank, old.total
            if row.scored:
                row.delta = comparison.delta(row.village.pk, row.total, old.total)
                row.movement = comparison.movement(row.village.pk)
                if comparison.by_rate:
                    row.rate = comparing.rate(row.total, comparison.possible)
                    row.previous_rate = comparing.rate(old.total, comparison.previous_possible)
        elif row.scored:
            row.is_new = True
    return comparison


def leaderboard(rnd, *, previous=None):
    """The office's 擂台榜 for a round: published standings, or live results while not published."""
    previous = previous if previous is not None else previous_published(rnd)
    both = defaultdict(list)  # both rounds' criteria, read at once (the comparison needs them)
    if rnd.is_published or previous is not None:
        wanted = ([rnd.pk] if rnd.is_published else []) + ([previous.pk] if previous is not None else [])
        for c in Criterion.objects.filter(round_id__in=wanted):
            both[c.round_id].append(c)
    if rnd.is_published:
        criteria = both[rnd.pk]
        rows = _rows_from_standings(Standing.objects.filter(round=rnd).select_related("village"), criteria)
    else:
        criteria, rows = _rows_live(rnd)
    previous_criteria, previous_standings = [], []
    if previous is not None:
        previous_criteria = both[previous.pk]
        # Only three values of each earlier standing are needed: no model instances.
        previous_standings = Standing.objects.filter(round=previous).values_list(
            "village_id", "rank", "total", named=True
        )
    comparison = _compare(rows, rnd, criteria, previous, previous_criteria, previous_standings)
    _honours(rows, rnd.office)
    return Board(
        round=rnd,
        previous=previous,
        criteria=criteria,
        stages=_stage_groups(criteria),
        rows=rows,
        provisional=not rnd.is_published,
        comparison=comparison,
    )


@dataclass
class ImprovementBoard:
    round: object
    previous: object
    ranked: list  # BoardRow with .improvement_rank, by Δ total
    new: list
    unscored: list
    comparison: object = None


def improvement_board(rnd, *, board=None):
    """进步榜: villages scored in both rounds ranked by their change (Δ total, or Δ 得分率 when the
    criteria differ; none when the rounds do not compare); newcomers and unscored apart.

    Pass the round's `board` when it is already built, to read the standings once."""
    board = board if board is not None else leaderboard(rnd)
    compared = sorted((r for r in board.rows if r.delta is not None), key=lambda r: r.delta, reverse=True)
    for row, rank in zip(compared, competition_ranks([r.delta for r in compared]), strict=True):
        row.improvement_rank = rank
    new = [r for r in board.rows if r.is_new]  # none when there is no previous round to compare
    return ImprovementBoard(
        round=rnd,
        previous=board.previous,
        ranked=compared,
        new=new,
        unscored=[r for r in board.rows if not r.scored],
        comparison=board.comparison,
    )


def stage_subtotals(board):
    """Each row's Σ weight × criterion mean per stage, as text with two places ("" when unscored),
    from the means as shown.

    The total is computed from exact values, so these subtotals may differ from it by a cent;
    documents that print them say so."""
    weights = [c.weight for c in board.criteria]
    for row in board.rows:
        row.stage_subtotals = []
        index = 0
        for stage in board.stages:
            size = len(stage.criteria)
            means = row.criterion_means[index : index + size]
            if row.scored and all(m not in (None, "", "—") for m in means):
                value = sum(
                    (w * Decimal(m) for w, m in zip(weights[index : index + size], means, strict=True)),
                    Decimal("0"),
                )
                row.stage_subtotals.append(str(round_half_up(value)))  # text, as the means are
            else:
                row.stage_subtotals.append("")
            index += size
    return board


@dataclass
class YearCell:
    total: str = ""  # as shown, two places
    rank_label: str = ""
    # "scored", "unscored" (listed but no sheet), "absent" (not a site of the quarter's round),
    # "unpublished" (no published round that quarter; `rank_label` says 未发布 or 评分中)
    state: str = "absent"


@dataclass
class YearVillage:
    pk: int
    name: str
    sort_order: int


@dataclass
class YearRow:
    village: YearVillage
    quarters: list  # YearCell for Q1..Q4
    average: Decimal | None
    trend: list  # per quarter Q1..Q4: the total, or None where the village has none
    held: list  # per quarter Q1..Q4: whether the office published a round
    count: int = 0  # quarters scored (the published rounds the average is over)


def year_rounds(office, year):
    return list(
        InspectionRound.objects.filter(office=office, year=year, status=Status.PUBLISHED).order_by("quarter")
    )


def year_pending(office, year):
    """The quarters of `year` whose round is being scored or closed but not published."""
    return set(
        InspectionRound.objects.filter(
            office=office, year=year, status__in=[Status.OPEN, Status.CLOSED]
        ).values_list("quarter", flat=True)
    )


def year_view(office, year, rounds=None, pending=()):
    """Each village's four quarters of a year side by side, with the year's average total and the
    number of quarters it is over. Two queries (one when the year's published `rounds` are given).

    A quarter without a published round reads 未发布, or 评分中 where its round is in `pending`
    (year_pending). Villages are ordered by the number of quarters scored, most first, then by
    average: an average over two quarters is not ranked above one over three.

    Rows are plain values, not model instances: at a thousand villages × four quarters the page
    stays close to the cost of printing the rows.
    """
    rounds = year_rounds(office, year) if rounds is None else rounds
    quarter_of = {r.pk: r.quarter for r in rounds}
    cells, villages, totals = defaultdict(dict), {}, defaultdict(dict)
    rank_text = _("第{rank}名")
    standings = Standing.objects.filter(round__in=rounds).values_list(
        "round_id", "village_id", "village__name", "village__sort_order", "total", "rank"
    )
    for round_id, village_id, name, sort_order, total, rank in standings:
        quarter = quarter_of[round_id]
        villages[village_id] = YearVillage(pk=village_id, name=name, sort_order=sort_order)
        if total is None:
            cells[village_id][quarter] = YearCell(state="unscored")
        else:
            cells[village_id][quarter] = YearCell(
                total=str(total), rank_label=rank_text.format(rank=rank), state="scored"
            )
            totals[village_id][quarter] = total
    rows = []
    held = [q in quarter_of.values() for q in range(1, 5)]
    missing = {
        q: YearCell(state="unpublished", rank_label=_("评分中") if q in pending else _("未发布"))
        for q in range(1, 5)
        if not held[q - 1]
    }
    for village in sorted(villages.values(), key=lambda v: (v.sort_order, v.name)):
        rows.append(
            YearRow(
                village=village,
                quarters=[missing.get(q) or cells[village.pk].get(q, YearCell()) for q in range(1, 5)],
                average=rounded_mean(totals[village.pk].values()),
                trend=[totals[village.pk].get(q) for q in range(1, 5)],
                held=held,
                count=len(totals[village.pk]),
            )
        )
    rows.sort(key=lambda r: (r.average is None, -r.count, -(r.average or 0)))
    return {"rounds": {r.quarter: r for r in rounds}, "rows": rows, "year": year}


def office_years(office):
    return sorted(
        set(
            InspectionRound.objects.filter(office=office, status=Status.PUBLISHED).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )


@dataclass
class OfficeSummary:
    """One office in one quarter, for the zone overview and the zone summary."""

    office: object
    round: object = None  # the office's published round of the quarter, or None (未发布)
    previous: object = None  # its previous published round
    rows: list = field(default_factory=list)  # scored BoardRow, best first, with honours
    scored: int = 0
    mean: Decimal | None = None
    previous_mean: Decimal | None = None
    first: list = field(default_factory=list)
    last: list = field(default_factory=list)
    open_rectifications: int = 0
    overdue_rectifications: int = 0
    comparison: object = None  # comparing.Comparison with `previous`
    # Δ of the mean over the villages scored in both rounds (of the mean 得分率, in percentage
    # points, when the criteria differ); None when the rounds do not compare.
    mean_delta: Decimal | None = None

    @property
    def best(self):
        return self.rows[0].total if self.rows else None

    @property
    def worst(self):
        return self.rows[-1].total if self.rows else None

    @property
    def spread(self):
        return self.best - self.worst if self.rows else None

    @property
    def top(self):
        return self.rows[:3]

    @property
    def bottom(self):
        """The last three, none of them already among the top three."""
        return self.rows[max(3, len(self.rows) - 3) :]

    @property
    def red_flags(self):
        return [r for r in self.rows if r.red_flag]

    @property
    def red_list(self):
        return [r for r in self.rows if r.red_list]

    @property
    def attention(self):
        return [r for r in self.rows if r.attention]


def zone_state(offices, today):
    """The quarters in which any of the offices published a round (latest first), and a version of
    everything the zone's pages show besides names: it changes with any publish, withdraw or
    republish (each saves the round) and any rectification added, changed or deleted. Two queries."""
    periods, version, _published = zone_state_rounds(offices, today)
    return periods, version


def zone_state_rounds(offices, today):
    """zone_state, and the published rounds it read (for zone_overview)."""
    office_ids = sorted(o.pk for o in offices)
    published = list(
        InspectionRound.objects.filter(office_id__in=office_ids, status=Status.PUBLISHED).order_by("pk")
    )
    rounds = tuple((r.pk, r.updated_at, r.year, r.quarter) for r in published)
    items = (
        Rectification.objects.filter(village__office_id__in=office_ids)
        .order_by()
        .aggregate(n=Count("id"), last=Max("updated_at"))
    )
    periods = sorted({(year, quarter) for _pk, _at, year, quarter in rounds}, reverse=True)
    return periods, (tuple(office_ids), rounds, items["n"], items["last"], today), published


def zone_overview(offices, today, period=None, published=None):
    """Every office in one quarter (by default the latest any of them published): its published
    round or none (未发布, never another quarter), with ranks, honours, mean and the previous
    round's mean, and the change where the rounds compare (inspections.comparison). Five queries
    (the rounds, their criteria, standings, rectifications), whatever the number of offices and
    villages; four when the offices' `published` rounds are given (zone_state_rounds)."""
    offices = list(offices)
    if published is None:
        published = InspectionRound.objects.filter(office__in=offices, status=Status.PUBLISHED)
    office_ids = {o.pk for o in offices}
    published = sorted(
        (r for r in published if r.office_id in office_ids), key=lambda r: (r.year, r.quarter, r.pk)
    )
    if period is None and published:
        period = (published[-1].year, published[-1].quarter)
    current, previous = {}, {}
    for rnd in published:
        key = (rnd.year, rnd.quarter)
        if key == period:
            current[rnd.office_id] = rnd
        elif period is not None and key < period:
            previous[rnd.office_id] = rnd  # ascending order: the latest earlier round wins
    wanted = list(current.values()) + list(previous.values())
    criteria = defaultdict(list)
    if previous:
        for c in Criterion.objects.filter(round__in=wanted):
            criteria[c.round_id].append(c)
    by_round = defaultdict(list)
    for s in Standing.objects.filter(round__in=wanted, total__isnull=False).select_related("village"):
        by_round[s.round_id].append(s)  # unscored villages are neither ranked nor compared
    open_items = {
        row["village__office"]: row
        for row in Rectification.objects.filter(village__office__in=offices)
        .exclude(status=Rectification.Status.VERIFIED)
        .values("village__office")
        .annotate(
            n=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today, status=Rectification.Status.OPEN))
        )
    }
    summaries = []
    for office in offices:
        summary = OfficeSummary(office=office, round=current.get(office.pk), previous=previous.get(office.pk))
        items = open_items.get(office.pk)
        if items:
            summary.open_rectifications, summary.overdue_rectifications = items["n"], items["overdue"]
        if summary.previous is not None:
            summary.previous_mean = rounded_mean(s.total for s in by_round[summary.previous.pk])
        if summary.round is not None:
            standings = sorted(by_round[summary.round.pk], key=lambda s: s.position)
            summary.rows = _rows_from_standings(standings, [])
            if summary.previous is not None:
                earlier = by_round[summary.previous.pk]
                summary.comparison = _compare(
                    summary.rows,
                    summary.round,
                    criteria[summary.round.pk],
                    summary.previous,
                    criteria[summary.previous.pk],
                    earlier,
                )
                summary.mean_delta = summary.comparison.mean_delta(
                    {s.village_id: s.total for s in standings}, {s.village_id: s.total for s in earlier}
                )
            _honours(summary.rows, office)
            summary.scored = len(standings)
            if standings:
                summary.mean = rounded_mean(s.total for s in standings)
                summary.first = [s for s in standings if s.rank == standings[0].rank]
                summary.last = [
                    s for s in standings if s.rank == standings[-1].rank and s.rank != standings[0].rank
                ]
        summaries.append(summary)
    return period, summaries


@dataclass
class Dashboard:
    village: object
    round: object = None
    standing: object = None
    count: int = 0
    movement: int | None = None
    is_new: bool = False
    office_mean: Decimal | None = None
    best: Decimal | None = None
    comparison: object = None  # comparing.Comparison with the previous published round
    # (round, standing, 得分率 or None) per trend round; the rate is given when their criteria differ
    trend_rows: list = field(default_factory=list)
    rates_differ: bool = False
    common_rank: int | None = None  # among the villages scored in both rounds, when they differ
    previous_common_rank: int | None = None
    criteria: list = field(default_factory=list)  # (criterion, own mean, office mean)
    trend: list = field(default_factory=list)  # (round, standing) oldest first
    remarks: list = field(default_factory=list)
    rectifications: list = field(default_factory=list)

    @property
    def movement_abs(self):
        return abs(self.movement) if self.movement is not None else None


def village_dashboard(village):
    """我的村: the village's latest published result against its office, and its history."""
    dash = Dashboard(village=village)
    rounds = list(
        InspectionRound.objects.filter(office_id=village.office_id, status=Status.PUBLISHED).order_by(
            "year", "quarter"
        )
    )
    own = {s.round_id: s for s in Standing.objects.filter(village=village, round__in=rounds)}
    dash.trend = [(r, own[r.pk]) for r in rounds if r.pk in own and own[r.pk].total is not None]
    dash.rectifications = list(
        Rectification.objects.filter(village=village)
        .select_related("round", "village", "verified_by")
        .order_by("status", "deadline")
    )
    latest = next((r for r in reversed(rounds) if r.pk in own), None)
    if latest is None:
        return dash
    dash.round, dash.standing = latest, own[latest.pk]
    previous = previous_published(latest, rounds)
    both = [latest.pk] + ([previous.pk] if previous is not None else [])
    scored = defaultdict(list)
    for s in Standing.objects.filter(round__in=both, total__isnull=False):
        scored[s.round_id].append(s)
    everyone = scored[latest.pk]
    dash.count = len(everyone)
    if everyone:
        dash.office_mean = rounded_mean(s.total for s in everyone)
        dash.best = max(s.total for s in everyone)
    all_criteria = defaultdict(list)
    for c in Criterion.objects.filter(round__in=[r.pk for r, _s in dash.trend] + both):
        all_criteria[c.round_id].append(c)
    criteria = all_criteria[latest.pk]
    # Totals over rounds with other criteria do not compare: their 得分率 is shown beside them.
    possible = {
        r.pk: comparing.possible_total(comparing.items_of(all_criteria[r.pk])) for r, _s in dash.trend
    }
    rubrics = {
        tuple(sorted(comparing.items_of(all_criteria[r.pk]), key=lambda i: i.name)) for r, _s in dash.trend
    }
    dash.rates_differ = len(rubrics) > 1
    dash.trend_rows = [
        (r, s, comparing.rate(s.total, possible[r.pk]) if dash.rates_differ else None) for r, s in dash.trend
    ]
    for c in criteria:
        values = [Decimal(s.criterion_means[str(c.pk)]) for s in everyone if str(c.pk) in s.criterion_means]
        office_mean = rounded_mean(values)
        dash.criteria.append((c, _decimal(dash.standing.criterion_means.get(str(c.pk))), office_mean))
    if previous is not None:
        dash.comparison = comparing.compare_rounds(
            latest,
            criteria,
            {s.village_id: s.total for s in everyone},
            previous,
            all_criteria[previous.pk],
            {s.village_id: s.total for s in scored[previous.pk]},
        )
    if previous is not None and dash.standing.rank is not None:
        before = own.get(previous.pk)
        if before is not None and before.rank is not None:
            dash.movement = dash.comparison.movement(village.pk)
            if not dash.comparison.same_field and dash.movement is not None:
                dash.common_rank = dash.comparison.ranks[village.pk]
                dash.previous_common_rank = dash.comparison.previous_ranks[village.pk]
        else:
            dash.is_new = True
    dash.remarks = list(
        Commentary.objects.filter(round__in=rounds)
        .filter(Q(village=village) | Q(village__isnull=True))
        .select_related("round")
        .order_by("-round__year", "-round__quarter", F("village").asc(nulls_first=True), "kind", "id")
    )
    return dash


def arena_state(rnd):
    """The arena screen's data: each site's sheets in / expected; totals and running ranks of
    the villages staff have revealed (亮分). Plain values, ready for JSON."""
    progress = [p for p in selectors.round_progress(rnd) if not p["site"].is_learning_visit]
    revealed = {p["site"].village_id for p in progress if p["site"].revealed_at}
    totals = {}
    if revealed:
        _criteria, rows = selectors.round_results(rnd)
        shown = [r for r in rows if r.village.pk in revealed and r.result.scored]
        ranks = competition_ranks([r.result.total for r in shown])
        totals = {r.village.pk: (r.result.total, rank) for r, rank in zip(shown, ranks, strict=True)}
    # Ranks are final once every site is revealed and every sheet is in; until then they are
    # running ranks among the villages revealed so far (暂列), and may still change.
    final = all(p["site"].revealed_at and p["submitted"] >= p["expected"] for p in progress)
    rank_text = _("第{rank}名") if final else _("暂列第{rank}名")
    villages = []
    for p in progress:
        vid = p["site"].village_id
        total, rank = totals.get(vid, (None, None))
        villages.append(
            {
                "id": vid,
                "name": p["site"].village.name,
                "order": p["site"].order,
                "submitted": p["submitted"],
                "expected": p["expected"],
                "revealed": vid in revealed,
                # Revealed before every sheet is in: the figure may still move.
                "provisional": vid in revealed and p["submitted"] < p["expected"],
                "total": str(total) if total is not None else None,
                "rank": rank,
                "rank_label": rank_text.format(rank=rank) if rank else "",
            }
        )
    return {
        "round": rnd.pk,
        "final": final,
        "status": rnd.status,
        "status_label": str(rnd.get_status_display()),
        "villages": villages,
        "submitted": sum(v["submitted"] for v in villages),
        "expected": sum(v["expected"] for v in villages),
    }
