"""A village revealed on the arena screen before all its sheets are in is marked provisional."""

from django.urls import reverse


def test_revealed_with_missing_sheets_is_provisional_until_they_are_in(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_b, s.cihang, 7, 9)
    staff = login(s.zone.users["staff"])
    staff.post(reverse("inspections:arena-reveal", args=[s.round.pk, s.cihang.pk]))
    state = {
        v["name"]: v
        for v in staff.get(reverse("inspections:arena-state", args=[s.round.pk])).json()["villages"]
    }
    cihang = state["慈航路社区"]
    assert (cihang["revealed"], cihang["submitted"], cihang["expected"], cihang["provisional"]) == (
        True,
        2,
        3,
        True,
    )
    page = staff.get(reverse("inspections:arena", args=[s.round.pk])).content.decode()
    assert "暂定:评分表未交齐" in page

    s.sheet(s.judge_c, s.cihang, 9, 9)
    state = {
        v["name"]: v
        for v in staff.get(reverse("inspections:arena-state", args=[s.round.pk])).json()["villages"]
    }
    assert (state["慈航路社区"]["submitted"], state["慈航路社区"]["provisional"]) == (3, False)


def _ranks(client, rnd):
    state = client.get(reverse("inspections:arena-state", args=[rnd.pk])).json()
    return state["final"], {v["name"]: v["rank_label"] for v in state["villages"]}


def test_running_ranks_read_as_running_until_every_site_is_revealed_and_every_sheet_is_in(round_setup, login):
    s = round_setup
    s.open()
    for judge in (s.judge_a, s.judge_b, s.judge_c):
        s.sheet(judge, s.cihang, 8, 9)
    s.sheet(s.judge_a, s.guzhuang, 9, 9)
    s.sheet(s.judge_b, s.guzhuang, 9, 9)
    staff = login(s.zone.users["staff"])
    reveal = reverse("inspections:arena-reveal", args=[s.round.pk, s.cihang.pk])
    staff.post(reveal)
    # One of two sites revealed: 慈航路社区 leads for now, and says so.
    assert _ranks(staff, s.round) == (False, {"慈航路社区": "暂列第1名", "谷庄村": ""})
    page = staff.get(reverse("inspections:arena", args=[s.round.pk])).content.decode()
    assert "暂列第1名" in page and "名次可能变化" in page

    staff.post(reverse("inspections:arena-reveal", args=[s.round.pk, s.guzhuang.pk]))
    # Every site revealed, but two of 谷庄村's sheets are still out (评委丙's and the secretary's,
    # who judges every village but their own).
    assert _ranks(staff, s.round) == (False, {"慈航路社区": "暂列第2名", "谷庄村": "暂列第1名"})

    s.sheet(s.judge_c, s.guzhuang, 9, 9)
    assert _ranks(staff, s.round)[0] is False
    s.sheet(s.secretary, s.guzhuang, 9, 9)
    assert _ranks(staff, s.round) == (True, {"慈航路社区": "第2名", "谷庄村": "第1名"})
    page = staff.get(reverse("inspections:arena", args=[s.round.pk])).content.decode()
    assert "暂列第" not in page
