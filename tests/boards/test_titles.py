"""A round's title usually starts with its period; where the period is shown just before it, the
title is not repeated ("2022年第二季度 · 2022年第二季度“逐村观摩”…")."""

import pytest
from django.urls import reverse

from .helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def titled(quarters):
    quarters.q2.title = "2022年第二季度“逐村观摩”暨党组织书记“亮赛比”活动"
    quarters.q2.save()
    return quarters


@pytest.mark.parametrize(
    "role,url",
    [
        ("secretary", lambda q: reverse("inspections:village-dashboard", args=[q.cihang.pk])),
        ("leader", lambda q: reverse("inspections:round-list", args=[q.office.pk])),
        ("leader", lambda q: reverse("inspections:leaderboard", args=[q.q2.pk])),
    ],
    ids=["dashboard", "round list", "leaderboard"],
)
def test_the_period_is_not_repeated(titled, login, role, url):
    text = text_of(login(titled.zone.users[role]).get(url(titled)))
    assert "“逐村观摩”暨党组织书记“亮赛比”活动" in text
    assert "2022年第二季度 · 2022年第二季度" not in text
    assert "· 2022年第二季度“逐村观摩”" not in text
