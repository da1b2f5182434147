"""整改清单: rectification items per office and for the zone, filtered by state, village, 责任人 and
overdue; the zone overview's counts lead to them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Rectification

from .helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(quarters):
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)
    made = {}
    for key, village, status, responsible, deadline in [
        ("overdue", quarters.cihang, "open", "王建国", past),
        ("overdue2", quarters.housong, "open", "宋立新", past),
        ("open", quarters.guzhuang, "open", "赵新民", future),
        ("done", quarters.cihang, "done", "王建国", past),  # reported done: not overdue
        ("verified", quarters.housong, "verified", "宋立新", past),
    ]:
        made[key] = Rectification.objects.create(
            round=quarters.q2,
            village=village,
            problem=f"问题-{key}",
            responsible=responsible,
            deadline=deadline,
            status=status,
        )
    # Another office's item never shows in 郑港's list.
    from inspections.models import InspectionRound

    other_round = InspectionRound.objects.create(
        office=quarters.zone.xg, year=2022, quarter=2, date=datetime.date(2022, 6, 1), title="新港二季度"
    )
    made["other"] = Rectification.objects.create(
        round=other_round,
        village=quarters.zone.tianwang,
        problem="问题-other",
        responsible="田志强",
        deadline=past,
    )
    return made


def listed(response):
    assert response.status_code == 200
    return sorted(re.findall(r"问题-(\w+)", text_of(response)))


def office_list(quarters, **query):
    return reverse("inspections:office-rectifications", args=[quarters.office.pk]), query


def test_the_zone_overview_counts_lead_to_the_items_they_count(quarters, items, login):
    client = login(quarters.zone.users["zone_leader"])
    html = client.get(reverse("inspections:zone-overview")).content.decode()
    office_url = reverse("inspections:office-rectifications", args=[quarters.office.pk])
    counted = re.search(r'data-testid="open-rectifications">(.*?)</dd>', html, re.S).group(1)
    unfinished, overdue = re.findall(r'href="([^"]+)"', counted)
    assert unfinished == f"{office_url}?state=unfinished"
    assert overdue == f"{office_url}?overdue=on"
    assert re.search(r">\s*4\s*</a>", counted) and "逾期 2" in counted
    assert listed(client.get(unfinished.replace("&amp;", "&"))) == ["done", "open", "overdue", "overdue2"]
    assert listed(client.get(overdue)) == ["overdue", "overdue2"]


def test_filters(quarters, items, login):
    client = login(quarters.zone.users["leader"])
    url = reverse("inspections:office-rectifications", args=[quarters.office.pk])
    assert listed(client.get(url)) == ["done", "open", "overdue", "overdue2", "verified"]
    assert listed(client.get(url, {"village": quarters.housong.pk})) == ["overdue2", "verified"]
    assert listed(client.get(url, {"responsible": "王建"})) == ["done", "overdue"]
    assert listed(client.get(url, {"state": "verified"})) == ["verified"]
    assert listed(client.get(url, {"state": "unfinished", "responsible": "宋"})) == ["overdue2"]
    assert listed(client.get(url, {"overdue": "on", "village": quarters.cihang.pk})) == ["overdue"]
    # Overdue items come first, and the count says how many.
    response = client.get(url)
    text = text_of(response)
    assert text.index("问题-overdue") < text.index("问题-open")
    assert "共 5 项 · 其中逾期 2 项" in text
    # A village of another office is not a choice: the filter is left out rather than failing.
    assert listed(client.get(url, {"village": quarters.zone.tianwang.pk})) == listed(client.get(url))


def test_the_zone_list_spans_offices(quarters, items, login):
    client = login(quarters.zone.users["zone_leader"])
    url = reverse("inspections:zone-rectifications")
    assert listed(client.get(url, {"overdue": "on"})) == ["other", "overdue", "overdue2"]
    assert listed(client.get(url, {"office": quarters.zone.xg.pk})) == ["other"]


@pytest.mark.parametrize(
    "role,office_status,zone_status",
    [
        ("admin", 200, 200),
        ("zone_leader", 200, 200),
        ("leader", 200, 403),
        ("staff", 200, 403),
        ("other_staff", 403, 403),
        ("secretary", 403, 403),
    ],
)
def test_who_may_read_the_lists(quarters, items, login, role, office_status, zone_status):
    client = login(quarters.zone.users[role])
    assert client.get(
        reverse("inspections:office-rectifications", args=[quarters.office.pk])
    ).status_code == (office_status)
    assert client.get(reverse("inspections:zone-rectifications")).status_code == zone_status


def test_the_list_costs_a_fixed_number_of_queries(quarters, items, login, django_assert_max_num_queries):
    client = login(quarters.zone.users["zone_leader"])
    for i in range(60):
        Rectification.objects.create(
            round=quarters.q2,
            village=quarters.taozhuang,
            problem=f"问题-bulk{i}",
            responsible="陶红梅",
            deadline=timezone.localdate(),
        )
    with django_assert_max_num_queries(9):
        response = client.get(reverse("inspections:zone-rectifications"), {"page": 2})
    assert response.status_code == 200
    assert "第 2 / 2 页" in text_of(response)
