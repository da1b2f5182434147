"""Whether two rounds of an office can be compared, and how (plain values, no database).

Two rounds are comparable when they score the same criteria (name, maximum and weight) the same
way (the round's rule of dropping the highest and the lowest sheet). Then a change is the plain
Δ total, in points.

When the criteria differ but the scoring is the same, totals are not comparable (a new 10-point
criterion adds up to 10 points to everyone), so a change is the Δ of the 得分率 instead, in
percentage points: 得分率 = total ÷ possible total × 100, where the possible total is
Σ maximum × weight over the round's criteria. Bonuses and deductions (加减分) are part of the
total but not of the possible total (they are outside the 评分细则), so a rate may pass 100.

When the way of scoring differs, nothing is compared, and the reason says so.

Rank movement is stated among the villages scored in both rounds: both rounds are ranked again
on those villages only (ties share a rank, 1, 2, 2, 4). When both rounds scored the same
villages this is the plain movement of the published ranks.

Every comparison names the round it compares with (`against`).

>>> c = [Item("定标亮诺", Decimal("20"), Decimal("1"))]
>>> cmp = compare(c, False, {1: Decimal("80"), 2: Decimal("70")}, c, False, {1: Decimal("75"), 2: Decimal("78")})
>>> cmp.basis, cmp.delta(1, Decimal("80"), Decimal("75")), cmp.movement(1)
('total', Decimal('5'), 1)
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .scoring import competition_ranks, round_half_up

TOTAL, RATE, NONE = "total", "rate", "none"


@dataclass(frozen=True)
class Item:
    name: str
    maximum: Decimal
    weight: Decimal


def items_of(criteria):
    """The comparable facts of a round's criteria (model instances or anything with the fields)."""
    return [Item(c.name, Decimal(c.maximum), Decimal(c.weight)) for c in criteria]


def possible_total(items):
    """Σ maximum × weight: the highest total the criteria allow, before bonuses."""
    return sum((i.maximum * i.weight for i in items), Decimal("0"))


def _n(value):
    return format(Decimal(value).normalize(), "f")


def rubric_changes(current, previous):
    """What differs between two lists of Items, as sentences ("新增“环境”（满分10，权重1）")."""
    now, before = {i.name: i for i in current}, {i.name: i for i in previous}
    changes = []
    for i in current:
        if i.name not in before:
            changes.append(
                _("新增“{name}”（满分{max}，权重{weight}）").format(
                    name=i.name, max=_n(i.maximum), weight=_n(i.weight)
                )
            )
    for i in previous:
        if i.name not in now:
            changes.append(_("取消“{name}”").format(name=i.name))
    for i in current:
        old = before.get(i.name)
        if old is None:
            continue
        if old.maximum != i.maximum:
            changes.append(
                _("“{name}”满分由{old}改为{new}").format(name=i.name, old=_n(old.maximum), new=_n(i.maximum))
            )
        if old.weight != i.weight:
            changes.append(
                _("“{name}”权重由{old}改为{new}").format(name=i.name, old=_n(old.weight), new=_n(i.weight))
            )
    return changes


def scoring_changes(drop_now, drop_before):
    if drop_now == drop_before:
        return []
    if drop_now:
        return [_("本次去掉一个最高分和一个最低分，上次不去掉")]
    return [_("上次去掉一个最高分和一个最低分，本次不去掉")]


def common_ranks(totals, ids):
    """Ranks of the villages `ids` among themselves by `totals` {village id: total}."""
    ordered = sorted(ids, key=lambda v: (-totals[v], v))
    return dict(zip(ordered, competition_ranks([totals[v] for v in ordered]), strict=True))


def rate(total, possible):
    """得分率 in percent, two places."""
    if total is None or not possible:
        return None
    return round_half_up(Fraction(total) / Fraction(possible) * 100)


