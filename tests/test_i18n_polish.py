"""English pages read as English: the system's own history notes translated, labels spaced like English;
and the Chinese admin reads as Chinese."""

import pytest
from django.urls import reverse

from tests.test_i18n import switch_to_english, visible_text

pytestmark = pytest.mark.django_db


def test_labels_are_followed_by_a_space_in_english(zone, login):
    client = login(zone.users["secretary"])
    switch_to_english(client)
    text = visible_text(client.get(reverse("villages:village-detail", args=[zone.cihang.pk])))
    assert "Deadline: 2022-12-31" in text
    assert "Measures and targets: 每周清扫" in text


def test_the_chinese_admin_shows_login_throttling_in_chinese(zone, login):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="staff",
        ip_address="127.0.0.1",
        user_agent="x",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    client = login(zone.users["admin"])
    index = visible_text(client.get(reverse("admin:index")))
    assert "登录限制" in index and "登录尝试" in index and "登录失败记录" in index and "登录日志" in index
    for english in ("Axes", "Access attempts", "Access failures", "Access logs"):
        assert english not in index
    page = visible_text(client.get(reverse("admin:axes_accessattempt_changelist")))
    for chinese in ("尝试时间", "IP 地址", "浏览器标识", "用户名", "路径", "失败次数", "状态", "已锁定"):
        assert chinese in page
    for english in (
        "Attempt Time",
        "IP Address",
        "User Agent",
        "Failed Logins",
        "Status",
        "Locked Out",
        "Attempt Remaining",
    ):
        assert english not in page
    switch_to_english(client)
    assert "Login throttling" in visible_text(client.get(reverse("admin:index")))


def test_the_receipt_ends_its_sentences_in_english(zone, login):
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from inspections import services
    from inspections.models import InspectionRound, RoundSite

    staff = zone.users["staff"]
    rnd = InspectionRound.objects.create(
        office=zone.zg,
        year=2022,
        quarter=1,
        date=datetime.date(2022, 3, 24),
        title="亮赛比",
        drop_extremes=True,
    )
    criterion = rnd.criteria.create(name="定标亮诺", maximum=Decimal("10"))
    RoundSite(round=rnd, village=zone.cihang, order=1).save()
    judges = [get_user_model().objects.create_user(username=f"j{i}") for i in range(3)]
    rnd.judges.set(judges)
    services.round_open(rnd=rnd, user=staff)
    for judge, value in zip(judges, ("7", "8", "9"), strict=True):
        services.sheet_save(
            rnd=rnd,
            village=zone.cihang,
            judge=judge,
            values={criterion.pk: Decimal(value)},
            submit=True,
            actor=judge,
        )
    client = login(staff)
    switch_to_english(client)
    text = visible_text(client.get(reverse("inspections:score-receipt", args=[rnd.pk, zone.cihang.pk])))
    assert "counted: 1 (highest and lowest dropped)." in text
    assert "。" not in text.replace("亮赛比", "")
