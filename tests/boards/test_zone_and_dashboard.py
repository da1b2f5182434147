"""The zone overview, the secretary's dashboard (我的村) and rectification items, through HTTP.

Q1/Q2 2022 of 郑港 are described in conftest.py. In Q2 (the latest published round):
    totals 92.50, 85.00, 85.00, 80.00, 78.00 → mean 420.50 / 5 = 84.10; best 92.50.
    慈航路社区: 85.00, rank 2 of 5 (Q1: 1st → down one place).
    Criterion means over the five scored villages:
        定标亮诺      18.50 + 17 + 17 + 15.50 + 16 = 84.00 / 5 = 16.80   (慈航路社区 17.00)
        人居环境整治  19 + 17 + 17.50 + 16 + 16   = 85.50 / 5 = 17.10   (慈航路社区 17.00)
        集体经济      36 + 34 + 33 + 31 + 32      = 166 / 5   = 33.20   (慈航路社区 34.00)
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Commentary, Rectification
from villages.models import Office

from .helpers import build_round, make_user, strip_tags, table_after, text_of

pytestmark = pytest.mark.django_db


def cards(response):
    """{office name: card text} of the zone overview."""
    html = response.content.decode()
    out = {}
    for section in re.findall(r'<section class="card h-100">(.*?)</section>', html, flags=re.S):
        text = strip_tags(section)
        out[text.split()[0]] = text
    return out


def rectification(rnd, village, status, days, problem):
    return Rectification.objects.create(
        round=rnd,
        village=village,
        problem=problem,
        requirement="限期整改",
        responsible="村两委",
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
    )


@pytest.fixture
def zone_data(quarters):
    """Adds to the two 郑港 quarters: an open Q3 (ignored: not published), 新港's Q1 and Q2 2022
    published, an office without rounds, and rectification items.

    新港 Q2 (latest): 田王村 (18, 18, 36) = 90.00, 世东建设 (14, 14, 28) = 70.00 → mean 80.00.
    郑港 items: 整改中 past deadline (overdue), 整改中 due today (not overdue), 整改中 due later,
    已提交 past deadline (not overdue: a fix was reported, awaiting staff), 已销号 (not open).
    → 4 open, 1 overdue. 新港: one 整改中 due later → 1 open, none overdue.
    """
    z = quarters.zone
    S = Rectification.Status
    build_round(
        z.zg,
        2022,
        3,
        villages=[z.cihang],
        judges=quarters.judges,
        staff=quarters.staff,
        status="open",
        sheets={z.cihang: [(20, 20, 40), (20, 20, 40)]},
    )
    xg_staff = z.users["other_staff"]
    xg_judges = [make_user("xg_judge_1"), make_user("xg_judge_2")]
    build_round(
        z.xg,
        2022,
        1,
        villages=[z.tianwang, z.shidong],
        judges=xg_judges,
        staff=xg_staff,
        sheets={z.tianwang: [(12, 12, 24)] * 2, z.shidong: [(13, 13, 26)] * 2},
    )
    xg_q2, _ = build_round(
        z.xg,
        2022,
        2,
        villages=[z.tianwang, z.shidong],
        judges=xg_judges,
        staff=xg_staff,
        sheets={z.tianwang: [(18, 18, 36)] * 2, z.shidong: [(14, 14, 28)] * 2},
    )
    Office.objects.create(name="明港办事处", sort_order=3)
    q2 = quarters.q2
    quarters.items = {
        "overdue": rectification(q2, z.cihang, S.OPEN, -10, "健身器材损坏未修复"),
        "today": rectification(q2, z.guzhuang, S.OPEN, 0, "道路两侧杂物"),
        "later": rectification(q2, quarters.housong, S.OPEN, 30, "台账不规范"),
        "done": rectification(q2, quarters.taozhuang, S.DONE, -10, "坑塘清淤"),
        "verified": rectification(q2, quarters.fuxin, S.VERIFIED, -10, "标识牌缺失"),
    }
    rectification(xg_q2, z.shidong, S.OPEN, 5, "党员活动室整理")
    quarters.xg_q2 = xg_q2
    return quarters


@pytest.mark.parametrize("persona", ["zone_leader", "admin"])
def test_zone_overview(zone_data, login, persona):
    response = login(zone_data.zone.users[persona]).get(reverse("inspections:zone-overview"))
    assert response.status_code == 200
    c = cards(response)
    assert list(c) == ["郑港办事处", "新港办事处", "明港办事处"]
    assert c["郑港办事处"] == (
        "郑港办事处 2022年第二季度 · 2022-06-20 参评单位 5 平均总分 84.10 第一名 后宋村 92.50 "
        "最后一名 陶庄村 78.00 未完成整改 4 逾期 1 擂台榜 年度 通报"
    )
    assert c["新港办事处"] == (
        "新港办事处 2022年第二季度 · 2022-06-20 参评单位 2 平均总分 80.00 第一名 田王村 90.00 "
        "最后一名 世东建设 70.00 未完成整改 1 擂台榜 年度 通报"
    )
    assert c["明港办事处"] == "明港办事处 未发布 2022年第二季度没有发布的成绩。"
    html = response.content.decode()
    assert f'href="{reverse("inspections:leaderboard", args=[zone_data.q2.pk])}"' in html
    assert f'href="{reverse("inspections:leaderboard", args=[zone_data.xg_q2.pk])}"' in html


@pytest.mark.parametrize("persona", ["leader", "staff", "secretary", "nobody"])
def test_zone_overview_is_for_zone_leaders_only(zone_data, login, persona):
    assert login(zone_data.zone.users[persona]).get(reverse("inspections:zone-overview")).status_code == 403


def test_zone_overview_shares_first_place(zone, login):
    """Two villages tied at the top are both first; nobody is last when everyone is first."""
    judges = [make_user("j1"), make_user("j2")]
    build_round(
        zone.xg,
        2022,
        1,
        villages=[zone.tianwang, zone.shidong],
        judges=judges,
        staff=zone.users["other_staff"],
        sheets={zone.tianwang: [(15, 15, 30)] * 2, zone.shidong: [(15, 15, 30)] * 2},
    )
    c = cards(login(zone.users["zone_leader"]).get(reverse("inspections:zone-overview")))
    assert "第一名 田王村 75.00 世东建设 75.00 最后一名 — " in c["新港办事处"]


# --- 我的村 ------------------------------------------------------------------------------


def dashboard_url(village):
    return reverse("inspections:village-dashboard", args=[village.pk])


@pytest.fixture
def remarks(quarters):
    q1, q2 = quarters.q1, quarters.q2
    Commentary.objects.create(
        round=q2, village=quarters.cihang, kind="highlight", text="垃圾分类做得扎实", speaker="党工委书记"
    )
    Commentary.objects.create(round=q2, village=None, kind="requirement", text="各村下季度完成台账规范化")
    Commentary.objects.create(round=q1, village=quarters.cihang, kind="problem", text="档案资料不全")
    Commentary.objects.create(round=q2, village=quarters.guzhuang, kind="problem", text="谷庄村道路硬化滞后")
    quarters.item = rectification(q2, quarters.cihang, Rectification.Status.OPEN, 20, "健身器材损坏未修复")
    rectification(q2, quarters.guzhuang, Rectification.Status.OPEN, 20, "谷庄村杂物堆放")
    return quarters


def test_secretary_dashboard(remarks, login):
    response = login(remarks.zone.users["secretary"]).get(dashboard_url(remarks.cihang))
    assert response.status_code == 200
    page = text_of(response)
    html = response.content.decode()
    assert "2022年第二季度" in page
    assert "办事处排名 第 2 / 5 名 比2022年第一季度下降 1 名" in page
    assert "按两次都参评的 4 个单位排名：第 1 名 → 第 2 名" in page
    assert "本村总分 85.00" in page
    assert "办事处平均 84.10" in page
    assert "最高分 92.50" in page
    # Own value against the office mean per criterion, and the criterion's maximum.
    assert table_after(html, 'data-testid="bar-chart"') == [
        ["评分项", "本村", "平均", "满分"],
        ["定标亮诺", "17.00", "16.80", "20"],
        ["人居环境整治", "17.00", "17.10", "20"],
        ["集体经济", "34.00", "33.20", "40"],
    ]
    assert table_after(html, 'data-testid="line-chart"') == [
        ["季度", "总分", "名次", "计分单"],
        ["2022年第一季度", "88.00", "1", "查看"],
        ["2022年第二季度", "85.00", "2", "查看"],
    ]
    bars = re.search(r'data-testid="bar-chart">(<svg.*?</svg>)', html, flags=re.S).group(1)
    bar_texts = re.findall(r"<text[^>]*>([^<]*)</text>", bars)
    # Legend, then per criterion: its name, own value, office mean.
    assert bar_texts == [
        "本村",
        "全办事处平均",
        "定标亮诺",
        "17.00",
        "16.80",
        "人居环境整治",
        "17.00",
        "17.10",
        "集体经济",
        "34.00",
        "33.20",
    ]
    line = re.search(r'data-testid="line-chart">(<svg.*?</svg>)', html, flags=re.S).group(1)
    assert re.findall(r"<text[^>]*>([^<]*)</text>", line) == ["88.00", "22Q1", "85.00", "22Q2"]
    assert len(re.findall(r"<line [^>]*stroke-width=\"2.5\"", line)) == 1  # one solid segment, Q1 to Q2
    # Remarks on the village and on the whole round; not another village's.
    for remark in (
        "垃圾分类做得扎实",
        "— 党工委书记",
        "各村下季度完成台账规范化",
        "整轮点评",
        "档案资料不全",
    ):
        assert remark in page, remark
    assert "谷庄村道路硬化滞后" not in page
    # Own rectification items only, each leading to its page (where the fix is reported).
    assert "健身器材损坏未修复" in page
    assert "谷庄村杂物堆放" not in page
    assert reverse("inspections:rectification-detail", args=[remarks.item.pk]) in html
    assert 'value="verify"' not in html


@pytest.mark.parametrize(
    "village, text",
    [
        # Among the four villages scored in both quarters (富鑫工作站 is new in Q2).
        ("housong", "第 1 / 5 名 比2022年第一季度上升 2 名 按两次都参评的 4 个单位排名：第 3 名 → 第 1 名"),
        ("guzhuang", "第 4 / 5 名 比2022年第一季度上升 1 名 按两次都参评的 4 个单位排名：第 4 名 → 第 3 名"),
        ("fuxin", "第 2 / 5 名 2022年第一季度未参评"),
        ("taozhuang", "第 5 / 5 名 比2022年第一季度下降 2 名 按两次都参评的 4 个单位排名：第 2 名 → 第 4 名"),
    ],
)
def test_dashboard_movement_as_staff(quarters, login, village, text):
    response = login(quarters.staff).get(dashboard_url(getattr(quarters, village)))
    assert response.status_code == 200
    assert text in text_of(response)


def test_unscored_village_dashboard(quarters, login):
    page = text_of(login(quarters.zone.users["leader"]).get(dashboard_url(quarters.qianjin)))
    assert "未评分" in page
    assert "办事处平均 84.10" in page


def test_no_published_round_yet(zone, login):
    response = login(zone.users["secretary"]).get(dashboard_url(zone.cihang))
    assert response.status_code == 200
    assert "本村还没有发布的评比成绩。" in text_of(response)


def test_secretary_cannot_open_another_village(quarters, login):
    z = quarters.zone
    assert login(z.users["secretary"]).get(dashboard_url(quarters.guzhuang)).status_code == 403
    assert login(z.users["secretary"]).get(dashboard_url(z.tianwang)).status_code == 403
    assert login(z.users["other_secretary"]).get(dashboard_url(quarters.cihang)).status_code == 403
    assert login(z.users["other_staff"]).get(dashboard_url(quarters.cihang)).status_code == 403
    assert login(z.users["nobody"]).get(dashboard_url(quarters.cihang)).status_code == 403


def test_secretary_dashboard_hides_an_unpublished_round(quarters, login):
    """A round withdrawn to 已结束 is no longer on the dashboard: Q1 is the latest published."""
    client = login(quarters.staff)
    client.post(reverse("inspections:round-status", args=[quarters.q2.pk, "withdraw"]), {"reason": "复核"})
    page = text_of(login(quarters.zone.users["secretary"]).get(dashboard_url(quarters.cihang)))
    assert "第 1 / 4 名" in page
    assert "本村总分 88.00" in page
    assert "2022年第二季度" not in page


def test_only_the_village_and_its_office_update_an_item(remarks, login):
    item = remarks.item
    for persona in ("other_secretary", "other_staff", "leader", "nobody"):
        response = login(remarks.zone.users[persona]).post(
            reverse("inspections:rectification-update", args=[item.pk]), {"action": "note", "note": "x"}
        )
        assert response.status_code == 403, persona
    item.refresh_from_db()
    assert item.status == Rectification.Status.OPEN


def test_home_page_sends_each_role_to_its_page(zone, login):
    assert login(zone.users["secretary"]).get("/")["Location"] == dashboard_url(zone.cihang)
    assert login(zone.users["zone_leader"]).get("/")["Location"] == reverse("inspections:zone-overview")
    assert login(zone.users["admin"]).get("/")["Location"] == reverse("inspections:zone-overview")
