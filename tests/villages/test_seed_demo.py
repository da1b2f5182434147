"""`python manage.py seed_demo`: the demo zone from the 2022 report, with one login per role."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from villages.demo import DEMO_PASSWORD
from villages.models import Membership, Office, Pledge, PledgeProgress, Secretary, Village

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
    Secretary.history.model,
    Pledge.history.model,
    PledgeProgress.history.model,
)


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_seeds_the_five_offices_with_the_named_villages():
    seed()

    assert sorted(Office.objects.values_list("name", flat=True)) == sorted(OFFICES)
    assert Office.objects.get(name="IT产业园社区服务中心").kind == Office.Kind.SERVICE_CENTER
    for village, office in NAMED_VILLAGES.items():
        assert Village.objects.filter(name=village, office__name=office).exists(), village


def test_every_office_has_at_least_four_villages_each_with_a_current_secretary():
    seed()

    for office in Office.objects.all():
        villages = Village.objects.filter(office=office)
        assert villages.count() >= 4, office.name
        for village in villages:
            assert village.secretaries.current().count() == 1, (office.name, village.name)


def test_only_sample_villages_are_flagged_and_they_say_so():
    seed()

    assert not Village.objects.filter(name__in=NAMED_VILLAGES, is_sample=True).exists()
    samples = Village.objects.filter(is_sample=True)
    assert samples.exists()
    assert all("示例" in name for name in samples.values_list("name", flat=True))
    assert Village.objects.exclude(name__in=NAMED_VILLAGES).filter(is_sample=False).count() == 0


def test_seeded_villages_have_pledges_with_first_quarter_progress():
    seed()

    for village in Village.objects.all():
        assert village.pledges.count() >= 3, village.name
    assert PledgeProgress.objects.filter(quarter=1).count() == Pledge.objects.count()
    assert Pledge.objects.filter(is_public=False).exists()
    delayed = PledgeProgress.objects.filter(status=PledgeProgress.Status.DELAYED)
    assert delayed.exists()
    assert not delayed.filter(note="").exists()


def test_running_twice_changes_no_row_counts():
    seed()
    first = counts()

    seed()

    assert counts() == first


def test_running_after_a_roster_import_keeps_the_imported_secretaries(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "办事处,单位,类型,党支部书记,联系电话\n郑港办事处,慈航路社区,社区,张现任,\n", encoding="utf-8"
    )
    call_command("import_roster", str(path), stdout=io.StringIO())

    seed()

    tenures = Secretary.objects.filter(village__office__name="郑港办事处", village__name="慈航路社区")
    assert list(tenures.values_list("name", flat=True)) == ["张现任"]
    assert Village.objects.filter(name="慈航路社区").count() == 1


def test_the_output_lists_one_login_per_role_with_the_password():
    out = seed()

    assert "演示数据已就绪(示例单位和书记姓名均为虚构)。" in out
    assert "演示账号(角色 用户名 密码):" in out
    login_lines = [line for line in out.splitlines() if DEMO_PASSWORD in line]
    usernames = [line.split()[1] for line in login_lines]
    assert len(usernames) == len(set(usernames))  # each login listed once
    for label, username in [
        ("管理员", "admin"),
        ("领导", "zone_leader"),
        ("领导", "zg_leader"),
        ("办事处工作人员", "zg_staff"),
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
    seed()
    seed()  # a second run must not break the logins

    assert client.login(username=username, password=DEMO_PASSWORD)
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == home()
    assert client.get(response["Location"]).status_code == 200


def test_demo_logins_can_use_the_login_form(client):
    seed()

    response = client.post(reverse("login"), {"username": "zg_staff", "password": DEMO_PASSWORD}, follow=True)

    assert response.status_code == 200
    assert "郑港办事处" in response.content.decode()
