"""The embedded database under a real round's load: configured for concurrent writers, and a write
that still finds it locked gets a clear "try again" page, never a server error."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from inspections import services
from tests.boards.helpers import build_round

pytestmark = pytest.mark.django_db


def test_sqlite_is_configured_for_concurrent_writers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def submit_failing_with(zone, client, monkeypatch, message, **extra):
    """A judge submits a sheet while saving raises OperationalError(message)."""
    judge = zone.users["leader"]
    rnd, _ = build_round(
        zone.zg,
        2022,
        3,
        villages=[zone.cihang],
        judges=[judge],
        staff=zone.users["staff"],
        sheets={},
        status="open",
    )

    def failing(**kwargs):
        raise OperationalError(message)

    monkeypatch.setattr(services, "sheet_save", failing)
    client.force_login(judge)
    url = reverse("inspections:score-sheet", args=[rnd.pk, zone.cihang.pk])
    data = {f"c{c.pk}": "10" for c in rnd.criteria.all()} | {"version": "", "remark": "", "submit": "1"}
    return client.post(url, data, **extra)


def test_a_locked_database_answers_a_retry_page_not_a_500(zone, client, monkeypatch):
    back = "http://testserver/judging/"
    response = submit_failing_with(zone, client, monkeypatch, "database is locked", HTTP_REFERER=back)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "系统正忙,这次没有保存" in html
    assert f'href="{back}"' in html


def test_other_database_errors_are_not_disguised(zone, client, monkeypatch):
    client.raise_request_exception = False
    response = submit_failing_with(zone, client, monkeypatch, "no such table: inspections_scoresheet")
    assert response.status_code == 500
