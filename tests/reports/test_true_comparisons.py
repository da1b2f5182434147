"""The 通报 a leader signs: every comparison true and naming the round it compares with.

The rounds are tests/boards/comparison_data.py's, each compared with Q1 2022 of 郑港
(慈航路社区 88.00, 陶庄村 84.00, 后宋村 81.10, 谷庄村 68.60; mean 80.425 → 80.43).
"""

import html as html_lib
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.boards.comparison_data import (
    RUBRIC_NOTE,
    make_drop_rule,
    make_fewer_villages,
    make_new_criterion,
    make_skipped,
)
from tests.boards.conftest import make_zg
from tests.boards.helpers import table, text_of

pytestmark = pytest.mark.django_db


def get(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response


def overview(response):
    return html_lib.unescape(
        re.search(r'data-testid="overview">([^<]*)<', response.content.decode()).group(1)
    )


def brief_text(response):
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


@pytest.fixture
def leader(zone, login):
    return login(zone.users["leader"])


def test_a_new_criterion_the_summary_compares_the_rate_and_says_so(zone, leader):
    zg = make_new_criterion(make_zg(zone))
    response = get(leader, "reports:office-summary", zg.q2.pk)
    # 后宋村 99.00 of 110 = 90.00 % against 81.10 of 100 = 81.10 %: +8.90 percentage points (the plain
    # Δ total would have been +17.90, most of it the new criterion).
    assert overview(response).endswith(
        "评分细则与2022年第一季度不同，按得分率比较，后宋村进步最大，得分率提高8.90个百分点。"
    )
    page = text_of(response)
    assert RUBRIC_NOTE in page
    assert "总分提高" not in page and "+17.90" not in page
    improvement = table(response, "improvement")
    assert improvement[0][4:7] == ["2022年第一季度得分率", "本轮得分率", "得分率变化（百分点）"]
    assert [c.replace("\u2212", "-") for c in improvement[1]] == [
        "1",
        "后宋村",
        "81.10",
        "99.00",
        "81.10%",
        "90.00%",
        "+8.90",
        "↑2",
    ]
    brief = brief_text(get(leader, "reports:office-brief", zg.q2.pk))
    assert "；按得分率与2022年第一季度相比，后宋村进步最大" in brief
    book = load_workbook(io.BytesIO(get(leader, "reports:office-summary-xlsx", zg.q2.pk).content))
    ranking = [[c.value for c in row] for row in book["排名"].iter_rows(min_row=2)]  # below the title
    change = ranking[0].index("得分率变化（百分点）")
    assert {row[1]: row[change] for row in ranking[1:]}["后宋村"] == pytest.approx(8.90)
    progress = [[c.value for c in row] for row in book["进步榜"].iter_rows(min_row=2)]
    assert progress[0] == [
        "名次",
        "单位",
        "2022年第一季度总分",
        "本次总分",
        "2022年第一季度得分率（%）",
        "本次得分率（%）",
        "得分率变化（百分点）",
        "排名升降",
    ]
    assert progress[1] == [1, "后宋村", 81.1, 99, 81.1, 90, 8.9, "↑2"]


def test_a_skipped_quarter_is_named_in_the_summary_and_the_brief(zone, leader):
    zg = make_skipped(make_zg(zone))
    # Q2 was never published: Q3 compares with Q1. 谷庄村 75.00 − 68.60 = +6.40, the largest.
    summary = get(leader, "reports:office-summary", zg.q3.pk)
    assert overview(summary).endswith("与2022年第一季度相比，谷庄村进步最大，总分提高6.40分。")
    assert 'data-testid="comparison-note"' not in summary.content.decode()
    brief = brief_text(get(leader, "reports:office-brief", zg.q3.pk))
    assert "；与2022年第一季度相比，谷庄村进步最大" in brief
    assert "上一季度" not in brief


def test_a_changed_way_of_scoring_states_no_progress(zone, leader):
    zg = make_drop_rule(make_zg(zone))
    summary = get(leader, "reports:office-summary", zg.q2.pk)
    assert overview(summary).endswith("评分办法与2022年第一季度不同，本轮不作比较。")
    page = text_of(summary)
    assert "进步最大" not in page
    assert "评分办法与2022年第一季度不同，本轮不排进步榜。" in page
    assert "进步最大" not in brief_text(get(leader, "reports:office-brief", zg.q2.pk))


def zone_mean_delta(response):
    rows = {r[0]: r for r in table(response, "comparison")[1:]}
    return rows["郑港办事处"][7].replace("\u2212", "-")


def test_the_zone_mean_change_by_rate_when_the_criteria_differ(zone, login):
    make_new_criterion(make_zg(zone))
    response = get(login(zone.users["zone_leader"]), "reports:zone-summary", 2022, 2)
    # Q2 mean 90.25 of 110 = 82.045…%, Q1 mean 80.425 of 100 = 80.425 %: +1.62 percentage points.
    assert zone_mean_delta(response) == "+1.62 得分率比2022年第一季度（百分点）"
    assert "郑港办事处：" + RUBRIC_NOTE in text_of(response)


def test_the_zone_mean_change_among_the_villages_scored_in_both(zone, login):
    make_fewer_villages(make_zg(zone))
    response = get(login(zone.users["zone_leader"]), "reports:zone-summary", 2022, 2)
    # 后宋村 and 陶庄村 only: Q2 (80 + 75) / 2 = 77.50, Q1 (81.10 + 84) / 2 = 82.55: −5.05 (the means
    # of all scored, 77.50 − 80.43 = −2.93, would mix in two villages not visited in Q2).
    assert zone_mean_delta(response) == "-5.05 比2022年第一季度（两次都参评的 2 个单位）"
    assert "两次参评单位不完全相同：名次升降按两次都参评的2个单位重新排名后比较。" in text_of(response)


def test_no_zone_summary_for_a_quarter_nothing_was_published_in(zone, login):
    make_skipped(make_zg(zone))
    client = login(zone.users["zone_leader"])
    response = client.get(reverse("reports:zone-summary", args=[2022, 2]))
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:zone-overview") + "?period=2022-2"
    page = client.get(response["Location"])
    assert "2022年第二季度各办事处都没有发布的成绩，没有可打印的全区通报。" in text_of(page)
    assert 'data-testid="zone-summary-link"' not in page.content.decode()
    assert 'data-testid="unpublished"' in page.content.decode()  # every office: 未发布
    published = client.get(reverse("inspections:zone-overview") + "?period=2022-3")
    assert 'data-testid="zone-summary-link"' in published.content.decode()
