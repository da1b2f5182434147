"""Two published quarters of 郑港办事处 with hand-chosen sheets, so every figure is known.

Villages of 郑港 (sites in this order): 慈航路社区, 谷庄村, 后宋村, 陶庄村, then (Q2 only)
富鑫工作站 and 前进村. Two judges (评委甲, 评委乙); criteria as in helpers.CRITERIA, so a judge's
total is 定标亮诺 + 2 × 人居环境整治 + 集体经济 and the village total is the mean of the two.
No extremes are dropped (only two judges).

Q1 2022 (date 2022-03-20):
    慈航路社区  (18, 18, 34) ×2            → 88.00   rank 1
    陶庄村      (16, 17, 34) ×2            → 84.00   rank 2
    后宋村      (16.2, 16, 33) = 81.2 and (16, 16, 33) = 81.0 → 81.10  rank 3   (定标亮诺 mean 16.10)
    谷庄村      (14, 13.8, 27) ×2          → 68.60   rank 4
    secretary of 谷庄村 then: 李春生

Between the quarters 谷庄村's secretary changes: 李春生 leaves 2022-04-30, 赵新民 from 2022-05-01.

Q2 2022 (date 2022-06-20):
    后宋村      (18.5, 19, 36) ×2          → 92.50   rank 1   Δ +11.40  ↑2 (3 → 1)
    慈航路社区  (17, 17, 34) ×2            → 85.00   rank 2   Δ −3.00   ↓1 (1 → 2)
    富鑫工作站  (17, 18, 33) = 86, (17, 17, 33) = 84 → 85.00  rank 2   新 (not in Q1)
    谷庄村      (15.5, 16, 31) ×2 = 78.50, bonus +1.5 → 80.00  rank 4   Δ +11.40  — (4 → 4)
    陶庄村      (16, 16, 32) ×2 = 80, deduction −2 → 78.00   rank 5   Δ −6.00   ↓3 (2 → 5)
    前进村      one draft sheet only        → 未评分, no rank
    Ties share a rank: 1, 2, 2, 4, 5.
"""

import datetime
from types import SimpleNamespace

import pytest

from villages.models import Secretary, Village

from .helpers import build_round, make_user


@pytest.fixture
def zg(zone):
    """郑港's extra villages and two judges."""
    return make_zg(zone)


def make_zg(zone):
    office = zone.zg
    extra = {}
    for order, (name, kind, secretary) in enumerate(
        [
            ("后宋村", Village.Kind.VILLAGE, "宋立新"),
            ("陶庄村", Village.Kind.VILLAGE, "陶红梅"),
            ("富鑫工作站", Village.Kind.WORKSTATION, "富海涛"),
            ("前进村", Village.Kind.VILLAGE, "钱进"),
        ],
        start=3,
    ):
        extra[name] = Village.objects.create(office=office, name=name, kind=kind, sort_order=order)
        Secretary.objects.create(village=extra[name], name=secretary, start_date=datetime.date(2021, 1, 1))
    zone.cihang.sort_order, zone.guzhuang.sort_order = 1, 2
    zone.cihang.save()
    zone.guzhuang.save()
    return SimpleNamespace(
        zone=zone,
        office=office,
        staff=zone.users["staff"],
        cihang=zone.cihang,
        guzhuang=zone.guzhuang,
        housong=extra["后宋村"],
        taozhuang=extra["陶庄村"],
        fuxin=extra["富鑫工作站"],
        qianjin=extra["前进村"],
        judges=[make_user("judge_1", first_name="评委甲"), make_user("judge_2", first_name="评委乙")],
    )


def build_q1(zg, status="published"):
    return build_round(
        zg.office,
        2022,
        1,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.taozhuang],
        judges=zg.judges,
        staff=zg.staff,
        status=status,
        sheets={
            zg.cihang: [(18, 18, 34), (18, 18, 34)],
            zg.guzhuang: [(14, "13.8", 27), (14, "13.8", 27)],
            zg.housong: [("16.2", 16, 33), (16, 16, 33)],
            zg.taozhuang: [(16, 17, 34), (16, 17, 34)],
        },
    )[0]


def change_guzhuang_secretary(zg):
    old = Secretary.objects.get(village=zg.guzhuang, end_date__isnull=True)
    old.end_date = datetime.date(2022, 4, 30)
    old.save()
    Secretary.objects.create(village=zg.guzhuang, name="赵新民", start_date=datetime.date(2022, 5, 1))


def build_q2(zg, status="published"):
    return build_round(
        zg.office,
        2022,
        2,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.taozhuang, zg.fuxin, zg.qianjin],
        judges=zg.judges,
        staff=zg.staff,
        status=status,
        sheets={
            zg.cihang: [(17, 17, 34), (17, 17, 34)],
            zg.guzhuang: [("15.5", 16, 31), ("15.5", 16, 31)],
            zg.housong: [("18.5", 19, 36), ("18.5", 19, 36)],
            zg.taozhuang: [(16, 16, 32), (16, 16, 32)],
            zg.fuxin: [(17, 18, 33), (17, 17, 33)],
        },
        drafts={zg.qianjin: [(10, 10, 10)]},
        adjustments={zg.guzhuang: "1.5", zg.taozhuang: "-2"},
    )[0]


@pytest.fixture
def quarters(zg):
    """Q1 and Q2 2022 of 郑港, both published; 谷庄村's secretary changed in between."""
    return make_quarters(zg)


def make_quarters(zg):
    q1 = build_q1(zg)
    change_guzhuang_secretary(zg)
    q2 = build_q2(zg)
    zg.q1, zg.q2 = q1, q2
    return zg
