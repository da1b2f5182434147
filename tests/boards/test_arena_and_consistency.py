"""The live arena screen (现场亮分) and judge consistency (评委一致性), through HTTP."""

import re

import pytest
from django.urls import reverse

from .helpers import build_round, make_user, table, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def arena(zg):
    """Q1 2022 of 郑港, open for scoring. Sites: 1 慈航路社区, 2 谷庄村, 3 后宋村, and 田王村 (新港's:
    a learning visit, not on the screen). Judges: 评委甲, 评委乙 and `secretary` (慈航路社区's
    secretary, who may not score it): 慈航路社区 expects 2 sheets, the others 3.

        慈航路社区  评委甲 (18, 18, 34) = 88 submitted; 评委乙 a draft      → 1 / 2, total 88.00
        谷庄村      (17, 17, 34) = 85, (16, 16, 32) = 80, (15, 15, 30) = 75  → 3 / 3, total 80.00
        后宋村      评委甲 (19, 19, 38) = 95 submitted                      → 1 / 3, total 95.00
    """
    z = zg.zone
    judges = [*zg.judges, z.users["secretary"]]
    rnd, _ = build_round(
        zg.office,
        2022,
        1,
        villages=[z.cihang, z.guzhuang, zg.housong],
        learning_visits=[z.tianwang],
        judges=judges,
        staff=zg.staff,
        status="open",
        sheets={
            z.cihang: [(18, 18, 34), None, None],
            z.guzhuang: [(17, 17, 34), (16, 16, 32), (15, 15, 30)],
            zg.housong: [(19, 19, 38), None, None],
        },
        drafts={z.cihang: [None, (10, 10, 10)]},
    )
    zg.round = rnd
    return zg


