"""Only true comparisons: a change is stated only between rounds that compare, and always names
the round it compares with (inspections/comparison.py).

Every round below compares with Q1 2022 of 郑港 (conftest.build_q1: criteria 定标亮诺 20 ×1,
人居环境整治 20 ×2, 集体经济 40 ×1, possible total 100; 慈航路社区 88.00 (1st), 陶庄村 84.00 (2nd),
后宋村 81.10 (3rd), 谷庄村 68.60 (4th)). Two judges give the same values, so a village's total is
v1 + 2·v2 + v3 (+ v4 where there is a fourth criterion).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from inspections import charts, services
from inspections.comparison import (
    NONE,
    RATE,
    TOTAL,
    Item,
    common_ranks,
    compare,
    possible_total,
    rate,
    rubric_changes,
)

from .comparison_data import (
    RUBRIC_NOTE,
    make_drop_rule,
    make_fewer_villages,
    make_new_criterion,
    make_skipped,
)
from .helpers import build_round, table, table_after, text_of

pytestmark = pytest.mark.django_db

Q1 = "2022年第一季度"


def board_rows(response):
    """{village: [total, Δ, movement]} of the leaderboard."""
    rows = table(response, "leaderboard")
    return {
        row[1].split()[0]: [c.replace("\u2212", "-") for c in row[3:6]]
        for row in rows
        if row and row[0] not in ("", "排名")
    }


def improvement_rows(response):
    return [[c.replace("\u2212", "-") for c in row] for row in table(response, "improvement")[1:]]


def get(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


# --- the rule, on plain values -------------------------------------------------------------


def items(*rows):
    return [Item(name, Decimal(m), Decimal(w)) for name, m, w in rows]


BASE = items(("定标亮诺", "20", "1"), ("人居环境整治", "20", "2"), ("集体经济", "40", "1"))


def test_same_criteria_and_scoring_compare_totals():
    cmp = compare(BASE, False, {1: Decimal("90")}, list(reversed(BASE)), False, {1: Decimal("85.5")})
    assert cmp.basis == TOTAL and cmp.reasons == [] and cmp.note == ""
    assert cmp.delta(1, Decimal("90"), Decimal("85.5")) == Decimal("4.5")


def test_what_changed_in_the_criteria_is_listed():
    now = items(
        ("定标亮诺", "20", "1"), ("人居环境整治", "25", "2"), ("集体经济", "40", "2"), ("疫情防控", "10", "1")
    )
    before = [*BASE, Item("档案资料", Decimal("5"), Decimal("1"))]
    assert rubric_changes(now, before) == [
        "新增“疫情防控”（满分10，权重1）",
        "取消“档案资料”",
        "“人居环境整治”满分由20改为25",
        "“集体经济”权重由1改为2",
    ]
    assert possible_total(now) == Decimal("20") + 50 + 80 + 10


def test_a_changed_rubric_compares_the_rate_in_percentage_points():
    now = [*BASE, Item("疫情防控", Decimal("10"), Decimal("1"))]
    cmp = compare(now, False, {1: Decimal("99")}, BASE, False, {1: Decimal("81.10")})
    assert cmp.basis == RATE and (cmp.possible, cmp.previous_possible) == (110, 100)
    # 99 / 110 = 90.00 %, 81.10 / 100 = 81.10 %: +8.90 percentage points (not +17.90 points).
    assert cmp.delta(1, Decimal("99"), Decimal("81.10")) == Decimal("8.90")
    # 94 / 110 = 85.4545…% against 88 %: −2.5454… → −2.55.
    assert cmp.delta(1, Decimal("94"), Decimal("88")) == Decimal("-2.55")
    assert rate(Decimal("92"), Decimal("110")) == Decimal("83.64")


def test_a_changed_way_of_scoring_compares_nothing():
    cmp = compare(BASE, True, {1: Decimal("90")}, BASE, False, {1: Decimal("85")})
    assert cmp.basis == NONE and not cmp.comparable
    assert cmp.delta(1, Decimal("90"), Decimal("85")) is None and cmp.movement(1) is None
    assert cmp.reasons == ["本次去掉一个最高分和一个最低分，上次不去掉"]


def test_movement_is_among_the_villages_scored_in_both():
    now = {1: Decimal("80"), 2: Decimal("75"), 3: Decimal("90")}  # 3 is new
    before = {1: Decimal("81.10"), 2: Decimal("84"), 4: Decimal("88")}  # 4 left
    cmp = compare(BASE, False, now, BASE, False, before)
    assert cmp.common == {1, 2} and not cmp.same_field
    assert (cmp.movement(1), cmp.movement(2), cmp.movement(3)) == (1, -1, None)
    assert common_ranks({1: Decimal("5"), 2: Decimal("5"), 3: Decimal("4")}, {1, 2, 3}) == {1: 1, 2: 1, 3: 3}


def test_the_comparison_chart_axis_starts_at_zero():
    svg = charts.comparison_chart(
        [("郑港办事处", Decimal("84.10"), Decimal("92.50"), Decimal("78.00"))],
        mean_label="平均",
        range_label="范围",
    )
    assert ">0.00</text>" in svg and ">92.50</text>" in svg


# --- a changed rubric: Q2 adds 疫情防控 (max 10, ×1); possible total 110 --------------------------


@pytest.fixture
def new_criterion(zg):
    return make_new_criterion(zg)


def test_a_new_criterion_is_compared_by_rate_on_the_leaderboard(new_criterion, login):
    response = get(login(new_criterion.zone.users["leader"]), "inspections:leaderboard", new_criterion.q2.pk)
    # Ranks Q2: 后宋 1, 慈航 2, 陶庄 3, 谷庄 4; Q1: 慈航 1, 陶庄 2, 后宋 3, 谷庄 4 (same villages).
    assert board_rows(response) == {
        "后宋村": ["99.00", "+8.90", "↑2"],
        "慈航路社区": ["94.00", "-2.55", "↓1"],
        "陶庄村": ["92.00", "-0.36", "↓1"],
        "谷庄村": ["76.00", "+0.49", "—"],
    }
    page = text_of(response)
    assert "得分率变化（百分点）" in page
    assert RUBRIC_NOTE in page
    assert "+17.90" not in page  # the plain Δ total, most of it the new criterion


def test_a_new_criterion_ranks_the_improvement_board_by_rate(new_criterion, login):
    response = get(login(new_criterion.zone.users["leader"]), "inspections:improvement", new_criterion.q2.pk)
    assert improvement_rows(response) == [
        ["1", "后宋村", "+8.90", "90.00% 99.00", "81.10% 81.10", "1 ↑2"],
        ["2", "谷庄村", "+0.49", "69.09% 76.00", "68.60% 68.60", "4 —"],
        ["3", "陶庄村", "-0.36", "83.64% 92.00", "84.00% 84.00", "3 ↓1"],
        ["4", "慈航路社区", "-2.55", "85.45% 94.00", "88.00% 88.00", "2 ↓1"],
    ]
    assert table(response, "improvement")[0][2:5] == [
        "得分率变化（百分点）",
        "本轮得分率",
        "2022年第一季度得分率",
    ]
    assert RUBRIC_NOTE in text_of(response)


def test_a_new_criterion_on_the_dashboard_names_the_round(new_criterion, login):
    response = get(login(new_criterion.staff), "inspections:village-dashboard", new_criterion.housong.pk)
    page = text_of(response)
    assert "第 1 / 4 名 比2022年第一季度上升 2 名" in page
    assert "按两次都参评" not in page  # the same villages both times
    # The trend's totals are out of 100 and 110: their 得分率 is shown beside them.
    assert table_after(response, 'data-testid="line-chart"') == [
        ["季度", "总分", "得分率", "名次", "计分单"],
        ["2022年第一季度", "81.10", "81.10%", "3", "查看"],
        ["2022年第二季度", "99.00", "90.00%", "1", "查看"],
    ]
    assert "各次评分细则不同，总分不能直接比较" in page


# --- a changed field: Q2 scores only 后宋村 and 陶庄村 (2 of Q1's 4) -----------------------------


@pytest.fixture
def fewer_villages(zg):
    return make_fewer_villages(zg)


def test_movement_among_the_villages_scored_in_both_rounds(fewer_villages, login):
    response = get(
        login(fewer_villages.zone.users["leader"]), "inspections:leaderboard", fewer_villages.q2.pk
    )
    # Among the two: Q1 陶庄 84.00 (1st), 后宋 81.10 (2nd); Q2 后宋 1st, 陶庄 2nd. The published ranks
    # (3rd → 1st, 2nd → 2nd) would have said ↑2 and —.
    assert board_rows(response) == {"后宋村": ["80.00", "-1.10", "↑1"], "陶庄村": ["75.00", "-9.00", "↓1"]}
    assert "两次参评单位不完全相同：名次升降按两次都参评的2个单位重新排名后比较。" in text_of(response)


def test_the_secretary_is_not_told_second_of_two_equals_second_of_four(fewer_villages, login):
    response = get(login(fewer_villages.staff), "inspections:village-dashboard", fewer_villages.taozhuang.pk)
    page = text_of(response)
    assert "第 2 / 2 名 比2022年第一季度下降 1 名 按两次都参评的 2 个单位排名：第 1 名 → 第 2 名" in page
    assert "名次与" not in page


# --- a changed way of scoring: Q2 drops the highest and lowest sheet, Q1 did not -------------------


@pytest.fixture
def drop_rule(zg):
    return make_drop_rule(zg)


def test_a_changed_way_of_scoring_shows_no_change_and_says_why(drop_rule, login):
    client = login(drop_rule.zone.users["leader"])
    response = get(client, "inspections:leaderboard", drop_rule.q2.pk)
    assert {v: r[1:] for v, r in board_rows(response).items()} == {
        "慈航路社区": ["—", ""],
        "后宋村": ["—", ""],
        "陶庄村": ["—", ""],
        "谷庄村": ["—", ""],
    }
    why = "评分办法与2022年第一季度不同：本次去掉一个最高分和一个最低分，上次不去掉，本次不作比较。"
    assert why in text_of(response)
    improvement = get(client, "inspections:improvement", drop_rule.q2.pk)
    assert 'data-testid="improvement"' not in improvement.content.decode()
    assert why in text_of(improvement)
    dashboard = get(login(drop_rule.staff), "inspections:village-dashboard", drop_rule.housong.pk)
    assert "评分办法与2022年第一季度不同，不比较名次" in text_of(dashboard)


# --- a skipped quarter: Q2 closed but never published; Q3 compares with Q1 ----------------------


@pytest.fixture
def skipped(zg):
    return make_skipped(zg)


def test_a_skipped_quarter_compares_with_the_last_published_one(skipped, login):
    client = login(skipped.zone.users["leader"])
    response = get(client, "inspections:leaderboard", skipped.q3.pk)
    # Same criteria, same way of scoring, same villages: the plain Δ total and rank movement.
    assert board_rows(response) == {
        "慈航路社区": ["88.00", "+0.00", "—"],
        "后宋村": ["85.00", "+3.90", "↑1"],
        "陶庄村": ["84.00", "+0.00", "↓1"],
        "谷庄村": ["75.00", "+6.40", "—"],
    }
    page = text_of(response)
    assert "变化对比:2022年第一季度" in page
    assert "变化和升降均为与2022年第一季度相比" in page
    assert 'data-testid="comparison-note"' not in response.content.decode()
    improvement = text_of(get(client, "inspections:improvement", skipped.q3.pk))
    assert "与2022年第一季度相比" in improvement and "第二季度" not in improvement
    dashboard = get(login(skipped.staff), "inspections:village-dashboard", skipped.cihang.pk)
    assert "第 1 / 4 名 名次与2022年第一季度相同" in text_of(dashboard)


def test_the_year_view_says_which_quarters_are_not_published(skipped, login):
    response = get(login(skipped.zone.users["leader"]), "inspections:year-view", skipped.office.pk, 2022)
    rows = table(response, "year-view")
    # Q2's round is closed, not published: 评分中; Q4 has no round: 未发布.
    assert rows[1:5] == [
        ["慈航路社区", "88.00 第1名", "评分中", "88.00 第1名", "未发布", "", "88.00（2次）"],
        ["陶庄村", "84.00 第2名", "评分中", "84.00 第3名", "未发布", "", "84.00（2次）"],
        ["后宋村", "81.10 第3名", "评分中", "85.00 第2名", "未发布", "", "83.05（2次）"],
        ["谷庄村", "68.60 第4名", "评分中", "75.00 第4名", "未发布", "", "71.80（2次）"],
    ]


# --- kept pages follow what they compare with ----------------------------------------------------


def test_a_kept_board_compares_with_a_quarter_published_later(skipped, login):
    client = login(skipped.zone.users["leader"])
    url = reverse("inspections:leaderboard", args=[skipped.q3.pk])
    assert "变化对比:2022年第一季度" in text_of(client.get(url))
    services.round_publish(rnd=skipped.q2, user=skipped.staff)  # Q2 is now the previous published round
    page = text_of(client.get(url))
    assert "变化对比:2022年第二季度" in page and "变化对比:2022年第一季度" not in page
    # Q2 scored 富鑫工作站 too (not in Q3): movement among the four villages scored in both.
    assert "两次参评单位不完全相同：名次升降按两次都参评的4个单位重新排名后比较。" in page


def test_a_kept_year_view_shows_a_quarter_being_scored(skipped, login):
    client = login(skipped.zone.users["leader"])
    url = reverse("inspections:year-view", args=[skipped.office.pk, 2022])
    assert [row[4] for row in table(client.get(url), "year-view")[1:]] == ["未发布"] * 4
    build_round(
        skipped.office,
        2022,
        4,
        villages=[skipped.cihang],
        judges=skipped.judges,
        staff=skipped.staff,
        sheets={},
        status="open",
    )
    assert [row[4] for row in table(client.get(url), "year-view")[1:]] == ["评分中"] * 4
