"""Every board costs a fixed number of SQL queries whatever the office's size.

A small office (郑港: 3 villages, 2 judges, 2 criteria, 2 published rounds) and a larger one
(新港: 20 villages, 5 judges, 8 criteria, 4 published rounds) are measured page by page through
the test client; each office also has an open round for the arena, rectification items (some
verified), remarks and bonus/deduction items, and an unscored site in every round.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Commentary, Rectification, Stage
from villages.models import Secretary, Village

from .helpers import build_round, make_user, table

pytestmark = pytest.mark.django_db

STAGES = [Stage.FIELD_VISIT, Stage.REPORT, Stage.ARENA, Stage.REVIEW]


def populate(office, *, villages, judges, criteria, rounds, prefix, staff):
    vils = []
    for i in range(villages + 1):  # the last one is a site nobody scores
        v = Village.objects.create(office=office, name=f"{prefix}村{i}", sort_order=i)
        Secretary.objects.create(village=v, name=f"{prefix}书记{i}", start_date=datetime.date(2021, 1, 1))
        vils.append(v)
    scored, unscored = vils[:-1], vils[-1]
    secretary = make_user(f"{prefix}_secretary")
    Secretary.objects.filter(village=scored[0]).update(user=secretary)
    js = [make_user(f"{prefix}_judge{i}") for i in range(judges)]
    crits = [(f"评分项{i}", STAGES[i % 4], "10", str(1 + i % 2)) for i in range(criteria)]
    published = []
    for q in range(1, rounds + 2):
        rnd, _ = build_round(
            office,
            2022 + (q - 1) // 4,
            (q - 1) % 4 + 1,
            villages=vils,
            judges=js,
            staff=staff,
            criteria=crits,
            status="published" if q <= rounds else "open",
            sheets={
                v: [tuple((vi + ji + ci + q) % 11 for ci in range(criteria)) for ji in range(judges)]
                for vi, v in enumerate(scored)
            },
            adjustments={scored[0]: "1.5", scored[-1]: "-2"},
        )
        published.append(rnd)
        for v in scored:
            Commentary.objects.create(round=rnd, village=v, kind="highlight", text=f"{v.name}亮点")
            Commentary.objects.create(round=rnd, village=v, kind="problem", text=f"{v.name}问题")
        Commentary.objects.create(round=rnd, kind="requirement", text="整轮要求")
    today = timezone.localdate()
    # Three items per village per published round: the larger office has more items per village.
    for v, rnd in ((v, rnd) for v in scored for rnd in published[:-1]):
        for days, status in ((-3, "open"), (10, "done"), (-5, "verified")):
            item = Rectification.objects.create(
                round=rnd,
                village=v,
                problem=f"{v.name}{rnd.quarter}问题{days}",
                responsible="村两委",
                deadline=today + datetime.timedelta(days=days),
                status=status,
            )
            if status == "verified":
                item.verified_by = staff
                item.verified_at = timezone.now()
                item.save()
    arena, latest = published[-1], published[-2]
    for v in scored[: len(scored) // 2]:
        services.site_reveal(rnd=arena, village=v, user=staff)
    return {
        "office": office,
        "latest": latest,
        "arena": arena,
        "village": scored[0],
        "unscored": unscored,
        "secretary": secretary,
        "year": 2022,
    }


def pages(data):
    return {
        "leaderboard": reverse("inspections:leaderboard", args=[data["latest"].pk]),
        "provisional leaderboard": reverse("inspections:leaderboard", args=[data["arena"].pk]),
        "improvement": reverse("inspections:improvement", args=[data["latest"].pk]),
        "year view": reverse("inspections:year-view", args=[data["office"].pk, data["year"]]),
        "zone overview": reverse("inspections:zone-overview"),
        "dashboard": reverse("inspections:village-dashboard", args=[data["village"].pk]),
        "arena": reverse("inspections:arena", args=[data["arena"].pk]),
        "arena json": reverse("inspections:arena-state", args=[data["arena"].pk]),
        "consistency": reverse("inspections:consistency", args=[data["arena"].pk]),
    }


def measure(client, data):
    counts = {}
    for name, url in pages(data).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def secretary_dashboard(client, data):
    client.force_login(data["secretary"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(pages(data)["dashboard"])
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_every_board_costs_the_same_at_any_size(zone, client):
    admin = zone.users["admin"]
    small = populate(
        zone.zg, villages=3, judges=2, criteria=2, rounds=2, prefix="s", staff=zone.users["staff"]
    )
    client.force_login(admin)
    small_counts = measure(client, small)
    small_counts["dashboard (secretary)"] = secretary_dashboard(client, small)

    large = populate(
        zone.xg, villages=20, judges=5, criteria=8, rounds=4, prefix="l", staff=zone.users["other_staff"]
    )
    client.force_login(admin)
    large_counts = measure(client, large)
    large_counts["dashboard (secretary)"] = secretary_dashboard(client, large)

    print("queries per page:", small_counts)
    assert large_counts == small_counts


@pytest.mark.parametrize("page", ["leaderboard", "improvement", "year view"])
def test_boards_stay_within_ten_queries(zone, client, django_assert_max_num_queries, page):
    data = populate(
        zone.xg, villages=20, judges=5, criteria=8, rounds=4, prefix="l", staff=zone.users["other_staff"]
    )
    for persona in ("admin", "zone_leader", "other_staff"):
        client.force_login(zone.users[persona])
        with django_assert_max_num_queries(10):
            assert client.get(pages(data)[page]).status_code == 200
    client.force_login(data["secretary"])
    with django_assert_max_num_queries(10):
        assert client.get(pages(data)[page]).status_code == 200


def test_the_boards_have_the_expected_rows(zone, client):
    """Sanity check that the measured pages show what was built: 20 scored + 1 unscored."""
    data = populate(
        zone.xg, villages=20, judges=5, criteria=8, rounds=4, prefix="l", staff=zone.users["other_staff"]
    )
    client.force_login(zone.users["admin"])
    rows = table(client.get(pages(data)["leaderboard"]), "leaderboard")
    body = [r for r in rows if r[0] not in ("", "排名")]
    assert len(body) == 21
    assert body[-1][3] == "未评分"
    state = client.get(pages(data)["arena json"]).json()
    assert len(state["villages"]) == 21
    assert sum(v["revealed"] for v in state["villages"]) == 10
    assert Decimal(state["villages"][0]["total"]) > 0
