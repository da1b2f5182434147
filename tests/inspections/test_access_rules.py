"""Who may do what, asked of villages/access.py and inspections/access.py directly (the pages ask
the same questions): judging links last while a round is open, secretaries keep their office's
published boards and nothing else of it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from inspections import access as round_access
from inspections.models import ScoreSheet
from villages.access import Access, Denied, office_for, village_for
from villages.models import Secretary

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user's roles read anew (Access is kept on the user object for the request)."""
    if hasattr(user, "_liangsaibi_access"):
        del user._liangsaibi_access
    return Access.for_user(user)


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    if hasattr(user, "_liangsaibi_access"):
        del user._liangsaibi_access
    return request


# --- judges ---------------------------------------------------------------------------------


def test_a_judge_has_judging_links_only_while_the_round_is_open(round_setup):
    s = round_setup
    judge = s.judge_a
    assert fresh(judge).judging_round_ids == frozenset()
    assert fresh(judge).home_url() == reverse("no-role")
    s.open()
    assert fresh(judge).judging_round_ids == frozenset({s.round.pk})
    assert fresh(judge).home_url() == reverse("inspections:judging")
    s.sheet(judge, s.guzhuang, 8, 7)
    s.close()
    assert fresh(judge).judging_round_ids == frozenset()
    assert fresh(judge).home_url() == reverse("no-role")
    s.publish()
    assert fresh(judge).judging_round_ids == frozenset()
    assert fresh(judge).is_authenticated is True
    assert fresh(judge).can_view_office(s.office.pk) is False


def test_the_judge_round_page_is_for_the_rounds_judges_only(round_setup, zone):
    s = round_setup
    s.open()
    assert round_access.judge_round_for(request_of(s.judge_a), s.round.pk) == s.round
    with pytest.raises(PermissionDenied):
        round_access.judge_round_for(request_of(zone.users["nobody"]), s.round.pk)
    with pytest.raises(Http404):
        round_access.judge_round_for(request_of(s.judge_a), s.round.pk + 100)


def test_a_judge_sees_their_own_sheet_and_not_anothers(round_setup, zone):
    s = round_setup
    s.open()
    mine = s.sheet(s.judge_a, s.guzhuang, 8, 7)
    assert round_access.sheet_for(request_of(s.judge_a), mine.pk) == mine
    assert round_access.sheet_for(request_of(s.staff), mine.pk) == mine
    for user in (s.judge_b, zone.users["leader"], zone.users["secretary"], zone.users["other_staff"]):
        with pytest.raises(PermissionDenied):
            round_access.sheet_for(request_of(user), mine.pk)
    s.close()
    s.publish()
    assert round_access.sheet_for(request_of(zone.users["leader"]), mine.pk) == mine
    for user in (s.judge_b, zone.users["secretary"], zone.users["other_staff"]):
        with pytest.raises(PermissionDenied):
            round_access.sheet_for(request_of(user), mine.pk)
    assert ScoreSheet.objects.count() == 1


# --- secretaries ----------------------------------------------------------------------------


def test_a_secretary_keeps_the_published_boards_of_their_office_only(round_setup, zone):
    s = round_setup
    secretary = zone.users["secretary"]  # of 慈航路社区 (郑港)
    access = fresh(secretary)
    assert access.secretary_village_ids == frozenset({zone.cihang.pk})
    assert access.secretary_office_ids == frozenset({zone.zg.pk})
    assert access.can_view_results(zone.zg.pk, published=True) is True
    assert access.can_view_results(zone.zg.pk, published=False) is False
    assert access.can_view_results(zone.xg.pk, published=True) is False
    assert access.can_view_office(zone.zg.pk) is False
    assert access.can_see_breakdown(zone.zg.pk) is False
    assert access.can_read_summary(zone.zg.pk, published=True) is False
    assert access.can_manage_office(zone.zg.pk) is False
    assert access.can_view_village(zone.cihang) is True
    assert access.can_view_village(zone.guzhuang) is False
    assert access.can_edit_pledges(zone.cihang) is True
    assert access.can_edit_pledges(zone.guzhuang) is False

    assert round_access.may_open_board(access, s.round) is False  # draft
    s.open()
    assert round_access.may_open_board(fresh(secretary), s.round) is False  # provisional
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    assert round_access.may_open_board(fresh(secretary), s.round) is False
    s.publish()
    assert round_access.may_open_board(fresh(secretary), s.round) is True
    assert round_access.may_read_results(fresh(secretary), s.round) is False  # every judge's figures
    assert round_access.may_open_board(fresh(zone.users["other_secretary"]), s.round) is False


