"""评委库: the judge picker shows the office's pool (leaders, staff, secretaries, named guests) with the
role beside each name, not every account; staff name guests on the pool's page."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import InspectionRound
from tests.boards.helpers import text_of
from villages.models import Membership, PoolGuest

from .conftest import make_user


@pytest.fixture
def draft(zone):
    rnd = InspectionRound.objects.create(
        office=zone.zg, year=2023, quarter=1, date=datetime.date(2023, 3, 1), title="2023年第一季度亮赛比"
    )
    zone.users["leader"].first_name = "朱永立"
    zone.users["leader"].save()
    return rnd


def options(response):
    """(name, roles) of each choice in the judge picker, in order."""
    html = response.content.decode()
    picker = re.search(r'id="judge-options">(.*?)</div>\s*<button', html, re.S).group(1)
    found = []
    for label in re.findall(r"<label .*?</label>", picker, re.S):
        name = re.search(r'<span class="fw-semibold">([^<]+)</span>', label).group(1)
        roles = " ".join(
            re.sub(
                r"<[^>]+>", " ", re.search(r'judge-roles">(.*?)</span></span>', label, re.S).group(1)
            ).split()
        )
        found.append((name, roles))
    return found


def picker(client, rnd):
    response = client.get(reverse("inspections:round-judges", args=[rnd.pk]))
    assert response.status_code == 200
    return response


def test_the_picker_shows_the_pool_with_roles(zone, draft, login):
    guest = make_user("guest_judge", first_name="孙特邀")
    PoolGuest.objects.create(office=zone.zg, user=guest, note="区委组织部")
    response = picker(login(zone.users["staff"]), draft)
    assert options(response) == [
        ("朱永立", "领导"),
        ("staff", "办事处工作人员"),
        ("secretary", "书记 · 慈航路社区"),
        ("孙特邀", "特邀评委 · 区委组织部"),
    ]
    # Not the administrators, the zone leader, another office's staff or secretary, nor a stranger.
    html = response.content.decode()
    for username in ("admin", "zone_leader", "other_staff", "other_secretary", "nobody"):
        assert f">{username}<" not in html
    assert 'type="search"' in html and 'data-filter="#judge-options"' in html
    assert reverse("villages:judge-pool", args=[zone.zg.pk]) in html


def test_a_person_holding_two_roles_is_listed_once_with_both(zone, draft, login):
    Membership.objects.create(user=zone.users["secretary"], role=Membership.Role.STAFF, office=zone.zg)
    rows = options(picker(login(zone.users["staff"]), draft))
    assert ("secretary", "办事处工作人员、书记 · 慈航路社区") in rows
    assert [name for name, _roles in rows].count("secretary") == 1


def test_someone_outside_the_pool_cannot_be_picked(zone, draft, login):
    client = login(zone.users["staff"])
    url = reverse("inspections:round-judges", args=[draft.pk])
    response = client.post(url, {"judges": [zone.users["other_staff"].pk]})
    assert "所选的人不在本办事处的评委库中" in text_of(response)
    assert not draft.judges.exists()
    response = client.post(url, {"judges": [zone.users["leader"].pk, zone.users["secretary"].pk]})
    assert response.status_code == 302
    assert set(draft.judges.all()) == {zone.users["leader"], zone.users["secretary"]}


def test_a_judge_chosen_before_leaving_the_pool_stays_shown(zone, draft, login):
    outsider = make_user("former_guest", first_name="钱离开")
    draft.judges.set([outsider])
    rows = options(picker(login(zone.users["staff"]), draft))
    assert rows[-1] == ("钱离开", "不在评委库(之前选定的评委)")


def test_staff_name_a_guest_by_username_or_name(zone, login):
    make_user("judge_sun", first_name="孙特邀")
    client = login(zone.users["staff"])
    url = reverse("villages:judge-pool", args=[zone.zg.pk])
    response = client.post(url, {"account": "JUDGE_SUN", "note": "区委组织部"}, follow=True)
    assert "已把孙特邀加入评委库。" in text_of(response)
    assert "孙特邀 judge_sun 特邀评委 · 区委组织部" in text_of(response)
    make_user("judge_li", first_name="李评委")
    client.post(url, {"account": "李评委"})
    assert set(PoolGuest.objects.values_list("user__username", flat=True)) == {"judge_sun", "judge_li"}

    for account, message in [
        ("nobody_here", "没有找到用户名或姓名为“nobody_here”的有效账号"),
        ("secretary", "secretary已在评委库中(书记 · 慈航路社区)"),
        ("judge_sun", "孙特邀已在评委库中(特邀评委 · 区委组织部)"),
    ]:
        assert message in text_of(client.post(url, {"account": account}))
    make_user("twin_a", first_name="王同名")
    make_user("twin_b", first_name="王同名")
    assert "姓名为“王同名”的账号不止一个" in text_of(client.post(url, {"account": "王同名"}))


def test_removing_a_guest_asks_and_keeps_the_rounds_they_judge(zone, draft, login):
    guest_user = make_user("judge_sun", first_name="孙特邀")
    guest = PoolGuest.objects.create(office=zone.zg, user=guest_user)
    draft.judges.set([guest_user])
    client = login(zone.users["staff"])
    page = client.get(reverse("villages:judge-pool", args=[zone.zg.pk])).content.decode()
    remove = reverse("villages:pool-guest-remove", args=[guest.pk])
    assert re.search(rf'action="{re.escape(remove)}"\s+data-confirm="把孙特邀移出评委库', page)
    client.post(reverse("villages:pool-guest-remove", args=[guest.pk]))
    assert not PoolGuest.objects.exists()
    assert list(draft.judges.all()) == [guest_user]


@pytest.mark.parametrize(
    "role,read,change",
    [("staff", 200, 302), ("leader", 200, 403), ("other_staff", 403, 403), ("secretary", 403, 403)],
)
def test_who_may_read_and_change_the_pool(zone, login, role, read, change):
    make_user("judge_sun")
    client = login(zone.users[role])
    url = reverse("villages:judge-pool", args=[zone.zg.pk])
    assert client.get(url).status_code == read
    assert client.post(url, {"account": "judge_sun"}).status_code == change
