"""Two app servers, one database: nothing lives in a server process. Two gunicorn instances on two
ports share the database (sessions included), the SECRET_KEY and the uploaded-files folder. A
judge logs in on the first, submits a sheet through the second, and the arena on the first shows
it; a photo uploaded earlier is served by both.

On the PostgreSQL run of `make test` the two servers share a PostgreSQL database, the production
layout; on the SQLite run they share one SQLite file (several servers on one machine)."""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
DEMO_PASSWORD = "Liangsaibi-2022"

pytestmark = pytest.mark.servers


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shared_database(tmp_path, django_db_blocker):
    """A database of its own for the servers (never the suite's test database)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        name = "lsb_two_servers"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
        yield f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@pytest.fixture
def servers(shared_database, tmp_path, db):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same on every server
        "DATABASE_URL": shared_database,
        "MEDIA_ROOT": str(tmp_path / "shared-media"),  # the shared folder
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "AXES_ENABLED": "0",
    }
    for args in (["migrate", "-v", "0"], ["seed_demo", "--quiet-logins"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    started = []
    for name in ("a", "b"):
        port = free_port()
        server_env = env | {"DOCUMENT_CACHE_DIR": str(tmp_path / f"documents-{name}")}  # each its own
        process = subprocess.Popen(
            [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2",
             "--no-control-socket", "--log-level", "warning"],
            cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"{name}.log", "w"),
        )  # fmt: skip
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in started:
            wait_until_serving(process, base)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            process.send_signal(signal.SIGTERM)
        for process, _base in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_serving(process, base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(base + "/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer")


class Browser:
    """Cookies kept per host name, as a browser does (so a session reaches both ports)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.read(), response.geturl()

    def post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(url, data=data), timeout=30) as response:
            return response.status, response.read().decode(), response.geturl()

    def form_fields(self, html):
        """The named inputs of the page's main form, with their values."""
        fields = {}
        for tag in re.findall(r"<input[^>]*>", html):
            name = re.search(r'\bname="([^"]+)"', tag)
            value = re.search(r'\bvalue="([^"]*)"', tag)
            if name and 'type="submit"' not in tag:
                fields[name.group(1)] = value.group(1) if value else ""
        return fields

    def log_in(self, base, username):
        _status, page, _url = self.get(base + "/accounts/login/")
        token = self.form_fields(page.decode())["csrfmiddlewaretoken"]
        status, _page, landed = self.post(
            base + "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        )
        assert status == 200 and "/accounts/login/" not in landed, (username, landed)


def arena(browser, base, round_id):
    _status, body, _url = browser.get(f"{base}/rounds/{round_id}/arena/state.json")
    return {v["name"]: v["submitted"] for v in json.loads(body)["villages"]}


def test_a_judge_logged_in_on_one_server_submits_through_the_other(servers, tmp_path):
    a, b = servers
    judge, staff = Browser(), Browser()
    judge.log_in(a, "judge1")
    _status, page, _url = judge.get(a + "/judging/")
    round_id = re.search(r"/judging/rounds/(\d+)/", page.decode()).group(1)
    _status, page, _url = judge.get(f"{a}/judging/rounds/{round_id}/")
    village_id = re.search(rf"/judging/rounds/{round_id}/villages/(\d+)/", page.decode()).group(1)
    staff.log_in(b, "zg_staff")
    before = arena(staff, a, round_id)

    # The session made on A opens the form on B (sessions live in the shared database).
    form_url = f"{b}/judging/rounds/{round_id}/villages/{village_id}/"
    _status, page, _url = judge.get(form_url)
    page = page.decode()
    fields = judge.form_fields(page)
    scores = [name for name in fields if re.fullmatch(r"c\d+", name)]
    assert scores, "the score form has its criteria"
    sheet = {name: "1" for name in scores} | {
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        "version": fields.get("version", ""),
        "remark": "",
        "submit": "1",
    }
    status, _page, landed = judge.post(form_url, sheet)
    assert status == 200 and landed != form_url, "the sheet was saved and the judge moved on"

    after = arena(staff, a, round_id)
    changed = {name: (before[name], after[name]) for name in after if after[name] != before[name]}
    assert len(changed) == 1 and [after - before for before, after in changed.values()] == [1], changed
    assert arena(staff, b, round_id) == after

    # An uploaded photo (in the shared folder) is the same on both servers.
    name = next(p for p in sorted((tmp_path / "shared-media").rglob("*.jpg"))).relative_to(
        tmp_path / "shared-media"
    )
    # Names are random, so the first file may be any office's: the administrator may see them all.
    admin = Browser()
    admin.log_in(a, "admin")
    from_a, from_b = admin.get(f"{a}/media/{name}")[1], admin.get(f"{b}/media/{name}")[1]
    assert from_a == from_b == (tmp_path / "shared-media" / name).read_bytes()