def test_a_former_secretary_keeps_nothing(round_setup, zone):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    s.publish()
    Secretary.objects.filter(user=zone.users["secretary"]).update(end_date=datetime.date(2022, 12, 31))
    access = fresh(zone.users["secretary"])
    assert access.secretary_village_ids == frozenset()
    assert round_access.may_open_board(access, s.round) is False
    assert access.can_view_village(zone.cihang) is False


def test_a_secretarys_receipt_waits_for_publication_and_has_no_judges(round_setup, zone):
    s = round_setup
    secretary = zone.users["secretary"]
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 7)
    s.close()
    with pytest.raises(Denied) as info:
        round_access.receipt_round_for(request_of(secretary), s.round.pk, zone.cihang.pk)
    assert info.value.back == reverse("inspections:village-dashboard", args=[zone.cihang.pk])
    assert round_access.receipt_round_for(request_of(s.staff), s.round.pk, zone.cihang.pk) == (s.round, False)
    s.publish()
    assert round_access.receipt_round_for(request_of(secretary), s.round.pk, zone.cihang.pk) == (
        s.round,
        True,
    )
    assert round_access.receipt_round_for(request_of(zone.users["leader"]), s.round.pk, zone.cihang.pk) == (
        s.round,
        False,
    )
    with pytest.raises(PermissionDenied):  # not their village: the office's figures, not theirs to read
        round_access.receipt_round_for(request_of(secretary), s.round.pk, zone.guzhuang.pk)


# --- staff, leaders, administrators ----------------------------------------------------------


def test_staff_read_their_results_at_any_time_leaders_once_published(round_setup, zone):
    s = round_setup
    staff, leader, other = s.staff, zone.users["leader"], zone.users["other_staff"]
    s.open()
    assert round_access.may_read_results(fresh(staff), s.round) is True
    assert round_access.may_read_results(fresh(leader), s.round) is False
    assert round_access.may_open_board(fresh(staff), s.round) is True
    assert round_access.may_open_board(fresh(leader), s.round) is False
    with pytest.raises(Denied) as info:
        round_access.results_round_for(request_of(leader), s.round.pk)
    assert info.value.back == reverse("inspections:round-detail", args=[s.round.pk])
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    s.publish()
    assert round_access.results_round_for(request_of(leader), s.round.pk) == s.round
    assert round_access.may_read_results(fresh(other), s.round) is False
    assert round_access.may_read_results(fresh(zone.users["zone_leader"]), s.round) is True
    assert round_access.may_read_results(fresh(zone.users["admin"]), s.round) is True
    with pytest.raises(PermissionDenied):
        round_access.round_for(request_of(other), s.round.pk)
    with pytest.raises(PermissionDenied):
        round_access.round_for(request_of(leader), s.round.pk, manage=True)
    assert round_access.round_for(request_of(staff), s.round.pk, manage=True) == s.round


def test_roles_of_each_persona(zone):
    u = zone.users
    zg, xg = zone.zg.pk, zone.xg.pk
    admin = fresh(u["admin"])
    assert admin.is_admin and admin.reads_all_offices and admin.is_staff_member
    assert admin.can_manage_office(xg) and admin.can_read_summary(xg, published=False)
    zone_leader = fresh(u["zone_leader"])
    assert zone_leader.zone_leader and zone_leader.reads_all_offices
    assert zone_leader.can_view_office(xg) and not zone_leader.can_manage_office(xg)
    assert not zone_leader.is_staff_member
    assert zone_leader.leader_office_ids == frozenset()
    leader = fresh(u["leader"])
    assert leader.leader_office_ids == frozenset({zg}) and not leader.zone_leader
    assert leader.can_view_office(zg) and not leader.can_view_office(xg)
    assert leader.can_read_summary(zg, published=True) and not leader.can_read_summary(zg, published=False)
    assert not leader.can_edit_pledges(zone.cihang)
    staff = fresh(u["staff"])
    assert staff.staff_office_ids == frozenset({zg}) and staff.is_staff_member
    assert staff.can_read_summary(zg, published=False) and not staff.can_manage_office(xg)
    assert staff.can_edit_pledges(zone.cihang) and not staff.can_edit_pledges(zone.tianwang)
    assert staff.readable_office_ids == frozenset({zg})
    assert list(staff.offices()) == [zone.zg]
    assert list(staff.managed_offices()) == [zone.zg]
    assert list(leader.managed_offices()) == []
    assert set(admin.managed_offices()) == {zone.zg, zone.xg}
    assert set(zone_leader.offices()) == {zone.zg, zone.xg}
    nobody = fresh(u["nobody"])
    assert (
        nobody.is_authenticated and not nobody.readable_office_ids and nobody.home_url() == reverse("no-role")
    )


