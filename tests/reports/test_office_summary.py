"""The office summary page (通报): what a leader reads, in order, with hand-worked figures.

Figures of 郑港 Q2 2022 (tests/boards/conftest.py): 后宋村 92.50 (实地观摩 18.5 + 2×19 = 56.50,
擂台比武 36.00), 慈航路社区 85.00, 富鑫工作站 85.00, 谷庄村 80.00 (78.50 + 1.5), 陶庄村 78.00
(80 − 2), 前进村 未评分. Mean of the five scored: 420.50 / 5 = 84.10.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from reports.models import SummaryHeading
from tests.boards.helpers import table

pytestmark = pytest.mark.django_db


def summary_url(rnd):
    return reverse("reports:office-summary", args=[rnd.pk])


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_leader_reaches_the_summary_in_one_click_from_the_leaderboard(summary_data, login):
    client = login(summary_data.zone.users["leader"])
    board = client.get(reverse("inspections:leaderboard", args=[summary_data.q2.pk])).content.decode()
    assert f'href="{summary_url(summary_data.q2)}"' in board
    assert "打印通报" in board
    detail = client.get(reverse("inspections:round-detail", args=[summary_data.q2.pk])).content.decode()
    assert f'href="{summary_url(summary_data.q2)}"' in detail


def test_overview_states_the_rounds_facts(summary_data, login):
    response = login(summary_data.zone.users["leader"]).get(summary_url(summary_data.q2))
    assert response.status_code == 200
    text = text_of(response)
    assert "郑港办事处2022年第二季度“亮赛比”观摩评比情况通报" in text
    overview = re.search(r'data-testid="overview">([^<]*)<', response.content.decode()).group(1)
    assert "共观摩6个点位。" in overview
    assert "5个单位参加评分，平均总分84.10分，后宋村以92.50分位列第一。" in overview
    assert "1个单位未评分。" in overview
    assert "与2022年第一季度相比，后宋村、谷庄村进步最大，总分提高11.40分。" in overview


def test_overview_without_a_previous_round_says_nothing_of_improvement(summary_data, login):
    text = text_of(login(summary_data.zone.users["leader"]).get(summary_url(summary_data.q1)))
    assert "进步最大" not in text
    assert "没有更早发布的成绩可比较，本轮不排进步榜。" in text
    assert "未评分。" not in text  # every Q1 site was scored


def test_ranking_table_with_stage_subtotals_movement_and_honours(summary_data, login):
    response = login(summary_data.zone.users["leader"]).get(summary_url(summary_data.q2))
    rows = table(response, "ranking")
    assert rows[0] == [
        "排名",
        "单位",
        "书记",
        "实地观摩",
        "擂台比武",
        "加减分",
        "总分",
        "变化",
        "升降",
        "荣誉",
    ]
    body = {r[1]: r for r in rows[1:]}
    assert body["后宋村"] == [
        "1",
        "后宋村",
        "宋立新",
        "56.50",
        "36.00",
        "—",
        "92.50",
        "+11.40",
        "↑2",
        "★流动红旗 红榜",
    ]
    # Movement among the four villages scored in both quarters (富鑫工作站 is new).
    assert body["谷庄村"][2:9] == ["赵新民", "47.50", "31.00", "+1.5", "80.00", "+11.40", "↑1"]
    assert body["陶庄村"][5:9] == ["−2", "78.00", "−6.00", "↓2"]
    assert body["富鑫工作站"][8] == "新"
    assert body["前进村"][6] == "未评分"
    improvement = table(response, "improvement")
    assert [r[1] for r in improvement[1:]] == ["后宋村", "谷庄村", "慈航路社区", "陶庄村"]
    assert improvement[1] == ["1", "后宋村", "81.10", "92.50", "+11.40", "↑2"]
    assert improvement[2][0] == "1"  # tied with 后宋村
    assert "新参评（上一轮未参评，不排进步榜）：富鑫工作站" in text_of(response)


def test_remarks_requirements_rectifications_pledges_photos_and_signatures(summary_data, login):
    response = login(summary_data.zone.users["leader"]).get(summary_url(summary_data.q2))
    html = response.content.decode()
    text = text_of(response)
    assert "后宋村 亮点： 后宋村集体经济稳步增长" in text
    assert "陶庄村 问题： 陶庄村坑塘清淤不及时" in text
    assert "一是要充分发挥党建引领作用。" in text
    assert "二是要扎实推进人居环境整治。" in text
    assert "三是要压实整改责任。" in text

    items = table(response, "rectifications")
    assert items[0] == ["序号", "单位", "整改事项", "责任人", "整改时限", "状态"]
    by_problem = {r[2].split(" ")[0]: r for r in items[1:]}
    assert set(by_problem) == {
        "坑塘清淤",
        "背街小巷杂物",
        "走访台账缺反馈",
    }  # the Q1 verified one is not listed
    assert by_problem["坑塘清淤"][3] == "陶红梅"
    assert by_problem["坑塘清淤"][5] == "整改中 已逾期"
    assert by_problem["背街小巷杂物"][5] == "已提交"  # a fix was reported: not overdue
    assert "2022年第一季度提出" in by_problem["走访台账缺反馈"][2]
    assert "逾期 1 项" in text

    pledges = {r[0]: r[1:] for r in table(response, "pledges")[1:]}
    assert pledges["慈航路社区"] == ["1", "1", "0", "100%"]
    assert pledges["谷庄村"] == ["1", "0", "1", "0%"]
    assert pledges["后宋村"] == ["0", "—", "—", "—"]

    assert html.count("<figure>") == 6  # seven uploaded, six printed
    assert "现场照片1（后宋村）" in text
    assert f"打印日期：{timezone.localdate():%Y}年" in text


def test_one_requirement_is_not_numbered(summary_data, login):
    from inspections.models import Commentary

    Commentary.objects.create(round=summary_data.q1, kind="requirement", text="要正视自身不足。")
    text = text_of(login(summary_data.zone.users["leader"]).get(summary_url(summary_data.q1)))
    assert "要正视自身不足。" in text
    assert "一是要正视" not in text


def test_staff_fill_in_the_document_number_and_issuer(summary_data, login):
    client = login(summary_data.staff)
    response = client.post(
        summary_url(summary_data.q2),
        {"document_number": "郑港党工〔2022〕12号", "reviewer": "刘倩", "issuer": "朱永立"},
    )
    assert response.status_code == 302
    text = text_of(client.get(summary_url(summary_data.q2)))
    assert "郑港党工〔2022〕12号" in text
    assert "审核： 刘倩" in text and "签发： 朱永立" in text
    heading = SummaryHeading.objects.get(round=summary_data.q2)
    assert heading.updated_by == summary_data.staff
    assert heading.history.count() == 1


def test_control_characters_in_the_heading_are_removed_before_it_is_stored(summary_data, login):
    client = login(summary_data.staff)
    response = client.post(
        summary_url(summary_data.q2),
        {
            "document_number": "郑港党工\x00〔2022〕\x0b12号\x1b",
            "reviewer": "刘\x07倩",
            "issuer": "\x85朱永立\u2028",
        },
    )
    assert response.status_code == 302
    heading = SummaryHeading.objects.get(round=summary_data.q2)
    assert (heading.document_number, heading.reviewer, heading.issuer) == (
        "郑港党工〔2022〕\n12号",
        "刘倩",
        "朱永立",
    )
    # The history row, which the backup carries, is as clean as the row.
    [record] = heading.history.all()
    assert (record.document_number, record.reviewer, record.issuer) == (
        "郑港党工〔2022〕\n12号",
        "刘倩",
        "朱永立",
    )


def test_the_admin_cleans_the_heading_as_the_page_does(summary_data, login):
    client = login(summary_data.zone.users["admin"])
    response = client.post(
        reverse("admin:reports_summaryheading_add"),
        {
            "round": summary_data.q2.pk,
            "document_number": "\x01文号\x02",
            "reviewer": "审\x1f核",
            "issuer": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    heading = SummaryHeading.objects.get(round=summary_data.q2)
    assert (heading.document_number, heading.reviewer) == ("文号", "审核")


def test_a_too_long_document_number_is_refused_and_kept_on_the_form(summary_data, login):
    client = login(summary_data.staff)
    response = client.post(
        summary_url(summary_data.q2), {"document_number": "号" * 51, "reviewer": "刘倩", "issuer": ""}
    )
    assert response.status_code == 200
    assert "号" * 51 in response.content.decode()  # what was typed stays
    assert "不超过 50 字符" in response.content.decode()
    assert not SummaryHeading.objects.exists()


def test_leaders_cannot_change_the_heading(summary_data, login):
    response = login(summary_data.zone.users["leader"]).post(
        summary_url(summary_data.q2), {"document_number": "x"}
    )
    assert response.status_code == 403
    assert not SummaryHeading.objects.exists()


def test_staff_preview_an_unpublished_round_marked_provisional(summary_data, login):
    services.round_withdraw(rnd=summary_data.q2, user=summary_data.staff, reason="更正一处录入错误")
    staff = login(summary_data.staff)
    response = staff.get(summary_url(summary_data.q2))
    assert response.status_code == 200
    assert "暂定 · 未发布" in response.content.decode()
    pdf = staff.get(reverse("reports:office-summary-pdf", args=[summary_data.q2.pk]))
    assert pdf.status_code == 200


def test_a_draft_round_has_no_summary(summary_data, login):
    from tests.boards.helpers import build_round

    draft, _ = build_round(
        summary_data.office,
        2022,
        4,
        villages=[summary_data.cihang],
        judges=summary_data.judges,
        staff=summary_data.staff,
        sheets={},
        status="draft",
    )
    assert login(summary_data.staff).get(summary_url(draft)).status_code == 404
