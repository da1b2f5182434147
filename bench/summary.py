#!/usr/bin/env python
"""Benchmark the quarterly summaries: one office of N villages, and a zone of M offices × N villages.

Builds the data in a scratch database (SQLite in memory by default, or DATABASE_URL), each office
with 12 criteria × 7 judges × 4 published rounds (bench/leaderboard.py), remarks, rectification
items and six photos in its last round, then prints one line per format:

    page=summary-html villages=40 queries=15 median_ms=… leaderboard_ms=… ratio=…
    page=summary-pdf villages=40 pages=6 median_ms=… cached_ms=…

HTML is timed alternately with the leaderboard of the same round (ratio target ≤ 2): as served (the
document part kept like the files) and built afresh (summary-html-first). A file's
median_ms is its first build (the kept copy emptied before each sample); cached_ms is a download
of the kept copy. Targets: office PDF ≤ 3 s, zone PDF ≤ 15 s, a cached download ≤ 50 ms.

Usage: python bench/summary.py [--villages 40] [--offices 10] [--repeat 5]
"""

import argparse
import datetime
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from bench.leaderboard import build  # noqa: E402
from inspections import services  # noqa: E402
from inspections.models import Commentary, Rectification, Standing  # noqa: E402
from inspections.photos import process_photo  # noqa: E402


def photo(i):
    image = Image.new("RGB", (2400, 1600), (150 + i * 10, 190, 225))
    ImageDraw.Draw(image).rectangle((600, 700, 1800, 1500), fill=(170, 80, 60))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return SimpleUploadedFile(f"p{i}.jpg", out.getvalue(), content_type="image/jpeg")


def enrich(rnd, staff):
    """What a real round's summary shows besides the scores."""
    today = datetime.date.today()
    standings = list(Standing.objects.filter(round=rnd).select_related("village"))
    Commentary.objects.bulk_create(
        [
            Commentary(round=rnd, kind="requirement", text=f"要抓好第{i}项重点工作,压实责任、细化措施。")
            for i in range(3)
        ]
        + [
            Commentary(round=rnd, village=s.village, kind="highlight", text="台账规范,措施具体。")
            for s in standings[::3]
        ]
        + [
            Commentary(round=rnd, village=s.village, kind="problem", text="档案资料不全。")
            for s in standings[1::4]
        ]
    )
    Rectification.objects.bulk_create(
        [
            Rectification(
                round=rnd,
                village=s.village,
                problem="背街小巷仍有杂物堆放,需清理并建立长效保洁机制",
                responsible=s.secretary_name,
                deadline=today + datetime.timedelta(days=(i % 5 - 2) * 10),
                status=["open", "done", "verified"][i % 3],
            )
            for i, s in enumerate(standings[::2])
        ]
    )
    for i in range(6):
        services.photo_add(
            rnd=rnd,
            village=standings[i].village,
            processed=process_photo(photo(i)),
            caption=f"现场观摩{i + 1}",
            user=staff,
        )


def median_ms(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def pdf_pages(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def html_line(client, rnd, villages, repeat):
    summary = reverse("reports:office-summary", args=[rnd.pk])
    board = reverse("inspections:leaderboard", args=[rnd.pk])
    get(client, summary), get(client, board)  # warm templates
    queries = []
    with connection.execute_wrapper(lambda execute, *a: queries.append(a[0]) or execute(*a)):
        get(client, summary)

    def first():
        caches["documents"].clear()
        get(client, summary)

    for name, fn in (("summary-html", lambda: get(client, summary)), ("summary-html-first", first)):
        pages, floors = [], []
        for _ in range(repeat):  # alternately, so both see the same machine load
            pages.append(median_ms(fn, 1))
            floors.append(median_ms(lambda: get(client, board), 1))
        page_ms, floor_ms = statistics.median(pages), statistics.median(floors)
        print(
            f"page={name} villages={villages} queries={len(queries)} median_ms={page_ms:.1f} "
            f"leaderboard_ms={floor_ms:.1f} ratio={page_ms / floor_ms:.2f}",
            flush=True,
        )


def file_line(client, name, url, label, repeat):
    documents = caches["documents"]

    def first():
        documents.clear()
        return get(client, url)

    first_ms = median_ms(first, repeat)
    data = get(client, url).content
    cached = median_ms(lambda: get(client, url), repeat * 3)
    pages = f" pages={pdf_pages(data)}" if name.endswith("pdf") else ""
    print(
        f"page={name} {label}{pages} bytes={len(data)} median_ms={first_ms:.0f} cached_ms={cached:.1f}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        rounds = []
        for i in range(args.offices):
            office, staff, last = build(args.villages, name=f"基准{i + 1:02d}办事处", prefix=f"o{i}")
            enrich(last, staff)
            rounds.append(last)
        admin = get_user_model().objects.create_superuser("bench_admin", password="x")
        client = Client()
        client.force_login(admin)
        print(
            f"# {connection.vendor} offices={args.offices} villages={args.villages} per office, "
            f"rounds=4 criteria=12 judges=7 build_s={time.perf_counter() - started:.1f}",
            flush=True,
        )
        rnd = rounds[0]
        html_line(client, rnd, args.villages, args.repeat)
        label = f"villages={args.villages}"
        file_line(
            client, "summary-pdf", reverse("reports:office-summary-pdf", args=[rnd.pk]), label, args.repeat
        )
        file_line(
            client, "summary-xlsx", reverse("reports:office-summary-xlsx", args=[rnd.pk]), label, args.repeat
        )
        file_line(client, "summary-docx", reverse("reports:office-brief", args=[rnd.pk]), label, args.repeat)
        zone_url = reverse("reports:zone-summary-pdf", args=[rnd.year, rnd.quarter])
        zone_label = f"offices={args.offices} villages={args.offices * args.villages}"
        file_line(client, "zone-pdf", zone_url, zone_label, max(1, args.repeat // 2))
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
