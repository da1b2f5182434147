#!/usr/bin/env python
"""Load benchmark: simulated judges submitting score sheets to a running server.

It starts nothing itself: point it at a server you started (gunicorn, DEBUG off) on 127.0.0.1,
backed by the database DATABASE_URL names (the same one the server uses).

    python bench/load.py prepare --judges 50 --villages 40          # writes a round; prints its id
    python bench/load.py run --base-url http://127.0.0.1:8000 --round ID --concurrency 10 \
        [--server-pid PID] [--seconds 300]

Each judge logs in and opens the round; then, in turns (`--blocks`), the same clients request
/judging/ (the app's smallest logged-in page: the floor) and each judge opens and submits the
score sheet of that turn's villages, `concurrency` judges at a time. Taking turns puts a slow
spell of the machine on both sides of the ratio. One line per run:

    load judges=50 concurrency=10 posts=2000 errors=0 lost=0 sheets_per_s=… p50_ms=… p95_ms=…
        cpu_ms_per_request=… floor_cpu_ms=…

errors: POSTs not answered with the redirect a saved sheet gets (500s, refusals); lost: saved
POSTs whose sheet is not in the database afterwards. CPU is the server's (gunicorn master and
workers, read from /proc) per request, when --server-pid is given.
"""

import argparse
import datetime
import http.cookiejar
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PASSWORD = "load-test-password-2022"
OFFICE = "压测办事处"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')
CRITERION = re.compile(r'name="(c\d+)"')


def _django():
    import django

    django.setup()


def prepare(args):
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from inspections import services
    from inspections.models import Criterion, InspectionRound, RoundSite
    from villages.models import Office, Village

    User = get_user_model()
    with transaction.atomic():
        office, _ = Office.objects.get_or_create(name=OFFICE)
        InspectionRound.objects.filter(office=office).delete()
        villages = []
        for i in range(args.villages):
            village, _ = Village.objects.get_or_create(
                office=office, name=f"压测{i:03d}村", defaults={"sort_order": i}
            )
            villages.append(village)
        password = make_password(PASSWORD)
        judges = []
        for i in range(args.judges):
            user, _ = User.objects.get_or_create(username=f"load_judge{i:03d}")
            user.password = password
            user.save(update_fields=["password"])
            judges.append(user)
        rnd = InspectionRound.objects.create(
            office=office, year=2030, quarter=1, date=datetime.date(2030, 3, 20), title="压测轮次"
        )
        for c in range(4):
            Criterion.objects.create(round=rnd, name=f"评分项{c + 1}", maximum=Decimal("25"), sort_order=c)
        for order, village in enumerate(villages, start=1):
            RoundSite(round=rnd, village=village, order=order).save()
        rnd.judges.set(judges)
        admin = User.objects.filter(is_superuser=True).first() or judges[0]
        services.round_open(rnd=rnd, user=admin)
    print(rnd.pk)


class Judge:
    def __init__(self, base, username):
        self.base, self.username = base, username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=120) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        return status, text, (time.perf_counter() - started) * 1000

    def log_in(self):
        _s, page, _t = self.request("/accounts/login/")
        status, _text, _t = self.request(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "username": self.username,
                "password": PASSWORD,
            },
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def server_cpu_ms(pid):
    """CPU time (user + system) of a process and its children, from /proc, in ms.

    Live workers count through their own stat; a worker gunicorn has recycled (max_requests) and
    reaped counts through the master's cutime/cstime, so the sum never goes down."""
    if not pid:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            if p == pid:
                total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
        except (OSError, IndexError):
            continue
    return total * 1000 / ticks


