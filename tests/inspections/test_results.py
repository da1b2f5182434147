"""Results page, score receipt and bonus/deduction items, with totals worked out by hand.

The round (see conftest.RoundSetup): 定标亮诺 weight 1, 人居环境整治 weight 2, max 10 each, extremes dropped.

谷庄村, four submitted sheets (judge total = c1 + 2 × c2):
    secretary  6    8.5  → 23
    评委甲     8    9    → 26
    评委乙     7    6.5  → 20    lowest, dropped
    评委丙     9.5  9.5  → 28.5  highest, dropped
  kept 23 and 26: judges' mean 24.50; 定标亮诺 (6 + 8) / 2 = 7.00, 人居环境整治 (8.5 + 9) / 2 = 8.75
  bonus +1.5, deduction −0.25 → adjustment 1.25 → total 25.75, rank 1.

慈航路社区 (secretary is barred), two submitted sheets (too few to drop) and one draft (ignored):
    评委甲 8    9    → 26
    评委乙 7.5  8.4  → 24.3
    评委丙 draft 1, 1
  mean (26 + 24.3) / 2 = 25.15; 定标亮诺 7.75, 人居环境整治 8.70 → total 25.15, rank 2.

后宋村: only a draft → 未评分, no rank, listed last.
"""

import re

import pytest
from django.urls import reverse

