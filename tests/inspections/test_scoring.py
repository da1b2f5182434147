"""The scoring rules, with expected numbers worked out by hand (no database)."""

import doctest
from decimal import Decimal as D
from fractions import Fraction

from inspections import scoring
from inspections.scoring import (
    CriterionSpec,
    SheetInput,
    assign_ranks,
    compute_round,
    judge_total,
    round_half_up,
    village_result,
)

C1, C2 = 1, 2


def sheet(judge, values, village=1, submitted=True):
    return SheetInput(
        village_id=village, judge_id=judge, values={k: D(v) for k, v in values.items()}, submitted=submitted
    )


def test_judge_total_is_the_weighted_sum():
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("2"))]
    # 9 × 1 + 8 × 2 = 25
    assert judge_total({C1: D("9"), C2: D("8")}, criteria) == D("25")


def test_mean_of_two_sheets_without_dropping():
    """Two sheets are too few to drop extremes: A = 8 + 9 = 17, B = 7 + 8.5 = 15.5, mean 16.25."""
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("1"))]
    r = village_result(
        1, [sheet(1, {C1: "8", C2: "9"}), sheet(2, {C1: "7", C2: "8.5"})], criteria, drop_extremes=True
    )
    assert r.total == D("16.25")
    assert r.criterion_means == {C1: D("7.50"), C2: D("8.75")}
    assert r.dropped_sheets == []
    assert r.kept_count == 2


def test_drop_highest_and_lowest_judge_totals_with_weights():
    """Weights 1 and 2. Totals: J1 9+16=25, J2 7+12=19, J3 8+18=26, J4 10+20=30 (high), J5 6+10=16 (low).

    Kept J1, J2, J3: (25 + 19 + 26) / 3 = 23.333… → 23.33.
    Criterion means of kept sheets: C1 (9+7+8)/3 = 8.00, C2 (8+6+9)/3 = 7.666… → 7.67.
    """
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("2"))]
    sheets = [
        sheet(1, {C1: "9", C2: "8"}),
        sheet(2, {C1: "7", C2: "6"}),
        sheet(3, {C1: "8", C2: "9"}),
        sheet(4, {C1: "10", C2: "10"}),
        sheet(5, {C1: "6", C2: "5"}),
    ]
    r = village_result(1, sheets, criteria, drop_extremes=True)
    assert r.total == D("23.33")
    assert r.judges_mean == D("23.33")
    assert r.criterion_means == {C1: D("8.00"), C2: D("7.67")}
    assert {s.judge_id: s.dropped for s in r.sheets} == {1: "", 2: "", 3: "", 4: "high", 5: "low"}
    assert r.kept_count == 3


def test_without_drop_rule_every_submitted_sheet_counts():
    """Same five sheets, rule off: (25 + 19 + 26 + 30 + 16) / 5 = 23.20."""
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("2"))]
    sheets = [
        sheet(1, {C1: "9", C2: "8"}),
        sheet(2, {C1: "7", C2: "6"}),
        sheet(3, {C1: "8", C2: "9"}),
        sheet(4, {C1: "10", C2: "10"}),
        sheet(5, {C1: "6", C2: "5"}),
    ]
    r = village_result(1, sheets, criteria, drop_extremes=False)
    assert r.total == D("23.20")
    assert r.dropped_sheets == []


def test_three_sheets_keep_only_the_middle_one():
    """Totals 12, 15, 18: drop 18 and 12, keep 15."""
    criteria = [CriterionSpec(C1, D("1"))]
    r = village_result(
        1, [sheet(1, {C1: "12"}), sheet(2, {C1: "15"}), sheet(3, {C1: "18"})], criteria, drop_extremes=True
    )
    assert r.total == D("15.00")
    assert [s.dropped for s in r.sheets] == ["low", "", "high"]


def test_equal_extremes_drop_exactly_one_high_and_one_low():
    """All three judge totals are 20 (12+8, 8+12, 10+10): one sheet is dropped as lowest and one as
    highest (the lowest judge id counts as lowest, the highest as highest), so J2 alone is kept."""
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("1"))]
    sheets = [sheet(1, {C1: "12", C2: "8"}), sheet(2, {C1: "8", C2: "12"}), sheet(3, {C1: "10", C2: "10"})]
    r = village_result(1, sheets, criteria, drop_extremes=True)
    assert [s.dropped for s in r.sheets] == ["low", "", "high"]
    assert r.criterion_means == {C1: D("8.00"), C2: D("12.00")}
    assert r.total == D("20.00")


def test_drafts_are_ignored_and_do_not_enable_dropping():
    """Sheets: 8 (submitted), 9 (submitted), 1 (draft). Only two count, so nothing is dropped: 8.50."""
    criteria = [CriterionSpec(C1, D("1"))]
    sheets = [sheet(1, {C1: "8"}), sheet(2, {C1: "9"}), sheet(3, {C1: "1"}, submitted=False)]
    r = village_result(1, sheets, criteria, drop_extremes=True)
    assert r.total == D("8.50")
    assert [s.judge_id for s in r.sheets] == [1, 2]
    assert r.dropped_sheets == []