def run(args):
    host = urllib.parse.urlparse(args.base_url).hostname
    if host not in ("127.0.0.1", "localhost"):
        sys.exit("load.py only drives a server on 127.0.0.1")
    _django()
    from inspections.models import InspectionRound, ScoreSheet

    rnd = InspectionRound.objects.get(pk=args.round)
    sites = list(rnd.sites.order_by("order").values_list("village_id", flat=True))
    judges = [Judge(args.base_url.rstrip("/"), u.username) for u in rnd.judges.order_by("username")]
    judges = judges[: args.judges] if args.judges else judges
    deadline = time.monotonic() + args.seconds
    for judge in judges:
        judge.log_in()
        judge.request(f"/judging/rounds/{rnd.pk}/")

    lock = threading.Lock()
    results = {"ok": 0, "errors": 0, "times": [], "requests": 0, "codes": {}}
    floor = {"times": [], "cpu": 0.0}
    work = {"cpu": 0.0, "seconds": 0.0}

    def floor_request(judge):
        return judge.request("/judging/")[2]

    def judge_work(judge, villages):
        for village_id in villages:
            if time.monotonic() > deadline:
                return
            path = f"/judging/rounds/{rnd.pk}/villages/{village_id}/"
            _status, page, _ms = judge.request(path)
            form = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "remark": "", "submit": "1"}
            version = VERSION.search(page)
            form["version"] = version.group(1) if version else ""
            for name in CRITERION.findall(page):
                form[name] = str(10 + (hash((judge.username, village_id, name)) % 150) / 10)
            status, _text, ms = judge.request(path, form)
            with lock:
                results["requests"] += 2  # the form and the POST
                results["times"].append(ms)
                results["codes"][status] = results["codes"].get(status, 0) + 1
                if status == 302:
                    results["ok"] += 1
                else:
                    results["errors"] += 1

    # Floor and judges take turns, block by block, so a slow spell of the machine falls on both:
    # the floor is the same clients on the app's smallest logged-in page, at the same concurrency.
    blocks = [sites[i :: args.blocks] for i in range(args.blocks)]
    with ThreadPoolExecutor(args.concurrency) as pool:
        for block in blocks:
            before = server_cpu_ms(args.server_pid)
            floor["times"] += pool.map(floor_request, judges * args.floor_repeat)
            middle = server_cpu_ms(args.server_pid)
            started = time.perf_counter()
            list(pool.map(lambda j, b=block: judge_work(j, b), judges))
            work["seconds"] += time.perf_counter() - started
            floor["cpu"] += middle - before
            work["cpu"] += server_cpu_ms(args.server_pid) - middle
    elapsed = work["seconds"]
    cpu = work["cpu"]
    floor_times = floor["times"]
    floor_cpu = floor["cpu"] / len(floor_times)

    stored = ScoreSheet.objects.filter(round=rnd, status=ScoreSheet.Status.SUBMITTED).count()
    times = sorted(results["times"])
    per_request = cpu / max(results["requests"], 1)
    p95 = times[int(len(times) * 0.95) - 1] if times else 0
    print(
        f"load judges={len(judges)} concurrency={args.concurrency} posts={len(times)} "
        f"errors={results['errors']} lost={max(0, results['ok'] - stored)} stored={stored} "
        f"sheets_per_s={results['ok'] / elapsed:.1f} p50_ms={statistics.median(times):.0f} p95_ms={p95:.0f} "
        f"cpu_ms_per_request={per_request:.1f} floor_cpu_ms={floor_cpu:.1f} "
        f"cpu_ratio={per_request / floor_cpu if floor_cpu else 0:.2f} "
        f"floor_p50_ms={statistics.median(floor_times):.0f} codes={results['codes']}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--judges", type=int, default=50)
    p.add_argument("--villages", type=int, default=40)
    r = sub.add_parser("run")
    r.add_argument("--base-url", required=True)
    r.add_argument("--round", type=int, required=True)
    r.add_argument("--judges", type=int, default=0, help="only the first N judges")
    r.add_argument("--concurrency", type=int, default=10)
    r.add_argument("--seconds", type=float, default=600, help="stop starting new sheets after this")
    r.add_argument("--floor-repeat", type=int, default=1, help="floor requests per judge and block")
    r.add_argument("--blocks", type=int, default=8, help="turns of floor and judges")
    r.add_argument("--server-pid", type=int, default=0, help="gunicorn master pid, for server CPU")
    args = parser.parse_args()
    prepare(args) if args.command == "prepare" else run(args)


if __name__ == "__main__":
    main()