def test_home_of_each_role(zone):
    u = zone.users
    assert fresh(u["admin"]).home_url() == reverse("inspections:zone-overview")
    assert fresh(u["zone_leader"]).home_url() == reverse("inspections:zone-overview")
    assert fresh(u["staff"]).home_url() == reverse("villages:office-detail", args=[zone.zg.pk])
    assert fresh(u["secretary"]).home_url() == reverse("inspections:village-dashboard", args=[zone.cihang.pk])
    Secretary.objects.filter(village=zone.shidong).update(user=u["secretary"])
    assert fresh(u["secretary"]).home_url() == reverse("villages:my-villages")
    from villages.models import Membership

    Membership.objects.create(user=u["leader"], role=Membership.Role.LEADER, office=zone.xg)
    assert fresh(u["leader"]).home_url() == reverse("villages:office-list")


def test_anonymous_users_hold_nothing(zone):
    from django.contrib.auth.models import AnonymousUser

    access = Access.for_user(AnonymousUser())
    assert access == Access()
    assert not access.is_authenticated
    assert not access.can_view_results(zone.zg.pk, published=True)


def test_office_and_village_lookups_refuse_or_404(zone):
    u = zone.users
    assert office_for(request_of(u["leader"]), zone.zg.pk) == zone.zg
    with pytest.raises(PermissionDenied):
        office_for(request_of(u["leader"]), zone.zg.pk, manage=True)
    with pytest.raises(PermissionDenied):
        office_for(request_of(u["leader"]), zone.xg.pk)
    with pytest.raises(Http404):
        office_for(request_of(u["admin"]), zone.xg.pk + 100)
    assert village_for(request_of(u["secretary"]), zone.cihang.pk, edit=True) == zone.cihang
    with pytest.raises(PermissionDenied):
        village_for(request_of(u["leader"]), zone.cihang.pk, edit=True)
    assert village_for(request_of(u["leader"]), zone.cihang.pk) == zone.cihang
    with pytest.raises(PermissionDenied):
        village_for(request_of(u["secretary"]), zone.guzhuang.pk)


def test_round_tabs_follow_the_rules_of_their_pages(round_setup, zone):
    s = round_setup
    names = lambda user: [t[3] for t in round_access.round_tabs(fresh(user), s.round, "/")]  # noqa: E731
    assert names(s.staff) == ["round-detail", "round-review", "round-adjustments", "round-photos"]
    s.open()
    assert names(s.staff) == [
        "round-detail",
        "round-results",
        "leaderboard",
        "round-review",
        "round-adjustments",
        "round-photos",
        "keyin-choose",
        "round-import",
        "consistency",
        "arena",
        "round-export",
    ]
    assert names(zone.users["leader"]) == [
        "round-detail",
        "round-review",
        "round-adjustments",
        "round-photos",
    ]
    assert names(zone.users["secretary"]) == []
    assert names(s.judge_a) == []
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    s.publish()
    assert names(zone.users["leader"]) == [
        "round-detail",
        "round-results",
        "leaderboard",
        "round-review",
        "round-adjustments",
        "round-photos",
        "round-export",
    ]
    assert "arena" not in names(s.staff)
    detail = reverse("inspections:round-detail", args=[s.round.pk])
    keyin = reverse("inspections:keyin-choose", args=[s.round.pk])
    tabs = round_access.round_tabs(fresh(s.staff), s.round, keyin + "x/")
    assert [t[3] for t in tabs if t[2]] == ["keyin-choose"]
    tabs = round_access.round_tabs(fresh(s.staff), s.round, detail)
    assert [t[3] for t in tabs if t[2]] == ["round-detail"]


# --- what each lookup reads, and what it says when it refuses -------------------------------


def primed(user):
    """A request whose user's roles are already read, so only the lookup's own queries count."""
    request = request_of(user)
    Access.for_user(user)
    return request


@pytest.fixture
def two_rounds(round_setup, zone):
    """The set-up round open with a sheet, and a second round of 郑港 before it in the table."""
    from inspections.models import InspectionRound

    s = round_setup
    s.other = InspectionRound.objects.create(
        office=zone.zg,
        year=2021,
        quarter=4,
        date=datetime.date(2021, 12, 1),
        title="上一轮",
        status="published",
    )
    s.open()
    s.sheet(s.judge_b, s.guzhuang, 6, 6)  # another sheet before it
    s.mine = s.sheet(s.judge_a, s.guzhuang, 8, 7)
    return s


