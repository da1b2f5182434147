"""inspections/scoring.py: what test_scoring.py leaves open, worked out by hand.

Criteria 1 (weight 1) and 2 (weight 2). Village 1: judge 1 (8, 7) = 22, judge 2 (6, 9) = 24,
judge 3 (9, 9) = 27, a bonus of +1.5. Village 2: judge 1 (5, 5) = 15, a deduction of −2.

Without dropping: village 1's means 23/3 = 7.67 and 25/3 = 8.33, judges' mean 73/3 = 24.33,
total 73/3 + 3/2 = 155/6 = 25.83. Dropping 27 (high) and 22 (low): judge 2 alone, 24.00 + 1.5 = 25.50.
Village 2 (one sheet, nothing dropped): 15 − 2 = 13.00.
"""

from decimal import Decimal as D
from fractions import Fraction

from inspections.scoring import (
    CriterionSpec,
    SheetInput,
    compute_round,
    judge_total,
    round_half_up,
    village_result,
)

CRITERIA = [CriterionSpec(1, D("1")), CriterionSpec(2, D("2"))]


def sheets():
    rows = [(1, 1, "8", "7"), (1, 2, "6", "9"), (1, 3, "9", "9"), (2, 1, "5", "5")]
    return [
        SheetInput(village_id=v, judge_id=j, values={1: D(a), 2: D(b)}, sheet_id=100 * v + j)
        for v, j, a, b in rows
    ]


ADJUSTMENTS = {1: D("1.5"), 2: D("-2")}


def test_compute_round_keeps_every_sheet_unless_asked_and_applies_each_villages_adjustment():
    first, second = compute_round(CRITERIA, sheets(), village_ids=[1, 2], adjustments=ADJUSTMENTS)
    assert first.village_id == 1
    assert first.criterion_means == {1: D("7.67"), 2: D("8.33")}
    assert first.judges_mean == D("24.33")
    assert first.exact_judges_mean == Fraction(73, 3)
    assert first.adjustment == D("1.5")
    assert first.exact_total == Fraction(155, 6)
    assert first.total == D("25.83")
    assert first.kept_total == D("73")
    assert [s.dropped for s in first.sheets] == ["", "", ""]
    assert [s.sheet_id for s in first.sheets] == [101, 102, 103]
    assert (second.village_id, second.total, second.adjustment, second.rank) == (2, D("13.00"), D("-2"), 2)
    assert first.rank == 1


def test_compute_round_drops_extremes_when_asked():
    first, second = compute_round(
        CRITERIA, sheets(), village_ids=[1, 2], adjustments=ADJUSTMENTS, drop_extremes=True
    )
    assert [(s.judge_id, s.dropped) for s in first.sheets] == [(1, "low"), (2, ""), (3, "high")]
    assert first.criterion_means == {1: D("6.00"), 2: D("9.00")}
    assert first.judges_mean == D("24.00")
    assert first.total == D("25.50")
    assert first.kept_count == 1
    assert [s.judge_id for s in first.dropped_sheets] == [1, 3]
    assert second.total == D("13.00")


def test_compute_round_without_adjustments_and_with_a_village_without_sheets():
    results = compute_round(CRITERIA, sheets(), village_ids=[3, 2])  # village 1's sheets are not asked for
    assert [(r.village_id, r.total, r.rank, r.adjustment) for r in results] == [
        (2, D("15.00"), 1, D("0")),
        (3, None, None, D("0")),
    ]


def test_village_result_keeps_the_adjustment_and_sheet_ids():
    result = village_result(2, [s for s in sheets() if s.village_id == 2], CRITERIA, adjustment=D("-2"))
    assert result.adjustment == D("-2")
    assert [s.sheet_id for s in result.sheets] == [201]
    assert result.exact_judges_mean == Fraction(15)
    assert result.exact_total == Fraction(13)
    empty = village_result(4, [], CRITERIA, adjustment=D("3"))
    assert empty.adjustment == D("3") and empty.total is None and not empty.scored


def test_decimals_are_rounded_half_up_not_to_even():
    assert round_half_up(D("0.125")) == D("0.13")
    assert round_half_up(D("0.135")) == D("0.14")
    assert round_half_up(D("-0.125")) == D("-0.13")
    assert round_half_up(D("2.5")) == D("2.50")
    assert round_half_up(Fraction(0)) == D("0.00")
    assert str(round_half_up(Fraction(0))) == "0.00"


def test_a_judge_total_is_a_decimal_even_with_no_criteria():
    total = judge_total({}, [])
    assert total == D("0") and isinstance(total, D)
