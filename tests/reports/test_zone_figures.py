"""The zone summary's figures (reports/zone.py) from `zone_summary` itself.

Q1 2023: 郑港 publishes 慈航路社区 (18, 18, 34) = 88.00 and 谷庄村 (16, 17, 34) = 84.00, mean 86.00;
新港 publishes 田王村 (18, 18, 36) = 90.00 and 世东建设 (14, 14, 28) = 70.00, mean 80.00; 银河 publishes
nothing. A judge's total is 定标亮诺 + 2 × 人居环境整治 + 集体经济.
"""

import datetime
from decimal import Decimal

import pytest

from inspections import charts
from inspections.models import Rectification
from reports.zone import zone_summary
from tests.boards.conftest import make_zg
from tests.boards.helpers import build_round
from villages.models import Office

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 7, 1)


@pytest.fixture
def offices(zone):
    zg = make_zg(zone)
    z = zone
    yh = Office.objects.create(name="银河办事处", sort_order=3)
    build_round(
        z.zg,
        2023,
        1,
        villages=[z.cihang, z.guzhuang],
        judges=zg.judges,
        staff=zg.staff,
        sheets={z.cihang: [(18, 18, 34)] * 2, z.guzhuang: [(16, 17, 34)] * 2},
    )
    xg_round = build_round(
        z.xg,
        2023,
        1,
        villages=[z.tianwang, z.shidong],
        judges=zg.judges,
        staff=z.users["other_staff"],
        sheets={z.tianwang: [(18, 18, 36)] * 2, z.shidong: [(14, 14, 28)] * 2},
    )[0]
    d = datetime.date
    for village, deadline, status in [
        (z.cihang, d(2023, 6, 30), "open"),  # overdue
        (z.cihang, d(2023, 6, 1), "done"),  # open, fix reported: not overdue
        (z.guzhuang, d(2023, 7, 1), "open"),  # due today: not yet overdue
        (z.guzhuang, d(2023, 1, 1), "verified"),  # closed: neither
        (z.tianwang, d(2023, 2, 1), "open"),  # overdue
        (z.shidong, d(2023, 8, 1), "open"),
    ]:
        Rectification.objects.create(
            round=xg_round if village.office_id == z.xg.pk else None,
            village=village,
            problem="问题",
            responsible="责任人",
            deadline=deadline,
            status=status,
        )
    return [z.zg, z.xg, yh]


def test_each_office_with_its_figures_and_the_zone_totals(offices):
    summary = zone_summary(offices, 2023, 1, TODAY)
    assert summary.period_label == "2023年第一季度"
    assert (summary.year, summary.quarter, summary.today) == (2023, 1, TODAY)
    assert [s.office.name for s in summary.offices] == ["郑港办事处", "新港办事处", "银河办事处"]
    assert [s.office.name for s in summary.published] == ["郑港办事处", "新港办事处"]
    assert [s.office.name for s in summary.unpublished] == ["银河办事处"]
    by_name = {s.office.name: s for s in summary.offices}
    assert (by_name["郑港办事处"].open_rectifications, by_name["郑港办事处"].overdue_rectifications) == (3, 1)
    assert (by_name["新港办事处"].open_rectifications, by_name["新港办事处"].overdue_rectifications) == (2, 1)
    assert summary.open_rectifications == 5
    assert summary.overdue_rectifications == 2  # the overdue count, not the open one


def test_the_chart_shows_every_published_office_with_its_mean_best_and_worst(offices):
    summary = zone_summary(offices, 2023, 1, TODAY)
    expected = charts.comparison_chart(
        [
            ("郑港办事处", Decimal("86.00"), Decimal("88.00"), Decimal("84.00")),
            ("新港办事处", Decimal("80.00"), Decimal("90.00"), Decimal("70.00")),
        ],
        mean_label="平均总分",
        range_label="最低—最高",
    )
    assert summary.chart == expected
    assert "郑港办事处" in summary.chart and "新港办事处" in summary.chart
    assert "银河办事处" not in summary.chart
    for figure in (">86.00<", ">84.00—88.00<", ">80.00<", ">70.00—90.00<"):
        assert figure in summary.chart
    assert "平均总分" in summary.chart and "最低—最高" in summary.chart


def test_a_quarter_nobody_published_has_no_chart(offices):
    summary = zone_summary(offices, 2023, 2, TODAY)
    assert summary.published == []
    assert len(summary.unpublished) == 3
    assert summary.chart == ""
    assert summary.period_label == "2023年第二季度"
