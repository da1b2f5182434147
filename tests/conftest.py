"""Shared fixtures: a small zone with two offices and named personas for every role."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from villages.models import Membership, Office, Pledge, PledgeProgress, Secretary, Village

PASSWORD = "pass-for-tests-123"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Kept boards and documents never outlive a test (a new test database reuses primary keys)."""
    from django.core.cache import caches

    for alias in ("default", "documents"):
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request's LocaleMiddleware leaves the language
    it chose active in the thread, and messages built outside a request would follow it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


def make_user(username, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    return user


@pytest.fixture
def zone(db):
    """Two offices (郑港, 新港), two villages each, a public pledge in each village and a draft.

    Personas: admin, zone_leader, leader (郑港), staff (郑港), other_staff (新港),
    secretary (慈航路社区), other_secretary (田王村), nobody (no role).
    """
    zg = Office.objects.create(name="郑港办事处", sort_order=1)
    xg = Office.objects.create(name="新港办事处", sort_order=2)
    cihang = Village.objects.create(office=zg, name="慈航路社区", kind=Village.Kind.COMMUNITY)
    guzhuang = Village.objects.create(office=zg, name="谷庄村")
    tianwang = Village.objects.create(office=xg, name="田王村")
    shidong = Village.objects.create(office=xg, name="世东建设", kind=Village.Kind.ENTERPRISE)

    users = {
        "admin": make_user("admin", is_superuser=True, is_staff=True),
        "zone_leader": make_user("zone_leader"),
        "leader": make_user("leader"),
        "staff": make_user("staff"),
        "other_staff": make_user("other_staff"),
        "secretary": make_user("secretary"),
        "other_secretary": make_user("other_secretary"),
        "nobody": make_user("nobody"),
    }
    Membership.objects.create(user=users["zone_leader"], role=Membership.Role.LEADER)
    Membership.objects.create(user=users["leader"], role=Membership.Role.LEADER, office=zg)
    Membership.objects.create(user=users["staff"], role=Membership.Role.STAFF, office=zg)
    Membership.objects.create(user=users["other_staff"], role=Membership.Role.STAFF, office=xg)
    start = datetime.date(2021, 1, 1)
    Secretary.objects.create(village=cihang, name="王建国", user=users["secretary"], start_date=start)
    Secretary.objects.create(village=guzhuang, name="李春生", start_date=start)
    Secretary.objects.create(village=tianwang, name="田志强", user=users["other_secretary"], start_date=start)
    Secretary.objects.create(village=shidong, name="陈世东", start_date=start)

    pledges = {}
    for village in (cihang, guzhuang, tianwang, shidong):
        pledges[village.name] = Pledge.objects.create(
            village=village,
            year=2022,
            title=f"{village.name}人居环境整治",
            content="垃圾清零",
            measure="每周清扫",
            deadline=datetime.date(2022, 12, 31),
            category=Pledge.Category.ENVIRONMENT,
            status=Pledge.Status.PUBLIC,
        )
    private = Pledge.objects.create(
        village=cihang,
        year=2022,
        title="党员联系户走访(内部)",
        content="每月走访",
        measure="建立台账",
        deadline=datetime.date(2022, 12, 31),
        category=Pledge.Category.PARTY_BUILDING,
        status=Pledge.Status.DRAFT,
    )
    PledgeProgress.objects.create(
        pledge=pledges["慈航路社区"], quarter=1, status=PledgeProgress.Status.IN_PROGRESS, note="已清扫三次"
    )

    class Zone:
        pass

    z = Zone()
    z.zg, z.xg = zg, xg
    z.cihang, z.guzhuang, z.tianwang, z.shidong = cihang, guzhuang, tianwang, shidong
    z.users = users
    z.pledges = pledges
    z.private_pledge = private
    return z


@pytest.fixture
def login(client):
    """Log the test client in as a persona: `login(zone.users["staff"])`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` run once for a whole test module, since seeding takes seconds; returns its output.

    Each test still runs in its own transaction on top of the seeded data, and the module's end
    empties the database again. Photos go to a temporary MEDIA_ROOT.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    media.enable()
    try:
        with django_db_blocker.unblock():
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        media.disable()
