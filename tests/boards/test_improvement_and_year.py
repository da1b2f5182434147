"""The improvement board (进步榜) and the year view, through HTTP.

Q1/Q2 2022 of 郑港 are described in conftest.py. Δ total in Q2:
    后宋村 92.50 − 81.10 = +11.40    谷庄村 80.00 − 68.60 = +11.40    (a tie: both 1st)
    慈航路社区 85.00 − 88.00 = −3.00 (3rd)    陶庄村 78.00 − 84.00 = −6.00 (4th)
    富鑫工作站 new in Q2 (listed apart); 前进村 not scored.
"""

import datetime
import re

import pytest
from django.urls import reverse

from villages.models import Secretary, Village

from .helpers import build_round, make_user, table, text_of

pytestmark = pytest.mark.django_db


def improvement_rows(response):
    return [[c.replace("\u2212", "-") for c in row] for row in table(response, "improvement")[1:]]


def test_improvement_board_ranks_by_change(quarters, login):
    response = login(quarters.zone.users["leader"]).get(
        reverse("inspections:improvement", args=[quarters.q2.pk])
    )
    assert response.status_code == 200
    # 进步名次, 单位, 总分变化, 本轮, 上一轮, 擂台榜名次 + movement. 富鑫工作站 is new in Q2, so
    # movement is among the four villages scored in both: Q1 慈航 1, 陶庄 2, 后宋 3, 谷庄 4;
    # Q2 后宋 1, 慈航 2, 谷庄 3, 陶庄 4.
    assert improvement_rows(response) == [
        ["1", "后宋村", "+11.40", "92.50", "81.10", "1 ↑2"],
        ["1", "谷庄村", "+11.40", "80.00", "68.60", "4 ↑1"],
        ["3", "慈航路社区", "-3.00", "85.00", "88.00", "2 ↓1"],
        ["4", "陶庄村", "-6.00", "78.00", "84.00", "5 ↓2"],
    ]
    page = text_of(response)
    assert "本轮新参评(不参与进步排名) 富鑫工作站 · 85.00" in page
    assert "本轮未评分 前进村" in page
    assert "与2022年第一季度相比" in page
    assert "还没有可以比较的上一轮" not in page


