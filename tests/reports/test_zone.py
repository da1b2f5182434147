"""The zone overview by quarter and the zone summary: every office in one quarter, never another's."""

import re

import pytest
from django.urls import reverse

from tests.boards.helpers import build_round, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone_quarters(summary_data):
    """新港 publishes only Q1 2022 (田王村 90.00, 世东建设 70.00)."""
    z = summary_data.zone
    build_round(
        z.xg,
        2022,
        1,
        villages=[z.tianwang, z.shidong],
        judges=summary_data.judges,
        staff=z.users["other_staff"],
        sheets={z.tianwang: [(18, 18, 36)] * 2, z.shidong: [(14, 14, 28)] * 2},
    )
    return summary_data


def test_overview_defaults_to_the_latest_quarter_and_lists_the_others_as_unpublished(zone_quarters, login):
    response = login(zone_quarters.zone.users["zone_leader"]).get(reverse("inspections:zone-overview"))
    html = response.content.decode()
    assert "全区概览 · 2022年第二季度" in html
    assert '<option value="2022-2" selected>' in html and '<option value="2022-1">' in html
    cards = re.findall(r'<section class="card h-100">(.*?)</section>', html, re.S)
    xg = next(c for c in cards if "新港办事处" in c)
    assert "未发布" in xg and "田王村" not in xg  # never replaced by its first quarter
    assert reverse("reports:zone-summary", args=[2022, 2]) in html


def test_overview_of_a_chosen_quarter(zone_quarters, login):
    html = (
        login(zone_quarters.zone.users["zone_leader"])
        .get(reverse("inspections:zone-overview") + "?period=2022-1")
        .content.decode()
    )
    assert "全区概览 · 2022年第一季度" in html
    assert "田王村 90.00" in html and "慈航路社区 88.00" in html
    # An unknown period falls back to the latest.
    html = (
        login(zone_quarters.zone.users["zone_leader"])
        .get(reverse("inspections:zone-overview") + "?period=1999-9")
        .content.decode()
    )
    assert "全区概览 · 2022年第二季度" in html


def test_zone_summary_compares_the_offices(zone_quarters, login):
    response = login(zone_quarters.zone.users["zone_leader"]).get(
        reverse("reports:zone-summary", args=[2022, 2])
    )
    html = response.content.decode()
    rows = {r[0]: r for r in table(response, "comparison")[1:]}
    # 郑港 Q2: mean 84.10, best 92.50, worst 78.00, spread 14.50. The change is over the four
    # villages scored in both (富鑫工作站 is new): Q2 (92.50 + 85 + 80 + 78) / 4 = 83.875 → 83.88,
    # Q1 (88 + 84 + 81.10 + 68.60) / 4 = 80.425 → 80.43; 83.88 − 80.43 = +3.45.
    assert rows["郑港办事处"][2:8] == [
        "5",
        "84.10",
        "92.50",
        "78.00",
        "14.50",
        "+3.45 比2022年第一季度（两次都参评的 4 个单位）",
    ]
    assert rows["新港办事处"][1] == "未发布"
    assert "<svg" in html and "84.10" in html
    sections = re.findall(r'data-testid="office-section">(.*?)</section>', html, re.S)
    assert "流动红旗" in sections[0] and "后宋村" in sections[0]
    first = re.search(r"<tr><td class=\"center\">1</td>.*?</tr>", sections[0]).group(0)
    assert "后宋村" in first and "↑2" in first  # 3rd in Q1, 1st in Q2
    assert "未发布" in sections[1]
    overview = re.search(r'data-testid="overview">([^<]*)<', html).group(1)
    assert "共有 1 个办事处（社区服务中心）发布了“亮赛比”观摩评比成绩，5 个单位参评" in overview
    assert "新港办事处本季度未发布成绩。" in overview