def test_a_village_with_only_drafts_is_not_scored():
    criteria = [CriterionSpec(C1, D("1"))]
    r = village_result(1, [sheet(1, {C1: "8"}, submitted=False)], criteria, drop_extremes=True)
    assert not r.scored
    assert r.total is None
    assert r.sheets == []


def test_half_up_rounding_of_an_exact_xx5():
    """Weight 1.5: 8.1 × 1.5 = 12.15 and 8.2 × 1.5 = 12.3; mean 24.45 / 2 = 12.225 exactly → 12.23.

    (Banker's rounding would give 12.22, and so would binary floats, where 12.225 is 12.2249999….)
    """
    criteria = [CriterionSpec(C1, D("1.5"))]
    r = village_result(1, [sheet(1, {C1: "8.1"}), sheet(2, {C1: "8.2"})], criteria)
    assert r.total == D("12.23")
    assert r.criterion_means == {C1: D("8.15")}


def test_small_weight_rounding_of_an_xx5():
    """Weight 0.15: 7 → 1.05, 8 → 1.20; mean 1.125 → 1.13."""
    criteria = [CriterionSpec(C1, D("0.15"))]
    r = village_result(1, [sheet(1, {C1: "7"}), sheet(2, {C1: "8"})], criteria)
    assert r.total == D("1.13")


def test_bonus_and_deduction_apply_after_the_average():
    """16.25 from the judges, + 1.5 bonus − 0.25 deduction = 17.50."""
    criteria = [CriterionSpec(C1, D("1")), CriterionSpec(C2, D("1"))]
    r = village_result(
        1,
        [sheet(1, {C1: "8", C2: "9"}), sheet(2, {C1: "7", C2: "8.5"})],
        criteria,
        adjustment=D("1.5") + D("-0.25"),
    )
    assert r.judges_mean == D("16.25")
    assert r.total == D("17.50")


def test_rounding_happens_once_on_the_exact_total():
    """Judges' mean 70/3 = 23.333…; with a 0.004 bonus the exact total is 23.3373… → 23.34.

    Rounding the mean first would give 23.33 + 0.004 = 23.334 → 23.33.
    """
    criteria = [CriterionSpec(C1, D("1"))]
    sheets = [sheet(1, {C1: "25"}), sheet(2, {C1: "19"}), sheet(3, {C1: "26"})]
    r = village_result(1, sheets, criteria, adjustment=D("0.004"))
    assert r.exact_total == Fraction(70, 3) + Fraction(4, 1000)
    assert r.total == D("23.34")


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    """Totals 90, 85.5, 85.5, 80 and one village without sheets → ranks 1, 2, 2, 4, unranked last."""
    criteria = [CriterionSpec(C1, D("1"))]
    sheets = [
        sheet(1, {C1: "85.5"}, village=20),
        sheet(1, {C1: "90"}, village=10),
        sheet(1, {C1: "80"}, village=40),
        sheet(1, {C1: "85.5"}, village=30),
    ]
    results = compute_round(criteria, sheets, village_ids=[50, 10, 20, 30, 40])
    assert [(r.village_id, r.rank, r.total) for r in results] == [
        (10, 1, D("90.00")),
        (20, 2, D("85.50")),
        (30, 2, D("85.50")),
        (40, 4, D("80.00")),
        (50, None, None),
    ]


def test_ranks_follow_the_rounded_total():
    """Village 1: (85.5 + 85.5 + 85.51) / 3 = 85.50333… → 85.50; village 2: 85.50. Same rounded total, same rank."""
    criteria = [CriterionSpec(C1, D("1"))]
    sheets = [
        sheet(1, {C1: "85.5"}, village=1),
        sheet(2, {C1: "85.5"}, village=1),
        sheet(3, {C1: "85.51"}, village=1),
        sheet(1, {C1: "85.5"}, village=2),
    ]
    results = compute_round(criteria, sheets, village_ids=[1, 2], drop_extremes=False)
    assert [(r.village_id, r.rank, r.total) for r in results] == [(1, 1, D("85.50")), (2, 1, D("85.50"))]


def test_sheets_of_villages_outside_the_round_are_ignored():
    criteria = [CriterionSpec(C1, D("1"))]
    results = compute_round(criteria, [sheet(1, {C1: "5"}, village=99)], village_ids=[1])
    assert [(r.village_id, r.scored) for r in results] == [(1, False)]


def test_round_half_up_goes_away_from_zero():
    assert round_half_up(Fraction(1, 200)) == D("0.01")
    assert round_half_up(Fraction(-1, 200)) == D("-0.01")
    assert round_half_up(Fraction(1, 3)) == D("0.33")
    assert round_half_up(D("2.675")) == D("2.68")


def test_assign_ranks_keeps_given_order_among_equals():
    criteria = [CriterionSpec(C1, D("1"))]
    a = village_result(7, [sheet(1, {C1: "5"}, village=7)], criteria)
    b = village_result(3, [sheet(1, {C1: "5"}, village=3)], criteria)
    assert [r.village_id for r in assign_ranks([a, b])] == [7, 3]


def test_module_examples_hold():
    assert doctest.testmod(scoring).failed == 0
