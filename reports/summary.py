"""The office summary (季度通报) of one round: everything a leader reads in it, gathered from what
`inspections` and `villages` offer. Nothing here computes a score; it arranges published figures
and writes the overview from the facts the round holds, and never states what they do not hold.

A fixed number of queries, whatever the number of villages, judges or criteria.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from inspections import boards
from inspections.models import Commentary, Rectification, SitePhoto
from inspections.scoring import rounded_mean
from villages.selectors import pledge_fulfilment

from .models import SummaryHeading

MAX_PHOTOS = 6
DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (for 一是…二是…)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def _ordinal(n):
    """一, 二, 三 in Chinese; (1), (2), (3) in other languages."""
    return chinese_number(n) if translation.get_language().startswith("zh") else f"({n})"


@dataclass
class VillageRemarks:
    village: object
    highlights: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    requirements: list = field(default_factory=list)


@dataclass
class RectificationLine:
    item: object
    overdue: bool
    earlier: bool  # raised in an earlier round, still open


@dataclass
class PledgeLine:
    village: object
    fulfilment: object


@dataclass
class OfficeSummary:
    round: object
    office: object
    heading: object
    today: object
    provisional: bool
    board: object
    improvement: object
    sites: list
    learning_sites: list
    scored: list
    mean: object
    overview: str
    round_highlights: list
    round_problems: list
    requirements: list  # (prefix such as "一是", text)
    requirement_speakers: list
    village_remarks: list
    rectifications: list
    pledges: list
    photos: list

    @property
    def overdue_count(self):
        return sum(1 for line in self.rectifications if line.overdue)

    @property
    def stage_text(self):
        return "+".join(str(label) for label in self.round.stage_labels)


def _names(rows):
    return "、".join(r.village.name for r in rows)


def _overview(rnd, sites, learning, scored, unscored, mean, improvement):
    text = [
        _("{date}，{office}开展{title}。").format(
            date=formats.date_format(rnd.date), office=rnd.office.name, title=rnd.title
        )
    ]
    if rnd.host:
        text.append(_("活动由{host}主持。").format(host=rnd.host))
    if rnd.participants.strip():
        text.append(_("参加人员：{people}。").format(people=rnd.participants.strip().rstrip("。.")))
    if rnd.stages:
        text.append(_("活动采取“{stages}”的形式进行。").format(stages="+".join(map(str, rnd.stage_labels))))
    if sites:
        if learning:
            text.append(
                _("共观摩{n}个点位，并到{names}观摩学习。").format(
                    n=len(sites),
                    names="、".join(f"{s.village.office.name}{s.village.name}" for s in learning),
                )
            )
        else:
            text.append(_("共观摩{n}个点位。").format(n=len(sites)))
    if scored:
        best = [r for r in scored if r.rank == scored[0].rank]
        text.append(
            _("{n}个单位参加评分，平均总分{mean}分，{names}以{total}分位列第一。").format(
                n=len(scored), mean=mean, names=_names(best), total=best[0].total
            )
        )
    else:
        text.append(_("本轮尚无评分结果。"))
    if unscored:
        text.append(_("{n}个单位未评分。").format(n=len(unscored)))
    ranked, comparison = improvement.ranked, improvement.comparison
    if improvement.previous is None:
        return "".join(text)
    period = improvement.previous.period_label
    if not comparison.comparable:
        text.append(_("评分办法与{period}不同，本轮不作比较。").format(period=period))
    elif ranked and ranked[0].delta > 0:
        top = [r for r in ranked if r.improvement_rank == 1]
        if comparison.by_rate:
            # The criteria differ: totals do not compare, 得分率 (total ÷ possible total) does.
            text.append(
                _(
                    "评分细则与{period}不同，按得分率比较，{names}进步最大，得分率提高{delta}个百分点。"
                ).format(period=period, names=_names(top), delta=top[0].delta)
            )
        else:
            text.append(
                _("与{period}相比，{names}进步最大，总分提高{delta}分。").format(
                    period=period, names=_names(top), delta=top[0].delta
                )
            )
    return "".join(text)


def _remarks(rnd, board):
    order = {row.village.pk: i for i, row in enumerate(board.rows)}
    round_highlights, round_problems, requirements, speakers, by_village = [], [], [], [], {}
    for remark in Commentary.objects.filter(round=rnd).select_related("village").order_by("id"):
        if remark.village_id is None:
            if remark.kind == Commentary.Kind.REQUIREMENT:
                requirements.append(remark.text)
                speakers.append(remark.speaker)
            elif remark.kind == Commentary.Kind.HIGHLIGHT:
                round_highlights.append(remark.text)
            else:
                round_problems.append(remark.text)
            continue
        entry = by_village.setdefault(remark.village_id, VillageRemarks(village=remark.village))
        {
            Commentary.Kind.HIGHLIGHT: entry.highlights,
            Commentary.Kind.PROBLEM: entry.problems,
            Commentary.Kind.REQUIREMENT: entry.requirements,
        }[remark.kind].append(remark.text)
    villages = sorted(
        by_village.values(), key=lambda v: (order.get(v.village.pk, len(order)), v.village.name)
    )
    # "一是…二是…" as the seed's reports number them; a lone requirement is not numbered.
    numbered = [
        (_("{ordinal}是").format(ordinal=_ordinal(i)) if len(requirements) > 1 else "", text)
        for i, text in enumerate(requirements, start=1)
    ]
    return round_highlights, round_problems, numbered, speakers, villages


def _rectifications(rnd, today):
    items = (
        Rectification.objects.filter(village__office_id=rnd.office_id)
        .filter(
            Q(round=rnd)
            | (
                ~Q(status=Rectification.Status.VERIFIED)
                & (
                    Q(round__year__lt=rnd.year)
                    | Q(round__year=rnd.year, round__quarter__lt=rnd.quarter)
                    | Q(round__isnull=True, raised_on__lte=rnd.date)  # raised between rounds
                )
            )
        )
        .select_related("village", "round")
        .order_by("round__year", "round__quarter", "deadline", "id")
    )
    lines = [
        RectificationLine(item=i, overdue=i.is_overdue_on(today), earlier=i.round_id != rnd.pk) for i in items
    ]
    lines.sort(key=lambda line: (not line.earlier, line.item.village.sort_order, line.item.deadline))
    return lines


def office_summary(rnd, today):
    """The 通报 of `rnd` as of `today` (the print date: overdue items are judged on it)."""
    board = boards.stage_subtotals(boards.leaderboard(rnd))
    improvement = boards.improvement_board(rnd, board=board)
    all_sites = list(rnd.sites.select_related("village__office").order_by("order", "id"))
    sites = [s for s in all_sites if not s.is_learning_visit]
    learning = [s for s in all_sites if s.is_learning_visit]  # shown with their office's name
    scored = [r for r in board.rows if r.scored]
    unscored = [r for r in board.rows if not r.scored]
    mean = rounded_mean(r.total for r in scored)
    round_highlights, round_problems, requirements, speakers, village_remarks = _remarks(rnd, board)
    fulfilment = pledge_fulfilment([r.village.pk for r in board.rows], rnd.year, rnd.quarter, rnd.date)
    photos = list(
        SitePhoto.objects.filter(round=rnd)
        .select_related("village")
        .order_by("uploaded_at", "id")[:MAX_PHOTOS]
    )
    return OfficeSummary(
        round=rnd,
        office=rnd.office,
        heading=SummaryHeading.objects.filter(round=rnd).first(),
        today=today,
        provisional=not rnd.is_published,
        board=board,
        improvement=improvement,
        sites=sites,
        learning_sites=learning,
        scored=scored,
        mean=mean,
        overview=_overview(rnd, sites, learning, scored, unscored, mean, improvement),
        round_highlights=round_highlights,
        round_problems=round_problems,
        requirements=requirements,
        requirement_speakers=speakers,
        village_remarks=village_remarks,
        rectifications=_rectifications(rnd, today),
        pledges=[PledgeLine(village=r.village, fulfilment=fulfilment.get(r.village.pk)) for r in board.rows],
        photos=photos,
    )
