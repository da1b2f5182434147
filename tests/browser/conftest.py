"""Playwright against Debian's Chromium (a browser download can't work here)."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / os.environ.get("TEST_RUN", "local")
PHONE = {"width": 375, "height": 780}


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request. On the in-memory SQLite test database every
    request thread shares the test's one connection, and a page loading several photos at once
    could leave them all waiting on it for good."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", "viewport": PHONE}


@pytest.fixture
def shot():
    """Save a screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _shot


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="session", autouse=True)
def _uploads_through_the_app():
    """Django's live server hands out files under MEDIA_URL itself, past the app; in production the
    app decides who may see a photo (config/media.py), so here too every /media/ request reaches it."""
    from django.test import testcases

    original = testcases._MediaFilesHandler.get_base_url
    testcases._MediaFilesHandler.get_base_url = lambda self: "/-no-direct-media-/"
    yield
    testcases._MediaFilesHandler.get_base_url = original


@pytest.fixture(scope="session", autouse=True)
def _end_stray_server_connections(django_db_setup, django_db_blocker):
    """The live server's request threads can leave a PostgreSQL session open after the browser
    goes away mid-request; end them so the test database can be dropped at the end of the run."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