def test_first_published_round_has_nothing_to_compare(quarters, login):
    response = login(quarters.staff).get(reverse("inspections:improvement", args=[quarters.q1.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "这是本办事处第一次发布成绩,还没有可以比较的上一轮。" in page
    assert 'data-testid="improvement"' not in response.content.decode()
    # With no previous round nobody is "new this round": the leaderboard marks no 新 either.
    assert "本轮新参评" not in page


def test_secretary_reads_the_improvement_board_other_offices_do_not(quarters, login):
    url = reverse("inspections:improvement", args=[quarters.q2.pk])
    assert login(quarters.zone.users["secretary"]).get(url).status_code == 200
    for persona in ("other_staff", "other_secretary", "nobody"):
        assert login(quarters.zone.users[persona]).get(url).status_code == 403


def test_board_tabs_link_the_leaderboard_improvement_and_year(quarters, login):
    response = login(quarters.zone.users["leader"]).get(
        reverse("inspections:leaderboard", args=[quarters.q2.pk])
    )
    html = response.content.decode()
    assert f'href="{reverse("inspections:improvement", args=[quarters.q2.pk])}"' in html
    assert f'href="{reverse("inspections:year-view", args=[quarters.office.pk, 2022])}"' in html


def year_rows(response):
    return table(response, "year-view")


def test_year_view_of_the_two_quarters(quarters, login):
    response = login(quarters.zone.users["leader"]).get(
        reverse("inspections:year-view", args=[quarters.office.pk, 2022])
    )
    assert response.status_code == 200
    rows = year_rows(response)
    assert rows[0] == ["单位", "第一季度", "第二季度", "第三季度", "第四季度", "走势", "年度平均"]
    # Ordered by the number of quarters scored, then by the year's average: mean of the quarters
    # scored, half up to two places. Q3 and Q4 have no round: 未发布.
    assert rows[1:] == [
        [
            "后宋村",
            "81.10 第3名",
            "92.50 第1名",
            "未发布",
            "未发布",
            "",
            "86.80（2次）",
        ],  # (81.10 + 92.50) / 2
        ["慈航路社区", "88.00 第1名", "85.00 第2名", "未发布", "未发布", "", "86.50（2次）"],  # (88 + 85) / 2
        ["陶庄村", "84.00 第2名", "78.00 第5名", "未发布", "未发布", "", "81.00（2次）"],  # (84 + 78) / 2
        ["谷庄村", "68.60 第4名", "80.00 第4名", "未发布", "未发布", "", "74.30（2次）"],  # (68.60 + 80) / 2
        # Q2 only: a higher average over one quarter is not ranked above those over two.
        ["富鑫工作站", "—", "85.00 第2名", "未发布", "未发布", "", "85.00（1次）"],
        ["前进村", "—", "未评分", "未发布", "未发布", "", "—"],
    ]
    html = response.content.decode()
    # A small trend line for the four villages scored in both quarters, none for the others.
    # (Each is drawn twice: under the name for phones, in its own column on wider screens.)
    assert html.count('class="chart sparkline"') == 2 * 4
    # Quarter headers link to their leaderboards.
    assert f'href="{reverse("inspections:leaderboard", args=[quarters.q1.pk])}"' in html


@pytest.fixture
def xg_year(zone):
    """2023 of 新港 with one criterion (max 100, ×1), two judges giving the same values, so a
    village's total is the value given:

        Q1: 世东建设 80.02 (1st), 田王村 80.01 (2nd), 港区村 70.00 (3rd)
        Q2: 世东建设 80.03 (1st), 田王村 80.02 (2nd), 港区村 not scored (a site, no sheets)
        Q3: 港区村 75.50 (1st) — the only site
        Q4: not held

    Year averages: 世东建设 (80.02 + 80.03) / 2 = 80.025 → 80.03 (half up; half-even gives 80.02);
    田王村 (80.01 + 80.02) / 2 = 80.015 → 80.02 (a float would give 80.01);
    港区村 (70.00 + 75.50) / 2 = 72.75 over the two quarters it was scored in.
    """
    office = zone.xg
    gangqu = Village.objects.create(office=office, name="港区村", sort_order=9)
    Secretary.objects.create(village=gangqu, name="郭港", start_date=datetime.date(2021, 1, 1))
    judges = [make_user("xg_judge_1"), make_user("xg_judge_2")]
    criteria = [("综合评价", "field_visit", "100", "1")]
    staff = zone.users["other_staff"]

    def twice(value):
        return [(value,), (value,)]

    rounds = [
        build_round(
            office,
            2023,
            1,
            villages=[zone.tianwang, zone.shidong, gangqu],
            judges=judges,
            staff=staff,
            criteria=criteria,
            sheets={zone.tianwang: twice("80.01"), zone.shidong: twice("80.02"), gangqu: twice("70")},
        )[0],
        build_round(
            office,
            2023,
            2,
            villages=[zone.tianwang, zone.shidong, gangqu],
            judges=judges,
            staff=staff,
            criteria=criteria,
            sheets={zone.tianwang: twice("80.02"), zone.shidong: twice("80.03")},
        )[0],
        build_round(
            office,
            2023,
            3,
            villages=[gangqu],
            judges=judges,
            staff=staff,
            criteria=criteria,
            sheets={gangqu: twice("75.5")},
        )[0],
    ]
    return office, rounds


def test_year_average_is_the_half_up_mean_of_the_quarters_scored(xg_year, zone, login):
    office, _rounds = xg_year
    client = login(zone.users["other_staff"])
    # The office's latest year is the default.
    response = client.get(reverse("inspections:year-view-latest", args=[office.pk]))
    assert response["Location"] == reverse("inspections:year-view", args=[office.pk, 2023])
    rows = year_rows(client.get(response["Location"]))
    assert rows[1:] == [
        ["世东建设", "80.02 第1名", "80.03 第1名", "—", "未发布", "", "80.03（2次）"],
        ["田王村", "80.01 第2名", "80.02 第2名", "—", "未发布", "", "80.02（2次）"],
        ["港区村", "70.00 第3名", "未评分", "75.50 第1名", "未发布", "", "72.75（2次）"],
    ]


def test_year_view_access(quarters, login):
    url = reverse("inspections:year-view", args=[quarters.office.pk, 2022])
    assert login(quarters.zone.users["secretary"]).get(url).status_code == 200
    for persona in ("other_staff", "other_secretary", "nobody"):
        assert login(quarters.zone.users[persona]).get(url).status_code == 403


def test_a_sparkline_shows_a_missing_quarter_as_missing(xg_year, zone, login):
    office, _rounds = xg_year
    html = (
        login(zone.users["other_staff"])
        .get(reverse("inspections:year-view", args=[office.pk, 2023]))
        .content.decode()
    )
    row = re.search(r"港区村.*?</tr>", html, re.S).group(0)
    spark = re.search(r'<svg[^>]*class="chart sparkline".*?</svg>', row, re.S).group(0)
    dots = [float(x) for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="2" fill="#', spark)]
    # Q1 and Q3 stand at their own quarters, a quarter's width apart twice over, not side by side.
    assert len(dots) == 2 and dots[1] - dots[0] == pytest.approx(2 * (90 - 8) / 3, abs=0.2)
    # The line across Q2 is dashed, and Q2 is marked as missing.
    assert 'stroke-dasharray="2 2"' in spark
    assert spark.count('class="missing"') == 1
    # 世东建设, scored in Q1 and Q2, has a plain line and nothing missing.
    shidong = re.search(r"世东建设.*?</tr>", html, re.S).group(0)
    assert "stroke-dasharray" not in shidong and 'class="missing"' not in shidong