def state(client, rnd):
    response = client.get(reverse("inspections:arena-state", args=[rnd.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def reveal(client, rnd, village):
    return client.post(reverse("inspections:arena-reveal", args=[rnd.pk, village.pk]))


def brief(data):
    return [
        (v["name"], v["submitted"], v["expected"], v["revealed"], v["total"], v["rank"])
        for v in data["villages"]
    ]


def test_arena_counts_and_reveals(arena, login):
    rnd, client = arena.round, login(arena.staff)
    data = state(client, rnd)
    assert data["status"] == "open"
    assert data["status_label"] == "评分中"
    # Totals and ranks stay hidden until revealed, even for staff.
    assert brief(data) == [
        ("慈航路社区", 1, 2, False, None, None),
        ("谷庄村", 3, 3, False, None, None),
        ("后宋村", 1, 3, False, None, None),
    ]
    assert (data["submitted"], data["expected"]) == (5, 8)

    response = reveal(client, rnd, arena.guzhuang)
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:arena", args=[rnd.pk])
    # Revealed alone: 谷庄村 80.00, first among the revealed.
    assert brief(state(client, rnd))[1] == ("谷庄村", 3, 3, True, "80.00", 1)

    reveal(client, rnd, arena.cihang)
    # Running ranks among revealed villages only: 慈航路社区 88.00 now leads; 后宋村's 95.00
    # (not revealed) neither shows nor counts.
    assert brief(state(client, rnd)) == [
        ("慈航路社区", 1, 2, True, "88.00", 1),
        ("谷庄村", 3, 3, True, "80.00", 2),
        ("后宋村", 1, 3, False, None, None),
    ]
    reveal(client, rnd, arena.cihang)  # revealing twice changes nothing
    assert brief(state(client, rnd))[0] == ("慈航路社区", 1, 2, True, "88.00", 1)


def test_arena_page(arena, login):
    rnd = arena.round
    reveal(login(arena.staff), rnd, arena.guzhuang)
    response = login(arena.staff).get(reverse("inspections:arena", args=[rnd.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(response)
    assert "5 / 8 份评分表已提交" in page
    assert "1. 慈航路社区 1 / 2 份 待亮分 亮分" in page
    assert "2. 谷庄村 暂列第1名 3 / 3 份 80.00" in page  # one of three sites revealed
    assert "3. 后宋村 1 / 3 份 待亮分 亮分" in page
    assert "田王村" not in page  # a learning visit is not scored
    assert "95.00" not in html
    # Its own small script, nothing from elsewhere.
    assert re.findall(r'<script[^>]*src="([^"]+)"', html) == ["/static/js/arena.js"]
    assert f'data-state-url="{reverse("inspections:arena-state", args=[rnd.pk])}"' in html


def test_leaders_watch_but_do_not_reveal(arena, login):
    rnd, client = arena.round, login(arena.zone.users["leader"])
    response = client.get(reverse("inspections:arena", args=[rnd.pk]))
    assert response.status_code == 200
    assert 'class="mt-2 arena-reveal"' not in response.content.decode()
    assert state(client, rnd)["villages"][0]["revealed"] is False
    assert reveal(client, rnd, arena.cihang).status_code == 403
    assert state(client, rnd)["villages"][0]["revealed"] is False


@pytest.mark.parametrize("persona", ["secretary", "other_secretary", "other_staff", "nobody"])
def test_others_get_403(arena, login, persona):
    rnd, client = arena.round, login(arena.zone.users[persona])
    assert client.get(reverse("inspections:arena", args=[rnd.pk])).status_code == 403
    assert client.get(reverse("inspections:arena-state", args=[rnd.pk])).status_code == 403
    assert reveal(client, rnd, arena.cihang).status_code == 403


def test_judge_who_is_not_staff_gets_403(arena, login):
    rnd = arena.round
    assert login(arena.judges[0]).get(reverse("inspections:arena-state", args=[rnd.pk])).status_code == 403


def test_a_draft_round_has_no_arena_and_a_published_one_keeps_its_screen(quarters, login):
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
    client = login(quarters.staff)
    assert client.get(reverse("inspections:arena", args=[draft.pk])).status_code == 404
    assert client.get(reverse("inspections:arena-state", args=[draft.pk])).status_code == 404
    # A projector left open when the round is published keeps working.
    assert client.get(reverse("inspections:arena", args=[quarters.q2.pk])).status_code == 200
    assert (
        client.get(reverse("inspections:arena-state", args=[quarters.q2.pk])).json()["status"] == "published"
    )


def test_closed_round_still_shows(arena, login):
    arena.round.status = "closed"
    arena.round.save()
    assert state(login(arena.staff), arena.round)["status_label"] == "已结束"


def test_reveal_of_a_village_not_in_the_round_is_404(arena, login):
    assert reveal(login(arena.staff), arena.round, arena.taozhuang).status_code == 404
    assert reveal(login(arena.staff), arena.round, arena.zone.tianwang).status_code == 404


def test_anonymous_arena_state_redirects(arena, client):
    response = client.get(reverse("inspections:arena-state", args=[arena.round.pk]))
    assert response.status_code == 302


# --- judge consistency ---------------------------------------------------------------------


def consistency_setup(zg, sign):
    """Four judges; 评委甲, 评委乙, 评委丙 agree, 评委丁 is 15 points off (sign +1 or −1) on every
    village. Highest possible total 100 → flagged beyond 10 points.

        panel:  慈航路社区 80, 谷庄村 85, 后宋村 75
        评委丁 (+): 95, 100, 90     (−): 65, 70, 60

    评委丁: others' mean = the panel's value, difference ±15 everywhere → bias ±15.00, spread 0.00,
    all three sheets flagged. Each of the other three: others = two panel values and 评委丁's,
    mean = panel ± 5 → difference ∓5 → bias ∓5.00, nothing flagged.
    """
    judges = [
        *zg.judges,
        make_user("judge_3", first_name="评委丙"),
        make_user("judge_4", first_name="评委丁"),
    ]
    panel = {zg.cihang: (16, 16, 32), zg.guzhuang: (17, 17, 34), zg.housong: (15, 15, 30)}
    if sign > 0:
        off = {zg.cihang: (19, 20, 36), zg.guzhuang: (20, 20, 40), zg.housong: (18, 18, 36)}
    else:
        off = {zg.cihang: (13, 13, 26), zg.guzhuang: (14, 14, 28), zg.housong: (12, 12, 24)}
    rnd, _ = build_round(
        zg.office,
        2022,
        1,
        villages=list(panel),
        judges=judges,
        staff=zg.staff,
        status="closed",
        drop_extremes=True,
        sheets={v: [panel[v], panel[v], panel[v], off[v]] for v in panel},
    )
    return rnd


@pytest.mark.parametrize(
    "sign, judge_row, panel_row",
    [
        (
            1,
            [
                "评委丁",
                "3",
                "95.00",
                "+15.00",
                "0.00",
                "谷庄村:100(其他评委平均 85.00) 慈航路社区:95(其他评委平均 80.00) 后宋村:90(其他评委平均 75.00)",
            ],
            ["3", "80.00", "-5.00", "0.00", "—"],
        ),
        (
            -1,
            [
                "评委丁",
                "3",
                "65.00",
                "-15.00",
                "0.00",
                "谷庄村:70(其他评委平均 85.00) 慈航路社区:65(其他评委平均 80.00) 后宋村:60(其他评委平均 75.00)",
            ],
            ["3", "80.00", "+5.00", "0.00", "—"],
        ),
    ],
)
def test_judge_consistency_flags_the_outlier(zg, login, sign, judge_row, panel_row):
    rnd = consistency_setup(zg, sign)
    response = login(zg.staff).get(reverse("inspections:consistency", args=[rnd.pk]))
    assert response.status_code == 200
    rows = [[c.replace("\u2212", "-") for c in row] for row in table(response, "consistency")]
    assert rows[0] == ["评委", "评分表份数", "平均总分", "偏向", "离散", "偏离较大"]
    # The flagged judge first (villages in ranking order); then the panel, each 5 points the
    # other way, none flagged.
    assert rows[1] == judge_row
    assert [r[1:] for r in rows[2:]] == [panel_row] * 3
    assert "偏差超过满分总分(100)的 10%,即 10.00 分" in text_of(response)
    html = response.content.decode()
    assert 'class="table-warning"' in html and html.count("table-warning") == 1


@pytest.mark.parametrize("persona", ["leader", "secretary", "zone_leader", "other_staff"])
def test_consistency_is_for_staff_only(zg, login, persona):
    rnd = consistency_setup(zg, 1)
    assert (
        login(zg.zone.users[persona]).get(reverse("inspections:consistency", args=[rnd.pk])).status_code
        == 403
    )
