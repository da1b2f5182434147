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