def test_a_judge_of_an_open_round_opens_it_with_one_query_and_its_office_loaded(
    two_rounds, django_assert_num_queries
):
    s = two_rounds
    request = primed(s.judge_a)
    with django_assert_num_queries(1):
        rnd = round_access.judge_round_for(request, s.round.pk)
        assert rnd.pk == s.round.pk
        assert rnd.office.name == "郑港办事处"


def test_a_judge_of_a_closed_round_still_opens_their_sheets_list(two_rounds):
    s = two_rounds
    s.close()
    assert round_access.judge_round_for(request_of(s.judge_a), s.round.pk) == s.round


def test_refusals_say_why(two_rounds, zone):
    s = two_rounds
    with pytest.raises(PermissionDenied) as info:
        round_access.judge_round_for(request_of(zone.users["nobody"]), s.round.pk)
    assert str(info.value) == "您不是这一轮的评委。"
    with pytest.raises(PermissionDenied) as info:
        round_access.sheet_for(request_of(s.judge_b), s.mine.pk)
    assert str(info.value) == "您无权查看这份评分表。"
    with pytest.raises(Denied) as info:
        round_access.results_round_for(request_of(zone.users["leader"]), s.round.pk)
    assert (str(info.value), info.value.back_label) == ("本轮成绩尚未发布。", "返回本轮概况")
    with pytest.raises(Denied) as info:
        round_access.receipt_round_for(request_of(zone.users["secretary"]), s.round.pk, zone.cihang.pk)
    assert (str(info.value), info.value.back_label) == ("本轮成绩尚未发布。", "返回我的村")


def test_a_secretary_who_also_leads_the_office_is_refused_as_a_leader(two_rounds, zone):
    from villages.models import Membership

    s = two_rounds
    secretary = zone.users["secretary"]
    Membership.objects.create(user=secretary, role=Membership.Role.LEADER, office=zone.zg)
    with pytest.raises(Denied) as info:
        round_access.receipt_round_for(request_of(secretary), s.round.pk, zone.cihang.pk)
    assert info.value.back == reverse("inspections:round-detail", args=[s.round.pk])


def test_lookups_read_the_round_asked_for_with_what_the_pages_show(two_rounds, django_assert_num_queries):
    s = two_rounds
    request = primed(s.staff)
    with django_assert_num_queries(2):  # the round, and its office as office_for checks it
        rnd = round_access.round_for(request, s.round.pk)
        assert (rnd.pk, rnd.office.name) == (s.round.pk, "郑港办事处")
    with django_assert_num_queries(1):
        rnd, secretary_version = round_access.receipt_round_for(request, s.round.pk, s.guzhuang.pk)
        assert (rnd.pk, rnd.office.name, secretary_version) == (s.round.pk, "郑港办事处", False)
    with django_assert_num_queries(1):
        sheet = round_access.sheet_for(request, s.mine.pk)
        assert (sheet.pk, sheet.round.office.name, sheet.village.name, sheet.judge.username) == (
            s.mine.pk,
            "郑港办事处",
            "谷庄村",
            "judge_a",
        )
    assert round_access.round_for(request, s.other.pk) == s.other


def test_office_and_village_refusals_say_why_and_villages_come_with_their_office(
    zone, django_assert_num_queries
):
    u = zone.users
    with pytest.raises(PermissionDenied) as info:
        office_for(request_of(u["leader"]), zone.xg.pk)
    assert str(info.value) == "您无权访问该办事处的数据。"
    with pytest.raises(PermissionDenied) as info:
        village_for(request_of(u["leader"]), zone.tianwang.pk)
    assert str(info.value) == "您无权访问该村(社区)的数据。"
    request = primed(u["leader"])
    with django_assert_num_queries(1):
        village = village_for(request, zone.guzhuang.pk)
        assert (village.name, village.office.name) == ("谷庄村", "郑港办事处")


def test_roles_are_read_once_per_user_object(zone, django_assert_num_queries):
    user = zone.users["staff"]
    first = fresh(user)
    with django_assert_num_queries(0):
        assert Access.for_user(user) is first


def test_leaders_see_the_breakdown_of_their_office_only(zone):
    leader = fresh(zone.users["leader"])
    assert leader.can_see_breakdown(zone.zg.pk) is True
    assert leader.can_see_breakdown(zone.xg.pk) is False