@dataclass
class Comparison:
    previous: object = None  # the round compared with (set by the caller), or None
    basis: str = NONE  # TOTAL, RATE or NONE
    rubric: list = field(default_factory=list)  # how the criteria differ (sentences)
    scoring: list = field(default_factory=list)  # how the way of scoring differs (sentences)
    possible: Decimal | None = None
    previous_possible: Decimal | None = None
    common: frozenset = frozenset()  # villages scored in both rounds
    same_field: bool = True  # both rounds scored the same villages
    ranks: dict = field(default_factory=dict)  # village id -> rank among `common`, this round
    previous_ranks: dict = field(default_factory=dict)  # the same, the previous round

    @property
    def comparable(self):
        return self.basis != NONE

    @property
    def by_rate(self):
        return self.basis == RATE

    @property
    def period(self):
        return self.previous.period_label if self.previous is not None else ""

    @property
    def against(self):
        """与2022年第二季度相比"""
        return _("与{period}相比").format(period=self.period) if self.previous is not None else ""

    @property
    def reasons(self):
        return self.rubric + self.scoring

    @property
    def note(self):
        """What the page must say about this comparison ("" when it is a plain one)."""
        if self.previous is None:
            return ""
        parts = []
        if self.basis == NONE:
            parts.append(
                _("评分办法与{period}不同：{reasons}，本次不作比较。").format(
                    period=self.period, reasons="；".join(self.reasons)
                )
            )
            return "".join(parts)
        if self.basis == RATE:
            parts.append(
                _(
                    "评分细则与{period}不同：{reasons}。总分不能直接比较，变化按得分率"
                    "（总分÷满分总分，本次满分{now}分，{period}满分{before}分，加减分不计入满分）"
                    "计算，单位为百分点。"
                ).format(
                    period=self.period,
                    reasons="；".join(self.rubric),
                    now=_n(self.possible),
                    before=_n(self.previous_possible),
                )
            )
        if not self.same_field:
            parts.append(
                _("两次参评单位不完全相同：名次升降按两次都参评的{n}个单位重新排名后比较。").format(
                    n=len(self.common)
                )
            )
        return "".join(parts)

    def delta(self, village_id, total, previous_total):
        """The change of a village scored in both rounds: points (TOTAL), percentage points of
        得分率 (RATE), or None."""
        if total is None or previous_total is None or self.basis == NONE:
            return None
        if self.basis == TOTAL:
            return total - previous_total
        return round_half_up(
            Fraction(total) / Fraction(self.possible) * 100
            - Fraction(previous_total) / Fraction(self.previous_possible) * 100
        )

    def movement(self, village_id):
        """Places up (+) or down (−) among the villages scored in both rounds; None otherwise."""
        if self.basis == NONE or village_id not in self.common:
            return None
        return self.previous_ranks[village_id] - self.ranks[village_id]

    def mean_delta(self, totals, previous_totals):
        """The change of the mean over the villages scored in both rounds (of the mean 得分率
        when by rate); None when nothing compares."""
        if self.basis == NONE or not self.common:
            return None
        n = len(self.common)
        now = Fraction(sum((totals[v] for v in self.common), Decimal("0"))) / n
        before = Fraction(sum((previous_totals[v] for v in self.common), Decimal("0"))) / n
        if self.basis == TOTAL:
            return round_half_up(now) - round_half_up(before)
        return round_half_up(
            now / Fraction(self.possible) * 100 - before / Fraction(self.previous_possible) * 100
        )


def compare(items, drop_extremes, totals, previous_items, previous_drop_extremes, previous_totals):
    """How a round compares with an earlier one. `items` are the rounds' criteria (Item),
    `totals` the scored villages' totals {village id: Decimal}."""
    comparison = Comparison(
        rubric=rubric_changes(items, previous_items),
        scoring=scoring_changes(drop_extremes, previous_drop_extremes),
        possible=possible_total(items),
        previous_possible=possible_total(previous_items),
    )
    if comparison.scoring:
        comparison.basis = NONE
    elif comparison.rubric:
        comparison.basis = RATE if comparison.possible and comparison.previous_possible else NONE
    else:
        comparison.basis = TOTAL
    common = frozenset(totals) & frozenset(previous_totals)
    comparison.common = common
    comparison.same_field = set(totals) == set(previous_totals)
    comparison.ranks = common_ranks(totals, common)
    comparison.previous_ranks = common_ranks(previous_totals, common)
    return comparison


def compare_rounds(rnd, criteria, totals, previous, previous_criteria, previous_totals):
    """`compare` on rounds and their criteria; `previous` None gives an empty Comparison."""
    if previous is None:
        return Comparison()
    comparison = compare(
        items_of(criteria),
        rnd.drop_extremes,
        totals,
        items_of(previous_criteria),
        previous.drop_extremes,
        previous_totals,
    )
    comparison.previous = previous
    return comparison