from inspections.models import Adjustment, RoundSite
from villages.models import Village

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def squash(html):
    """Tags out, whitespace collapsed: the text a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def scored(round_setup, login):
    s = round_setup
    s.housong = Village.objects.create(office=s.office, name="后宋村")
    RoundSite(round=s.rnd, village=s.housong, order=4).save()
    s.open()
    s.sheet(s.secretary, s.guzhuang, 6, 8.5)
    s.sheet(s.judge_a, s.guzhuang, 8, 9)
    s.sheet(s.judge_b, s.guzhuang, 7, 6.5)
    s.sheet(s.judge_c, s.guzhuang, 9.5, 9.5)
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_b, s.cihang, 7.5, 8.4)
    s.sheet(s.judge_c, s.cihang, 1, 1, submit=False)
    s.sheet(s.judge_a, s.housong, 5, None, submit=False)
    client = login(s.staff)
    url = reverse("inspections:round-adjustments", args=[s.rnd.pk])
    for points, reason in (("1.5", "受到区级表彰"), ("-0.25", "现场查阅台账资料不全")):
        response = client.post(
            url, {"village": s.guzhuang.pk, "points": points, "reason": reason}, follow=True
        )
        assert "加减分已登记。" in text(response)
    s.client = client
    return s


def results_rows(page):
    body = page.split('data-testid="results-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return [squash(row) for row in body.split("</tr>") if "<td" in row]


def test_results_page_shows_the_hand_computed_ranking(scored):
    s = scored

    page = text(s.client.get(reverse("inspections:round-results", args=[s.rnd.pk])))

    assert results_rows(page) == [
        "1 谷庄村 李春生 25.75 +1.25 7.00 8.75 查看",
        "2 慈航路社区 王建国 25.15 — 7.75 8.70 查看",
        "— 后宋村 — 未评分 查看",
    ]
    assert "暂定成绩:本轮尚未发布,排名可能还会变化。书记看不到这一页。" in page


def test_results_without_dropping_extremes(scored):
    """All four 谷庄村 sheets kept: (23 + 26 + 20 + 28.5) / 4 = 24.375, + 1.25 = 25.625 → 25.63.

    定标亮诺 30.5 / 4 = 7.625 → 7.63; 人居环境整治 33.5 / 4 = 8.375 → 8.38 (halves round up).
    """
    s = scored
    s.rnd.drop_extremes = False
    s.rnd.save()

    page = text(s.client.get(reverse("inspections:round-results", args=[s.rnd.pk])))

    assert results_rows(page)[:2] == [
        "1 谷庄村 李春生 25.63 +1.25 7.63 8.38 查看",
        "2 慈航路社区 王建国 25.15 — 7.75 8.70 查看",
    ]
    assert "各项为全部评委的平均分" in page


def test_published_results_are_not_labelled_provisional(scored):
    s = scored
    s.close()
    s.publish()
    leader = s.client
    leader.force_login(s.zone.users["leader"])

    page = text(leader.get(reverse("inspections:round-results", args=[s.rnd.pk])))

    assert "暂定成绩" not in page
    assert results_rows(page)[0] == "1 谷庄村 李春生 25.75 +1.25 7.00 8.75 查看"


def test_receipt_shows_every_sheet_the_dropped_ones_and_the_formula(scored):
    s = scored

    page = text(s.client.get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.guzhuang.pk])))

    table = page.split('data-testid="receipt-sheets"')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    rows = [squash(r) for r in body.split("</tr>") if "<td" in r]
    assert rows == [
        "secretary 6 8.5 23 ✓",
        "评委甲 8 9 26 ✓",
        "评委乙 7 6.5 20 去掉最低分",
        "评委丙 9.5 9.5 28.5 去掉最高分",
        "各项平均(保留的评分表) 7.00 8.75 24.50",
    ]
    assert "满分 10 ×2" in squash(table)
    text_ = squash(page)
    assert "谷庄村 · 书记:李春生 · 2022年3月24日" in text_
    assert "加分 +1.5:受到区级表彰" in text_
    assert "扣分 −0.25:现场查阅台账资料不全" in text_
    assert "共 4 份已提交评分表,计入 2 份(去掉一个最高分和一个最低分)。" in text_
    assert "评委总分之和 ÷ 份数 = 49 ÷ 2 = 24.50" in text_
    assert "总分 = 评委平均分 + 加减分 = 24.50 + 1.25 = 25.75" in text_
    assert "排名:第 1 名(共 3 个单位)" in text_
    assert "计分人(签字)" in text_ and "监督人(签字)" in text_


def test_receipt_of_a_village_without_dropping_ignores_the_draft(scored):
    s = scored

    page = squash(text(s.client.get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.cihang.pk]))))

    assert "评委甲 8 9 26 ✓ 评委乙 7.5 8.4 24.3 ✓ 各项平均(保留的评分表) 7.75 8.70 25.15" in page
    # 评委丙's draft is not among the sheets; they are named as not having submitted.
    assert "评委丙 " not in page.split("各项平均")[0]
    assert "未提交评分表的评委:评委丙(不计分)" in page
    assert "去掉最高分" not in page
    assert "共 2 份已提交评分表,计入 2 份。" in page
    assert "加减分 无" in page
    assert "= 25.15 + 0 = 25.15" in page
    assert "排名:第 2 名(共 3 个单位)" in page


def test_receipt_of_a_village_with_only_drafts_says_not_scored(scored):
    s = scored

    page = squash(text(s.client.get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.housong.pk]))))

    assert "该单位没有已提交的评分表:未评分。" in page
    assert "排名:" not in page


def test_receipt_of_a_learning_visit_or_unknown_village_is_404(scored):
    s = scored
    assert (
        s.client.get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.tianwang.pk])).status_code == 404
    )


def test_tied_totals_share_a_rank(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_a, s.guzhuang, 10, 8)  # 10 + 16 = 26 as well
    page = text(login(s.staff).get(reverse("inspections:round-results", args=[s.rnd.pk])))
    ranks = [row.split(" ")[0] for row in results_rows(page)]
    assert ranks == ["1", "1"]


# --- bonus and deduction items --------------------------------------------------------------


def adjust(client, s, points, reason="表彰", **extra):
    return client.post(
        reverse("inspections:round-adjustments", args=[s.rnd.pk]),
        {"village": s.cihang.pk, "points": points, "reason": reason, **extra},
        follow=True,
    )


@pytest.mark.parametrize(
    ("points", "reason", "message"),
    [
        ("0", "表彰", "分值不能为 0:加分填正数,扣分填负数。"),
        ("两分", "表彰", "分值应是数字,扣分填负数,例如 -2。"),
        ("2", "", "这个字段是必填项。"),
    ],
)
def test_bad_adjustments_are_refused(round_setup, login, points, reason, message):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(adjust(client, s, points, reason))

    assert message in page
    assert "请修改下面标红的内容后再登记。" in page
    assert not Adjustment.objects.exists()


def test_adjustments_are_listed_with_sign_and_who_entered_them(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)
    adjust(client, s, "2", "区级表彰")
    page = squash(text(adjust(client, s, "-1", "台账不全")))
    assert "慈航路社区 +2 区级表彰 staff" in page
    assert "慈航路社区 −1 台账不全 staff" in page


def test_after_close_an_adjustment_needs_a_correction_reason(round_setup, login):
    s = round_setup
    s.open()
    s.close()
    client = login(s.staff)

    page = text(adjust(client, s, "2"))
    assert "更正理由" in page
    assert not Adjustment.objects.exists()

    page = text(adjust(client, s, "2", correction_reason="补登表彰"))
    assert "加减分已登记。" in page
    adjustment = Adjustment.objects.get()
    assert adjustment.points == 2
    assert adjustment.history.first().history_change_reason == "补登表彰"

    # Deleting after close needs a reason too.
    delete = reverse("inspections:adjustment-delete", args=[adjustment.pk])
    page = text(client.post(delete, {"reason": ""}, follow=True))
    assert "评分已结束,修改加减分必须填写更正理由。" in page
    assert Adjustment.objects.count() == 1
    page = text(client.post(delete, {"reason": "重复登记"}, follow=True))
    assert "已删除该加减分。" in page
    assert not Adjustment.objects.exists()


def test_a_published_round_refuses_adjustment_changes(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    client = login(s.staff)
    adjust(client, s, "1", correction_reason="补登")
    adjustment = Adjustment.objects.get()
    s.publish()

    page = text(client.get(reverse("inspections:round-adjustments", args=[s.rnd.pk])))
    assert "登记</button>" not in page and 'name="points"' not in page
    assert adjust(client, s, "2", correction_reason="再补").status_code == 403
    page = text(
        client.post(
            reverse("inspections:adjustment-delete", args=[adjustment.pk]), {"reason": "删掉"}, follow=True
        )
    )
    assert "结果已经发布,不能修改加减分;如需更正请先撤回发布。" in page
    assert Adjustment.objects.count() == 1
