#!/usr/bin/env python
"""Benchmark a judge's round kept for scoring offline: 40 villages, opened once online, then
scored with the network off, in a phone-sized Chromium (Playwright, Debian's /usr/bin/chromium).

Builds an open round (N villages, 12 criteria, one judge) in a scratch test database (SQLite in
memory by default, whatever DATABASE_URL names otherwise) served by Django's live server thread,
logs in as the judge, opens the round and waits for "已可离线评分". Measures the bytes that first
online visit brought over the network (response bodies as sent, from the Chrome DevTools protocol on
the page and on the service worker, so the worker's precache and page fetches count) and what
ended up in Cache Storage; then, with the network off, the time to open village forms (navigation
start to DOMContentLoaded, and to the first score input visible). One line:

    offline villages=40 first_visit_bytes=… cached_bytes=… form_open_ms_median=… form_open_ms_max=…

Usage: python bench/offline.py [--villages N] [--forms F] [--shots DIR]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import zlib
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM next to Playwright's loop

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from pytest_django.live_server_helper import LiveServer  # noqa: E402

from inspections.models import Criterion, InspectionRound, RoundSite  # noqa: E402
from villages.models import Office, Secretary, Village  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CRITERIA = 12
PASSWORD = "bench-offline-123"
PHONE = {"width": 375, "height": 780}


def build(n_villages):
    office = Office.objects.create(name="基准办事处")
    villages = Village.objects.bulk_create(
        [Village(office=office, name=f"基准{i:02d}村", sort_order=i) for i in range(n_villages)]
    )
    Secretary.objects.bulk_create(
        [
            Secretary(village=v, name=f"书记{i:02d}", start_date=datetime.date(2021, 1, 1))
            for i, v in enumerate(villages)
        ]
    )
    rnd = InspectionRound.objects.create(
        office=office, year=2022, quarter=1, date=datetime.date(2022, 3, 24), title="基准逐村观摩"
    )
    Criterion.objects.bulk_create(
        [
            Criterion(
                round=rnd,
                name=f"评分项{c + 1}",
                maximum=Decimal("10"),
                sort_order=c,
                description=f"评分项{c + 1}的评分标准：台账齐全，记录清楚，群众知晓。",
            )
            for c in range(CRITERIA)
        ]
    )
    for order, village in enumerate(villages, start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    judge = get_user_model().objects.create_user("bench_judge", password=PASSWORD, first_name="评委甲")
    rnd.judges.set([judge])
    rnd.status = InspectionRound.Status.OPEN
    rnd.save()
    return rnd, villages


class Transfer:
    """Response bytes as the server sent them (headers and body), counted at the WSGI app under
    the live server, so what the page and its service worker fetch are both counted."""

    def __init__(self, app):
        self.app, self.counting, self.sizes, self.gzipped = app, False, [], []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        head = []

        def start(status, headers, exc_info=None):
            head.append(len(status) + sum(len(k) + len(v) + 4 for k, v in headers) + 13)
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        if not self.counting:
            return body
        return self._counted(body, path, head)

    def _counted(self, body, path, head):
        size, packed = 0, zlib.compressobj(6, zlib.DEFLATED, 31)
        gzipped = 0
        try:
            for chunk in body:
                size += len(chunk)
                gzipped += len(packed.compress(chunk))
                yield chunk
        finally:
            gzipped += len(packed.flush())
            self.sizes.append((size + sum(head), path))
            self.gzipped.append(min(gzipped, size) + sum(head))
            if hasattr(body, "close"):
                body.close()

    def total(self):
        return sum(size for size, _ in self.sizes)

    def biggest(self, n=10):
        return sorted(self.sizes, reverse=True)[:n]


CACHED_BYTES = """async () => {
    const out = [];
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const response = await cache.match(request);
            out.push([name, new URL(request.url).pathname, (await response.arrayBuffer()).byteLength]);
        }
    }
    return out;
}"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--forms", type=int, default=10, help="village forms opened offline")
    parser.add_argument("--shots", default="", help="save two 375 px screenshots, network off, here")
    parser.add_argument("--verbose", action="store_true", help="the largest transfers")
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    server = LiveServer("localhost:0")
    transfer = Transfer(server.thread.httpd.get_app())
    server.thread.httpd.set_app(transfer)
    try:
        server._live_server_modified_settings.enable()
        rnd, villages = build(args.villages)
        url = server.url
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            )
            context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
            page = context.new_page()
            # The first visit, from a fresh phone: the login page, logging in, the round page and
            # everything its service worker keeps.
            transfer.counting = True
            page.goto(f"{url}/accounts/login/")
            page.get_by_label("用户名").fill("bench_judge")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_load_state("networkidle")
            login_bytes = transfer.total()
            started = time.monotonic()
            page.goto(f"{url}/judging/rounds/{rnd.pk}/")
            expect(page.get_by_test_id("offline-kept")).to_contain_text("已可离线评分", timeout=120000)
            kept_s = time.monotonic() - started
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # anything the worker still fetches
            transfer.counting = False
            first_visit = transfer.total()
            first_visit_gzip = sum(transfer.gzipped)
            kept = page.evaluate(CACHED_BYTES)
            cached, entries = sum(size for *_, size in kept), len(kept)
            if args.verbose:
                for size, where in transfer.biggest():
                    print(f"# sent {size:>8} {where}")
                by_cache = {}
                for name, _, size in kept:
                    by_cache[name] = by_cache.get(name, 0) + size
                for name, size in by_cache.items():
                    print(f"# kept {size:>8} {name}")
                for _name, where, size in sorted(kept, key=lambda k: -k[2])[:8]:
                    print(f"# kept {size:>8} {where}")

            context.set_offline(True)
            dcl, first_input = [], []
            for village in villages[: args.forms]:
                form = f"{url}/judging/rounds/{rnd.pk}/villages/{village.pk}/"
                page.goto(form, wait_until="domcontentloaded")
                page.locator(".score-input").first.wait_for(state="visible")
                dcl_ms, input_ms = page.evaluate(
                    """() => {
                        const nav = performance.getEntriesByType("navigation")[0];
                        return [nav.domContentLoadedEventEnd - nav.startTime, performance.now() - nav.startTime];
                    }"""
                )
                dcl.append(dcl_ms)
                first_input.append(input_ms)

            if args.shots:
                shots = Path(args.shots)
                shots.mkdir(parents=True, exist_ok=True)
                page.goto(f"{url}/judging/rounds/{rnd.pk}/")
                expect(page.get_by_test_id("offline-network")).to_have_text("离线")
                page.screenshot(path=str(shots / "offline-round-375.png"), full_page=True)
                page.goto(f"{url}/judging/rounds/{rnd.pk}/villages/{villages[0].pk}/")
                inputs = page.locator(".score-input")
                for i in range(CRITERIA):
                    inputs.nth(i).fill(str(6 + i % 4))
                page.locator("textarea[name=remark]").fill("台账齐全，记录清楚")
                page.screenshot(path=str(shots / "offline-form-375.png"), full_page=True)
            browser.close()

        print(
            f"offline villages={args.villages} criteria={CRITERIA} first_visit_bytes={first_visit} "
            f"first_visit_gzip_bytes={first_visit_gzip} login_bytes={login_bytes} "
            f"cached_bytes={cached} cached_entries={entries} kept_s={kept_s:.1f} "
            f"form_open_ms_median={statistics.median(dcl):.0f} form_open_ms_max={max(dcl):.0f} "
            f"first_input_ms_median={statistics.median(first_input):.0f} first_input_ms_max={max(first_input):.0f} "
            f"forms={len(dcl)}"
        )
    finally:
        server.stop()
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
