"""`python manage.py seed_demo`: the demo zone from the 2022 report, with one login per role.

The demo is seeded once for this module (see `demo_db`); a run on an empty database after a roster
import is in test_seed_demo_after_import.py."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from villages.demo import DEMO_PASSWORD
from villages.models import (
    Membership,
    Office,
    Pledge,
    PledgeChange,
    PledgePhoto,
    PledgeProgress,
    Secretary,
    Village,
)

pytestmark = pytest.mark.django_db

OFFICES = ["郑港办事处", "新港办事处", "明港办事处", "银河办事处", "IT产业园社区服务中心"]
NAMED_VILLAGES = {
    "慈航路社区": "郑港办事处",
    "谷庄村": "郑港办事处",
    "后宋村": "郑港办事处",
    "田王村": "新港办事处",
    "世东建设": "新港办事处",
    "陶庄村": "明港办事处",
    "富鑫工作站": "IT产业园社区服务中心",
}
MODELS = (
    get_user_model(),
    Office,
    Village,
    Secretary,
    Membership,
    Pledge,
    PledgeProgress,
    PledgeChange,
    PledgePhoto,
    Secretary.history.model,
    Pledge.history.model,
    PledgeProgress.history.model,
)


# People the 2022 report names: no demo secretary may carry one of these names.
REPORT_PEOPLE = {
    "朱永立", "张超杰", "程晖", "郑艳霞", "刘勇", "张一凡", "赵淼", "王兴",
    "王军方", "贺振广", "刘倩", "吴英豪", "薛明亮", "张荔华", "李龙",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _seeded(demo_db):
    """Every test here reads the demo, seeded once for the module."""


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_seeds_the_five_offices_with_the_named_villages():
    assert sorted(Office.objects.values_list("name", flat=True)) == sorted(OFFICES)
    assert Office.objects.get(name="IT产业园社区服务中心").kind == Office.Kind.SERVICE_CENTER
    for village, office in NAMED_VILLAGES.items():
        assert Village.objects.filter(name=village, office__name=office).exists(), village


def test_every_office_has_a_realistic_roster_each_village_with_a_current_secretary():
    for office in Office.objects.all():
        villages = Village.objects.filter(office=office)
        assert 10 <= villages.count() <= 16, office.name
        for village in villages:
            assert village.secretaries.current().count() == 1, (office.name, village.name)
    kinds = set(Village.objects.filter(office__name="IT产业园社区服务中心").values_list("kind", flat=True))
    assert kinds == {Village.Kind.WORKSTATION}
    zhenggang = set(Village.objects.filter(office__name="郑港办事处").values_list("kind", flat=True))
    assert {Village.Kind.VILLAGE, Village.Kind.COMMUNITY} <= zhenggang


def test_only_sample_villages_are_flagged_and_they_have_plausible_names():
    assert not Village.objects.filter(name__in=NAMED_VILLAGES, is_sample=True).exists()
    assert Village.objects.exclude(name__in=NAMED_VILLAGES).filter(is_sample=False).count() == 0
    samples = list(Village.objects.filter(is_sample=True).values_list("name", flat=True))
    assert len(samples) >= 40
    assert not [name for name in samples if "示例" in name]
    assert all(name.endswith(("村", "社区", "工作站")) for name in samples), samples
    assert len(set(samples)) == len(samples)


def test_every_secretary_is_fictional():
    names = list(Secretary.objects.values_list("name", flat=True))

    assert not REPORT_PEOPLE & set(names)
    assert len(set(names)) == len(names) == Village.objects.count()


def test_pledges_have_first_and_second_quarter_progress_in_every_status():
    for village in Village.objects.all():
        assert village.pledges.count() >= 3, village.name
    pledges = Pledge.objects.filter(status=Pledge.Status.PUBLIC).count()  # progress is on public ones
    for quarter in (1, 2):
        progress = PledgeProgress.objects.filter(quarter=quarter)
        assert progress.count() == pledges
        assert set(progress.values_list("status", flat=True)) == set(PledgeProgress.Status.values), quarter
    assert not PledgeProgress.objects.filter(note="").exists()
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert not PledgeProgress.objects.exclude(pledge__status=Pledge.Status.PUBLIC).exists()
    returned = Pledge.objects.filter(status=Pledge.Status.RETURNED)
    assert returned.filter(village__name="慈航路社区").exists()  # the secretary's login has one to correct
    assert not returned.filter(return_reason="").exists()
    assert PledgePhoto.objects.filter(progress__pledge__village__name="慈航路社区").exists()
    assert PledgeChange.objects.filter(pledge__status=Pledge.Status.PUBLIC).exclude(reason="").exists()


def test_fulfilment_differs_between_villages():
    done, due = {}, {}
    for progress in PledgeProgress.objects.filter(quarter=2).select_related("pledge"):
        village = progress.pledge.village_id
        due[village] = due.get(village, 0) + 1
        done[village] = done.get(village, 0) + (progress.status == PledgeProgress.Status.DONE)
    rates = {round(done[v] / due[v], 2) for v in due}

    assert len(rates) >= 5
    assert min(rates) < 0.5 < max(rates)


def test_running_twice_changes_no_row_counts():
    first = counts()

    seed()

    assert counts() == first


def test_the_output_lists_one_login_per_role_with_the_password(demo_db):
    out = demo_db

    assert "演示数据已就绪(示例单位和书记姓名均为虚构)。" in out
    assert "演示账号(角色 用户名 密码):" in out
    login_lines = [line for line in out.splitlines() if DEMO_PASSWORD in line]
    usernames = [line.split()[1] for line in login_lines]
    assert len(usernames) == len(set(usernames))  # each login listed once
    for label, username in [
        ("管理员", "admin"),
        ("全区领导", "zone_leader"),
        ("郑港办事处领导", "zg_leader"),
        ("郑港办事处工作人员", "zg_staff"),
        ("郑港办事处工作人员（复核）", "zg_staff2"),
        ("党支部书记", "cihang_secretary"),
    ]:
        assert any(label in line and f" {username} " in line for line in login_lines), username


def test_quiet_logins_prints_no_passwords():
    out = seed("--quiet-logins")

    assert "演示数据已就绪" in out
    assert DEMO_PASSWORD not in out


@pytest.mark.parametrize(
    "username, home",
    [
        ("admin", lambda: reverse("inspections:zone-overview")),
        ("zone_leader", lambda: reverse("inspections:zone-overview")),
        (
            "zg_leader",
            lambda: reverse("villages:office-detail", args=[Office.objects.get(name="郑港办事处").pk]),
        ),
        (
            "zg_staff",
            lambda: reverse("villages:office-detail", args=[Office.objects.get(name="郑港办事处").pk]),
        ),
        (
            "cihang_secretary",
            lambda: reverse(
                "inspections:village-dashboard", args=[Village.objects.get(name="慈航路社区").pk]
            ),
        ),
    ],
)
def test_each_demo_login_works_and_lands_on_its_home(client, username, home):
    seed()  # a second run must not break the logins

    assert client.login(username=username, password=DEMO_PASSWORD)
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == home()
    assert client.get(response["Location"]).status_code == 200


def test_demo_logins_can_use_the_login_form(client):
    response = client.post(reverse("login"), {"username": "zg_staff", "password": DEMO_PASSWORD}, follow=True)

    assert response.status_code == 200
    assert "郑港办事处" in response.content.decode()


def test_the_pledges_timeline_stands_in_2022_before_each_quarters_round():
    """Drafted and made public (公开于) in January 2022, each quarter's progress entered before that
    quarter's round; nothing carries the day the demo was loaded."""
    from django.utils import timezone

    today = timezone.localdate()

    def day(value):
        return timezone.localtime(value).date()

    first_round = datetime.date(2022, 3, 24)
    for pledge in Pledge.objects.all():
        assert pledge.year == 2022 and day(pledge.created_at) < first_round, pledge
        for moment in (pledge.submitted_at, pledge.reviewed_at, pledge.published_at):
            assert moment is None or datetime.date(2022, 1, 1) <= day(moment) < first_round, pledge
        assert pledge.deadline <= datetime.date(2022, 12, 31)
    for entry in PledgeProgress.objects.all():
        quarter_end = datetime.date(2022, 3 * entry.quarter, 1) + datetime.timedelta(days=30)
        assert day(entry.updated_at) <= quarter_end and day(entry.updated_at) != today, entry
    for change in PledgeChange.objects.all():
        assert day(change.changed_at).year == 2022
    assert not Secretary.objects.filter(start_date=today).exists()
