"""Judge consistency (评委一致性): how each judge scores against the rest of the panel.

Advisory only: nothing here changes a result. A sheet is compared with the mean of the other
judges' totals for the same village; it is flagged when it lies further from them than
`FLAG_SHARE` of the round's highest possible total.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from statistics import pstdev

FLAG_SHARE = Fraction(1, 10)


@dataclass
class JudgeStats:
    judge: object
    sheets: int = 0
    mean_total: Decimal | None = None
    bias: Decimal | None = None  # mean of (own total − others' mean)
    spread: Decimal | None = None  # standard deviation of those differences
    flagged: list = field(default_factory=list)  # (village, own total, others' mean)


def _two(value):
    return Decimal(float(value)).quantize(Decimal("0.01"))


def judge_consistency(rows, criteria):
    """`rows` are selectors.round_results rows; returns (max total, [JudgeStats], threshold)."""
    max_total = sum((c.weight * c.maximum for c in criteria), Decimal("0"))
    threshold = Fraction(max_total) * FLAG_SHARE
    stats, differences, totals = {}, {}, {}
    for row in rows:
        sheets = row.sheets
        for s in sheets:
            judge_stats = stats.setdefault(s.judge.pk, JudgeStats(judge=s.judge))
            judge_stats.sheets += 1
            totals.setdefault(s.judge.pk, []).append(Fraction(s.total))
            others = [Fraction(o.total) for o in sheets if o is not s]
            if not others:
                continue
            others_mean = sum(others) / len(others)
            difference = Fraction(s.total) - others_mean
            differences.setdefault(s.judge.pk, []).append(difference)
            if abs(difference) > threshold:
                judge_stats.flagged.append((row.village, s.total, _two(others_mean)))
    for judge_id, judge_stats in stats.items():
        judge_stats.mean_total = _two(sum(totals[judge_id]) / len(totals[judge_id]))
        diffs = differences.get(judge_id, [])
        if diffs:
            judge_stats.bias = _two(sum(diffs) / len(diffs))
            judge_stats.spread = _two(pstdev([float(d) for d in diffs]))
    ordered = sorted(stats.values(), key=lambda s: (-len(s.flagged), s.judge.username))
    return max_total, ordered, _two(threshold)
