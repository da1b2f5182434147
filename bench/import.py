#!/usr/bin/env python
"""Benchmark the round workbook import: N villages × M judges score rows through the upload page.

Builds an open round in a scratch database (a test database on whatever DATABASE_URL names, SQLite
in memory by default), then posts workbooks to the 导入 page as office staff, the way a person
would, and times each request:

    import=create rows=2000 queries=24 seconds=1.21
    import=update rows=2000 queries=27 seconds=1.48
    import=unchanged rows=2000 queries=9 seconds=0.61

create: every sheet new; update: the round's exported workbook with every value changed;
unchanged: the same file again. Usage: python bench/import.py [--villages N] [--judges M]
"""

import argparse
import datetime
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from inspections import services, workbook  # noqa: E402
from inspections.models import Criterion, InspectionRound, RoundSite, ScoreSheet  # noqa: E402
from villages.models import Membership, Office, Village  # noqa: E402

CRITERIA = 5


def build(n_villages, n_judges):
    User = get_user_model()
    office = Office.objects.create(name="基准办事处")
    staff = User.objects.create_user("bench_staff", password="x")
    Membership.objects.create(user=staff, role=Membership.Role.STAFF, office=office)
    judges = User.objects.bulk_create([User(username=f"bench_judge{i}") for i in range(n_judges)])
    villages = Village.objects.bulk_create(
        [Village(office=office, name=f"基准{i:04d}村", sort_order=i) for i in range(n_villages)]
    )
    rnd = InspectionRound.objects.create(
        office=office, year=2022, quarter=1, date=datetime.date(2022, 3, 20), title="基准第一季度"
    )
    Criterion.objects.bulk_create(
        [
            Criterion(round=rnd, name=f"评分项{c + 1}", maximum=Decimal("10"), sort_order=c)
            for c in range(CRITERIA)
        ]
    )
    RoundSite.objects.bulk_create(
        [RoundSite(round=rnd, village=v, order=i + 1) for i, v in enumerate(villages)]
    )
    rnd.judges.set(judges)
    services.round_open(rnd=rnd, user=staff)
    return staff, rnd


def rows_workbook(data, value):
    """The exported workbook with every sheet row present and every score set to `value`."""
    wb = load_workbook(io.BytesIO(data))
    sheet = wb["评分表"]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = "已提交"
        for cell in row[3 : 3 + CRITERIA]:
            cell.value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def empty_export(rnd):
    """An export listing one row per village and judge with no version: what staff fill in from paper."""
    data = workbook.export_round(rnd)
    wb = load_workbook(io.BytesIO(data))
    sheet = wb["评分表"]
    judges = sorted(u.username for u in rnd.judges.all())
    for site in rnd.sites.select_related("village").order_by("order"):
        for judge in judges:
            sheet.append([site.village.name, judge, "已提交"] + [None] * CRITERIA + [None])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def post(client, rnd, data):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    url = reverse("inspections:round-import", args=[rnd.pk])
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = client.post(url, {"file": SimpleUploadedFile("scores.xlsx", data)})
        seconds = time.perf_counter() - start
    body = response.content.decode()
    assert response.status_code == 200 and "评分已导入。" in body, body[body.find("alert") :][:800]
    return len(queries), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=200)
    parser.add_argument("--judges", type=int, default=10)
    args = parser.parse_args()
    rows = args.villages * args.judges

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        staff, rnd = build(args.villages, args.judges)
        client = Client()
        client.force_login(staff)
        print(
            f"# {connection.vendor} villages={args.villages} judges={args.judges} criteria={CRITERIA}",
            flush=True,
        )
        first = rows_workbook(empty_export(rnd), 7)
        queries, seconds = post(client, rnd, first)
        print(f"import=create rows={rows} queries={queries} seconds={seconds:.2f}", flush=True)
        assert ScoreSheet.objects.filter(round=rnd).count() == rows
        changed = rows_workbook(workbook.export_round(rnd), 8.5)
        queries, seconds = post(client, rnd, changed)
        print(f"import=update rows={rows} queries={queries} seconds={seconds:.2f}", flush=True)
        assert rnd.sheets.filter(version=2).count() == rows
        queries, seconds = post(client, rnd, changed)
        print(f"import=unchanged rows={rows} queries={queries} seconds={seconds:.2f}", flush=True)
        history = ScoreSheet.history.filter(round_id=rnd.pk).count()
        print(f"# history_records={history} (one per sheet created or changed)", flush=True)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
