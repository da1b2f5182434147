"""The rounds the comparison tests read (tests/boards/test_comparisons.py,
tests/reports/test_true_comparisons.py); each compares with conftest.build_q1 (Q1 2022 of 郑港).
Two judges give the same values, so a village's total is v1 + 2·v2 + v3 (+ v4)."""

from inspections.models import Stage

from .conftest import build_q1, build_q2
from .helpers import CRITERIA, build_round


def twice(values):
    return [values, values]


WITH_COVID = [*CRITERIA, ("疫情防控", Stage.FIELD_VISIT, "10", "1")]

RUBRIC_NOTE = (
    "评分细则与2022年第一季度不同：新增“疫情防控”（满分10，权重1）。总分不能直接比较，变化按得分率"
    "（总分÷满分总分，本次满分110分，2022年第一季度满分100分，加减分不计入满分）计算，单位为百分点。"
)


def make_new_criterion(zg):
    zg.q1 = build_q1(zg)
    zg.q2 = build_round(
        zg.office,
        2022,
        2,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.taozhuang],
        judges=zg.judges,
        staff=zg.staff,
        criteria=WITH_COVID,
        sheets={
            zg.cihang: twice((17, 17, 34, 9)),  # 94.00 → 85.45 % (88.00 %): −2.55
            zg.guzhuang: twice((14, 14, 28, 6)),  # 76.00 → 69.09 % (68.60 %): +0.49
            zg.housong: twice((18, 18, 35, 10)),  # 99.00 → 90.00 % (81.10 %): +8.90
            zg.taozhuang: twice((16, 17, 34, 8)),  # 92.00 → 83.64 % (84.00 %): −0.36
        },
    )[0]
    return zg


def make_fewer_villages(zg):
    zg.q1 = build_q1(zg)
    zg.q2 = build_round(
        zg.office,
        2022,
        2,
        villages=[zg.housong, zg.taozhuang],
        judges=zg.judges,
        staff=zg.staff,
        sheets={zg.housong: twice((16, 16, 32)), zg.taozhuang: twice((15, 15, 30))},  # 80.00, 75.00
    )[0]
    return zg


def make_drop_rule(zg):
    zg.q1 = build_q1(zg)
    zg.q2 = build_round(
        zg.office,
        2022,
        2,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.taozhuang],
        judges=zg.judges,
        staff=zg.staff,
        drop_extremes=True,
        sheets={
            zg.cihang: twice((18, 18, 34)),
            zg.guzhuang: twice((15, 15, 30)),
            zg.housong: twice((17, 17, 34)),
            zg.taozhuang: twice((16, 17, 34)),
        },
    )[0]
    return zg


def make_skipped(zg):
    zg.q1 = build_q1(zg)
    zg.q2 = build_q2(zg, status="closed")
    zg.q3 = build_round(
        zg.office,
        2022,
        3,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.taozhuang],
        judges=zg.judges,
        staff=zg.staff,
        sheets={
            zg.cihang: twice((18, 18, 34)),  # 88.00, Δ +0.00, 1st → 1st
            zg.guzhuang: twice((15, 15, 30)),  # 75.00, Δ +6.40, 4th → 4th
            zg.housong: twice((17, 17, 34)),  # 85.00, Δ +3.90, 3rd → 2nd
            zg.taozhuang: twice((16, 17, 34)),  # 84.00, Δ +0.00, 2nd → 3rd
        },
    )[0]
    return zg
