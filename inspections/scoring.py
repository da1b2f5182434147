"""The scoring rules of a round, on plain values (no database).

Per village, only submitted sheets count. A judge's total is Σ weight × value. If the round
drops extremes and the village has at least 3 submitted sheets, one sheet with the highest
judge total and one with the lowest are dropped. The village's value per criterion is the
mean of the kept sheets; its total is the mean of the kept judge totals (= Σ weight ×
criterion mean) plus bonuses minus deductions. Arithmetic is exact (fractions); what is
shown and stored is rounded to 2 places, half up. Ranks follow the rounded total; ties
share a rank and the next is skipped (1, 2, 2, 4); villages without a submitted sheet come
last, unranked (未评分).

>>> c = [CriterionSpec(id=1, weight=Decimal("1"))]
>>> sheets = [SheetInput(village_id=7, judge_id=j, values={1: Decimal(v)}, submitted=True)
...           for j, v in [(1, "8"), (2, "9"), (3, "10")]]
>>> [r.total for r in compute_round(c, sheets, village_ids=[7], drop_extremes=True)]
[Decimal('9.00')]
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")
MIN_SHEETS_TO_DROP = 3


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal


@dataclass(frozen=True)
class SheetInput:
    village_id: int
    judge_id: int
    values: dict  # criterion id -> Decimal
    submitted: bool = True
    sheet_id: int | None = None


@dataclass
class SheetResult:
    judge_id: int
    sheet_id: int | None
    values: dict
    total: Decimal  # exact Σ weight × value (finite decimals stay exact)
    dropped: str = ""  # "high", "low" or ""

    @property
    def kept(self):
        return not self.dropped


@dataclass
class VillageResult:
    village_id: int
    sheets: list = field(default_factory=list)  # submitted sheets only, in judge order
    criterion_means: dict = field(default_factory=dict)  # criterion id -> Decimal (2 places)
    judges_mean: Decimal | None = None  # 2 places
    adjustment: Decimal = Decimal("0")
    total: Decimal | None = None  # 2 places; None when not scored
    kept_total: Decimal | None = None  # Σ of the kept sheets' judge totals (exact)
    exact_judges_mean: Fraction | None = None
    exact_total: Fraction | None = None
    rank: int | None = None

    @property
    def scored(self):
        return self.total is not None

    @property
    def kept_count(self):
        return sum(1 for s in self.sheets if s.kept)

    @property
    def dropped_sheets(self):
        return [s for s in self.sheets if s.dropped]


def round_half_up(value):
    """Round a Fraction or Decimal to 2 places, halves away from zero.

    >>> round_half_up(Fraction(10045, 1000)), round_half_up(Fraction(-1, 200))
    (Decimal('10.05'), Decimal('-0.01'))
    """
    if isinstance(value, Decimal):
        return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    frac = Fraction(value)
    sign = -1 if frac < 0 else 1
    hundredths = (abs(frac) * 100 + Fraction(1, 2)).__floor__()
    return (Decimal(sign * hundredths) / 100).quantize(TWO_PLACES)


def rounded_mean(values):
    """The exact mean of Decimals, rounded half up to 2 places; None for no values.

    >>> rounded_mean([Decimal("80.01"), Decimal("80.02")])
    Decimal('80.02')
    """
    values = list(values)
    if not values:
        return None
    return round_half_up(Fraction(sum(values, Decimal("0"))) / len(values))


def judge_total(values, criteria):
    """Σ weight × value over the criteria; every criterion must have a value."""
    return sum((c.weight * values[c.id] for c in criteria), Decimal("0"))


def _mark_extremes(sheet_results):
    ordered = sorted(sheet_results, key=lambda s: (s.total, s.judge_id))
    ordered[0].dropped = "low"
    ordered[-1].dropped = "high"


def village_result(village_id, sheets, criteria, *, adjustment=Decimal("0"), drop_extremes=False):
    """Score one village from its sheets (drafts are ignored)."""
    submitted = [s for s in sheets if s.submitted]
    result = VillageResult(village_id=village_id, adjustment=adjustment)
    result.sheets = [
        SheetResult(
            judge_id=s.judge_id,
            sheet_id=s.sheet_id,
            values=s.values,
            total=judge_total(s.values, criteria),
        )
        for s in sorted(submitted, key=lambda s: s.judge_id)
    ]
    if not result.sheets:
        return result
    if drop_extremes and len(result.sheets) >= MIN_SHEETS_TO_DROP:
        _mark_extremes(result.sheets)
    kept = [s for s in result.sheets if s.kept]
    n = len(kept)
    for c in criteria:
        result.criterion_means[c.id] = round_half_up(Fraction(sum(s.values[c.id] for s in kept)) / n)
    result.kept_total = sum((s.total for s in kept), Decimal("0"))
    mean = Fraction(result.kept_total) / n
    result.exact_judges_mean = mean
    result.judges_mean = round_half_up(mean)
    result.exact_total = mean + Fraction(adjustment)
    result.total = round_half_up(result.exact_total)
    return result


def competition_ranks(values):
    """Ranks for values already sorted best first: equal values share a rank, the next is skipped.

    >>> competition_ranks([Decimal("90"), Decimal("85.5"), Decimal("85.5"), Decimal("80")])
    [1, 2, 2, 4]
    """
    ranks, previous = [], object()
    for position, value in enumerate(values, start=1):
        ranks.append(ranks[-1] if value == previous else position)
        previous = value
    return ranks


def assign_ranks(results):
    """Order results by rounded total and give competition ranks (1, 2, 2, 4); unscored last.

    Python's sort is stable, so villages with equal totals keep their given order.
    """
    scored = sorted((r for r in results if r.scored), key=lambda r: r.total, reverse=True)
    unscored = [r for r in results if not r.scored]
    for r, rank in zip(scored, competition_ranks([r.total for r in scored]), strict=True):
        r.rank = rank
    for r in unscored:
        r.rank = None
    return scored + unscored


def compute_round(criteria, sheets, *, village_ids, adjustments=None, drop_extremes=False):
    """Score every village in `village_ids` (their order breaks ties) and rank them."""
    adjustments = adjustments or {}
    by_village = {vid: [] for vid in village_ids}
    for s in sheets:
        if s.village_id in by_village:
            by_village[s.village_id].append(s)
    results = [
        village_result(
            vid,
            by_village[vid],
            criteria,
            adjustment=adjustments.get(vid, Decimal("0")),
            drop_extremes=drop_extremes,
        )
        for vid in village_ids
    ]
    return assign_ranks(results)
