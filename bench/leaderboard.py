#!/usr/bin/env python
"""Benchmark the boards at size: an office with N villages × 12 criteria × 7 judges × 4 rounds.

Builds the data in a scratch database (a test database on whatever DATABASE_URL names, SQLite
in memory by default), then times the leaderboard, the improvement board and the year view
through the test client as office staff, and the zone overview and the zone summary page as a
zone leader (the office is the whole zone here), next to a floor page that renders the same rows from a single query
with the same base template. One line per page:

    page=leaderboard villages=1000 queries=7 median_ms=85.1 floor_ms=52.3 ratio=1.63

Usage: python bench/leaderboard.py [--villages N] [--repeat R]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402

from inspections import services  # noqa: E402
from inspections.models import Adjustment, Criterion, InspectionRound, RoundSite, ScoreSheet, Stage  # noqa: E402
from villages.models import Membership, Office, Secretary, Village  # noqa: E402

CRITERIA, JUDGES, QUARTERS = 12, 7, 4


def build(n_villages, *, name="基准办事处", prefix="bench"):
    rng = random.Random(f"{name}-2022")
    User = get_user_model()
    office = Office.objects.create(name=name)
    staff = User.objects.create_user(f"{prefix}_staff", password="x")
    Membership.objects.create(user=staff, role=Membership.Role.STAFF, office=office)
    judges = User.objects.bulk_create([User(username=f"{prefix}_judge{i}") for i in range(JUDGES)])
    villages = Village.objects.bulk_create(
        [Village(office=office, name=f"基准{i:04d}村", sort_order=i) for i in range(n_villages)]
    )
    Secretary.objects.bulk_create(
        [
            Secretary(village=v, name=f"书记{i:04d}", start_date=datetime.date(2021, 1, 1))
            for i, v in enumerate(villages)
        ]
    )
    stages = [Stage.FIELD_VISIT, Stage.REPORT, Stage.ARENA]
    for quarter in range(1, QUARTERS + 1):
        rnd = InspectionRound.objects.create(
            office=office,
            year=2022,
            quarter=quarter,
            date=datetime.date(2022, quarter * 3, 20),
            title=f"基准第{quarter}季度",
            status=InspectionRound.Status.CLOSED,
        )
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(
                    round=rnd,
                    name=f"评分项{c + 1}",
                    stage=stages[c % 3],
                    maximum=Decimal("10"),
                    weight=Decimal("1.5") if c % 4 == 0 else Decimal("1"),
                    sort_order=c,
                )
                for c in range(CRITERIA)
            ]
        )
        RoundSite.objects.bulk_create(
            [
                RoundSite(round=rnd, village=v, order=i + 1, is_learning_visit=False)
                for i, v in enumerate(villages)
            ]
        )
        rnd.judges.set(judges)
        # A village or two sits a round out, so "new" and 未评分 appear as in real rounds.
        skipped = {villages[(quarter * 7) % n_villages].pk}
        sheets = []
        for v in villages:
            if v.pk in skipped:
                continue
            strength = rng.uniform(6.0, 9.5)
            for j in judges:
                values = {
                    str(c.pk): format(
                        min(
                            Decimal("10"),
                            max(Decimal("0"), Decimal(str(round(strength + rng.uniform(-1, 1), 1)))),
                        ),
                        "f",
                    )
                    for c in criteria
                }
                sheets.append(
                    ScoreSheet(
                        round=rnd, village=v, judge=j, values=values, status=ScoreSheet.Status.SUBMITTED
                    )
                )
        ScoreSheet.objects.bulk_create(sheets, batch_size=2000)
        Adjustment.objects.bulk_create(
            [
                Adjustment(round=rnd, village=villages[i], points=Decimal("1"), reason="表彰")
                for i in range(0, n_villages, 50)
            ]
        )
        services.round_publish(rnd=rnd, user=staff)
    return office, staff, InspectionRound.objects.get(office=office, quarter=QUARTERS)


def clear_caches():
    """Forget every kept page and document (the first render after publishing)."""
    for kept in caches.all():
        kept.clear()


def count_queries(client, url):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def sample_ms(client, url, **headers):
    start = time.perf_counter()
    client.get(url, **headers)
    return (time.perf_counter() - start) * 1000


def timed(client, url, floor_url, repeat, *, fresh):
    """Median ms of the page and of the floor, sampled alternately so both see the same load.
    `fresh`: empty the cache before each page sample (the first render after publishing)."""
    client.get(url), client.get(floor_url)  # warm templates
    pages, floors = [], []
    for _ in range(repeat):
        if fresh:
            clear_caches()
        pages.append(sample_ms(client, url))
        floors.append(sample_ms(client, floor_url))
    return statistics.median(pages), statistics.median(floors)


def profile(client, url):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--profile",
        choices=["leaderboard", "improvement", "year", "zone-overview", "zone-summary"],
        help="print a profile of one page",
    )
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        office, staff, last_round = build(args.villages)
        built = time.perf_counter() - started
        client = Client()
        client.force_login(staff)
        zone_leader = get_user_model().objects.create_user("bench_zone_leader", password="x")
        Membership.objects.create(user=zone_leader, role=Membership.Role.LEADER)  # no office: the zone
        zone_client = Client()
        zone_client.force_login(zone_leader)
        print(
            f"# {connection.vendor} villages={args.villages} criteria={CRITERIA} judges={JUDGES} "
            f"rounds={QUARTERS} build_s={built:.1f}",
            flush=True,
        )
        floor_url = reverse("bench-floor", args=[last_round.pk])
        pages = [
            ("leaderboard", client, reverse("inspections:leaderboard", args=[last_round.pk])),
            ("improvement", client, reverse("inspections:improvement", args=[last_round.pk])),
            ("year", client, reverse("inspections:year-view", args=[office.pk, 2022])),
            ("zone-overview", zone_client, reverse("inspections:zone-overview")),
            ("zone-summary", zone_client, reverse("reports:zone-summary", args=[2022, QUARTERS])),
        ]
        if args.profile:
            _name, viewer, url = next(p for p in pages if p[0] == args.profile)
            profile(viewer, url)
            return
        for name, viewer, url in pages:
            clear_caches()
            queries = count_queries(viewer, url)
            # First render, then as served once kept (published boards are kept until withdrawn).
            fresh_ms, floor_ms = timed(viewer, url, floor_url, args.repeat, fresh=True)
            cached_ms, cached_floor_ms = timed(viewer, url, floor_url, args.repeat, fresh=False)
            plain = len(viewer.get(url).content)
            packed = len(viewer.get(url, HTTP_ACCEPT_ENCODING="gzip").content)
            print(
                f"page={name} villages={args.villages} queries={queries} median_ms={fresh_ms:.1f} "
                f"floor_ms={floor_ms:.1f} ratio={fresh_ms / floor_ms:.2f} cached_ms={cached_ms:.1f} "
                f"cached_ratio={cached_ms / cached_floor_ms:.2f} bytes={plain} gzip_bytes={packed}",
                flush=True,
            )
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
