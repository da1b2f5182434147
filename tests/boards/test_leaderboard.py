"""The office leaderboard (擂台榜) through HTTP: figures, movement, honours and who may see it.

The data are the two quarters described in conftest.py; every expected number is worked out there.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.models import InspectionRound, Standing
from inspections.standings import standings_match_sheets

from .conftest import build_q1, build_q2, change_guzhuang_secretary
from .helpers import build_round, table, text_of

pytestmark = pytest.mark.django_db


def board_url(rnd):
    return reverse("inspections:leaderboard", args=[rnd.pk])


def body_rows(response):
    """Data rows of the leaderboard (header rows are the ones made of <th>)."""
    rows = table(response, "leaderboard")
    # Normalise the minus sign: U+2212 or "-" both read as minus.
    return [[c.replace("\u2212", "-") for c in row] for row in rows if row and row[0] not in ("", "排名")]


def header_rows(response):
    return [row for row in table(response, "leaderboard") if row and row[0] in ("", "排名")]


def honours_of(rows):
    return {row[1].split()[0]: row[-1] for row in rows}


def test_q2_board_for_staff_shows_every_figure(quarters, login):
    response = login(quarters.staff).get(board_url(quarters.q2))
    assert response.status_code == 200
    heads = header_rows(response)
    # Stage headers over the criteria: 6 leading columns, then 实地观摩 spanning two criteria,
    # 擂台比武 over one.
    assert heads[0][6:9] == ["实地观摩", "", "擂台比武"]
    assert heads[1] == [
        "排名",
        "单位",
        "书记",
        "总分",
        "变化",
        "升降",
        "定标亮诺",
        "人居环境整治 ×2",
        "集体经济",
        "加减分",
        "荣誉",
    ]
    # rank, village (+ the phone-only secretary line), secretary, total, Δ, movement,
    # 定标亮诺, 人居环境整治, 集体经济 (criterion means), bonus/deduction, honours.
    assert body_rows(response) == [
        [
            "1",
            "后宋村 宋立新",
            "宋立新",
            "92.50",
            "+11.40",
            "↑2",
            "18.50",
            "19.00",
            "36.00",
            "—",
            "★ 流动红旗 红榜",
        ],
        ["2", "慈航路社区 王建国", "王建国", "85.00", "-3.00", "↓1", "17.00", "17.00", "34.00", "—", "红榜"],
        # (17 + 17) / 2 = 17.00; (18 + 17) / 2 = 17.50; (33 + 33) / 2 = 33.00; not scored in Q1.
        ["2", "富鑫工作站 富海涛", "富海涛", "85.00", "—", "新", "17.00", "17.50", "33.00", "—", "红榜"],
        # 78.50 + 1.5 = 80.00; 80.00 − 68.60 = +11.40; rank 4 in both quarters, but among the
        # four villages scored in both (富鑫工作站 is new) 4th → 3rd: it passed 陶庄村.
        ["4", "谷庄村 赵新民", "赵新民", "80.00", "+11.40", "↑1", "15.50", "16.00", "31.00", "+1.5", "关注"],
        # 80 − 2 = 78.00; 78.00 − 84.00 = −6.00; rank 2 → 5, among the four: 2nd → 4th.
        ["5", "陶庄村 陶红梅", "陶红梅", "78.00", "-6.00", "↓2", "16.00", "16.00", "32.00", "-2", "关注"],
        # Only a draft sheet: not scored, last, no rank.
        ["—", "前进村 钱进", "钱进", "未评分", "", "", "", "", "", "", ""],
    ]
    page = text_of(response)
    assert "暂定排名" not in page
    assert "变化对比:2022年第一季度" in page
    assert "两次参评单位不完全相同：名次升降按两次都参评的4个单位重新排名后比较。" in page


def test_q1_keeps_the_secretary_of_its_time(quarters, login):
    response = login(quarters.staff).get(board_url(quarters.q1))
    rows = body_rows(response)
    assert [(r[0], r[1].split()[0], r[2], r[3]) for r in rows] == [
        ("1", "慈航路社区", "王建国", "88.00"),
        ("2", "陶庄村", "陶红梅", "84.00"),
        ("3", "后宋村", "宋立新", "81.10"),
        ("4", "谷庄村", "李春生", "68.60"),  # the secretary then, not 赵新民
    ]
    # The first published round has nothing to compare with: no Δ, no movement, no 新.
    assert [r[4:6] for r in rows] == [["—", ""]] * 4
    # 后宋村's 定标亮诺 is the mean of 16.2 and 16: 16.10.
    assert rows[2][6] == "16.10"


def test_secretary_at_the_time_survives_republishing_q1(zg, login):
    """Republishing after the change computes the secretary from the round's date, not today's."""
    q1 = build_q1(zg)
    change_guzhuang_secretary(zg)
    client = login(zg.staff)
    client.post(reverse("inspections:round-status", args=[q1.pk, "withdraw"]), {"reason": "核对分数"})
    client.post(reverse("inspections:round-status", args=[q1.pk, "publish"]))
    assert Standing.objects.get(round=q1, village=zg.guzhuang).secretary_name == "李春生"
    q2 = build_q2(zg)
    assert Standing.objects.get(round=q2, village=zg.guzhuang).secretary_name == "赵新民"


def test_red_flag_needs_the_office_threshold(quarters, login):
    client = login(quarters.staff)
    office = quarters.office
    # Default threshold 90: 92.50 reaches it.
    assert honours_of(body_rows(client.get(board_url(quarters.q2))))["后宋村"] == "★ 流动红旗 红榜"
    office.red_flag_threshold = Decimal("92.50")  # exactly reached still counts (≥)
    office.save()
    assert "流动红旗" in honours_of(body_rows(client.get(board_url(quarters.q2))))["后宋村"]
    office.red_flag_threshold = Decimal("92.51")
    office.save()
    response = client.get(board_url(quarters.q2))
    assert honours_of(body_rows(response))["后宋村"] == "红榜"
    assert "★" not in "".join(r[-1] for r in body_rows(response))
    assert "总分不低于 92.51 分" in text_of(response)


def test_red_and_attention_lists_follow_the_office_size(quarters, login):
    client = login(quarters.staff)
    office = quarters.office
    # N = 3 (default): the top three places are ranks 1, 2, 2 → 后宋村, 慈航路社区, 富鑫工作站;
    # the bottom three are 富鑫工作站 (already on the red list), 谷庄村 and 陶庄村.
    honours = honours_of(body_rows(client.get(board_url(quarters.q2))))
    assert [v for v, h in honours.items() if "红榜" in h] == ["后宋村", "慈航路社区", "富鑫工作站"]
    assert [v for v, h in honours.items() if "关注" in h] == ["谷庄村", "陶庄村"]
    assert honours["前进村"] == ""  # unscored villages get no honour
    office.honour_list_size = 1
    office.save()
    response = client.get(board_url(quarters.q2))
    honours = honours_of(body_rows(response))
    assert [v for v, h in honours.items() if "红榜" in h] == ["后宋村"]
    assert [v for v, h in honours.items() if "关注" in h] == ["陶庄村"]
    assert "红榜:前 1 名;关注:后 1 名" in text_of(response)


def test_secretary_sees_the_published_board_without_breakdown(quarters, login):
    response = login(quarters.zone.users["secretary"]).get(board_url(quarters.q2))
    assert response.status_code == 200
    assert header_rows(response) == [["排名", "单位", "书记", "总分", "变化", "升降", "荣誉"]]
    rows = body_rows(response)
    assert rows[1] == ["2", "慈航路社区 王建国", "王建国", "85.00", "-3.00", "↓1", "红榜"]
    assert rows[-1] == ["—", "前进村 钱进", "钱进", "未评分", "", "", ""]
    html = response.content.decode()
    for hidden in ("定标亮诺", "人居环境整治", "集体经济", "实地观摩", "擂台比武", "加减分", "18.50"):
        assert hidden not in html, hidden
    # Their own village is marked.
    assert 'class=" row-own"' in html or "row-own" in html


@pytest.mark.parametrize("persona", ["leader", "zone_leader", "admin"])
def test_leaders_read_the_published_board_with_breakdown(quarters, login, persona):
    response = login(quarters.zone.users[persona]).get(board_url(quarters.q2))
    assert response.status_code == 200
    assert body_rows(response)[0][6:9] == ["18.50", "19.00", "36.00"]


@pytest.mark.parametrize("persona", ["other_staff", "other_secretary", "nobody"])
def test_outsiders_get_403(quarters, login, persona):
    response = login(quarters.zone.users[persona]).get(board_url(quarters.q2))
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(quarters, client):
    response = client.get(board_url(quarters.q2))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={board_url(quarters.q2)}"


@pytest.fixture
def q3_open(quarters):
    """Q3 still being scored: 慈航路社区 (19, 19, 38) ×2 = 95.00; 后宋村 (17, 17, 34) + one
    judge missing = 85.00; 谷庄村 nothing yet."""
    rnd, _crits = build_round(
        quarters.office,
        2022,
        3,
        villages=[quarters.cihang, quarters.guzhuang, quarters.housong],
        judges=quarters.judges,
        staff=quarters.staff,
        status="open",
        sheets={quarters.cihang: [(19, 19, 38), (19, 19, 38)], quarters.housong: [(17, 17, 34), None]},
    )
    quarters.q3 = rnd
    return quarters


def test_staff_see_an_open_round_marked_provisional(q3_open, login):
    response = login(q3_open.staff).get(board_url(q3_open.q3))
    assert response.status_code == 200
    assert "暂定排名" in text_of(response)
    assert 'data-testid="provisional"' in response.content.decode()
    rows = body_rows(response)
    # Live figures against Q2 (the latest published round): 95.00 − 85.00 = +10.00, 2 → 1;
    # 后宋村 85.00 − 92.50 = −7.50, 1 → 2.
    assert rows[0][:9] == [
        "1",
        "慈航路社区 王建国",
        "王建国",
        "95.00",
        "+10.00",
        "↑1",
        "19.00",
        "19.00",
        "38.00",
    ]
    assert rows[1][:9] == ["2", "后宋村 宋立新", "宋立新", "85.00", "-7.50", "↓1", "17.00", "17.00", "34.00"]
    assert rows[2][:4] == ["—", "谷庄村 赵新民", "赵新民", "未评分"]


@pytest.mark.parametrize("persona", ["leader", "secretary", "zone_leader", "other_staff", "nobody"])
def test_only_staff_see_an_open_round(q3_open, login, persona):
    response = login(q3_open.zone.users[persona]).get(board_url(q3_open.q3))
    assert response.status_code == 403


def test_a_draft_round_has_no_board(quarters, login):
    draft, _ = build_round(
        quarters.office,
        2022,
        3,
        villages=[quarters.cihang],
        judges=quarters.judges,
        staff=quarters.staff,
        sheets={},
        status="draft",
    )
    assert login(quarters.staff).get(board_url(draft)).status_code == 404


def _snapshot(rnd):
    return list(
        Standing.objects.filter(round=rnd)
        .order_by("position")
        .values_list(
            "village_id",
            "rank",
            "total",
            "judges_mean",
            "adjustment",
            "criterion_means",
            "sheet_count",
            "secretary_name",
            "position",
        )
    )


def test_withdrawing_hides_the_board_and_republishing_restores_it(quarters, login, client):
    q2 = quarters.q2
    assert standings_match_sheets(q2)
    before = _snapshot(q2)
    assert [row[1:3] for row in before] == [
        (1, Decimal("92.50")),
        (2, Decimal("85.00")),
        (2, Decimal("85.00")),
        (4, Decimal("80.00")),
        (5, Decimal("78.00")),
        (None, None),
    ]
    secretary = quarters.zone.users["secretary"]
    staff = quarters.staff
    status_url = lambda action: reverse("inspections:round-status", args=[q2.pk, action])  # noqa: E731

    # Withdrawing needs a reason.
    login(staff).post(status_url("withdraw"), {"reason": "  "})
    q2.refresh_from_db()
    assert q2.status == InspectionRound.Status.PUBLISHED

    login(staff).post(status_url("withdraw"), {"reason": "评委分数录入有误"})
    q2.refresh_from_db()
    assert q2.status == InspectionRound.Status.CLOSED
    assert not Standing.objects.filter(round=q2).exists()
    assert login(secretary).get(board_url(q2)).status_code == 403
    assert login(quarters.zone.users["leader"]).get(board_url(q2)).status_code == 403
    # Staff still see it, now provisional and computed live.
    response = login(staff).get(board_url(q2))
    assert "暂定排名" in text_of(response)
    assert [r[3] for r in body_rows(response)] == ["92.50", "85.00", "85.00", "80.00", "78.00", "未评分"]
    # The secretary's office board link now falls back to Q1.
    response = login(secretary).get(reverse("inspections:office-board", args=[quarters.office.pk]))
    assert response["Location"] == board_url(quarters.q1)

    login(staff).post(status_url("publish"))
    q2.refresh_from_db()
    assert q2.status == InspectionRound.Status.PUBLISHED
    assert _snapshot(q2) == before
    assert standings_match_sheets(q2)
    response = login(secretary).get(board_url(q2))
    assert response.status_code == 200
    assert [r[3] for r in body_rows(response)] == ["92.50", "85.00", "85.00", "80.00", "78.00", "未评分"]
