"""Keying paper sheets when the system is busy: the refused save loses nothing typed, and a
colleague's newer value is never overwritten by what this browser kept."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.inspections.conftest import RoundSetup

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUSY = "<!doctype html><html><body><h1>系统正忙,这次没有保存</h1></body></html>"


def test_a_busy_save_keeps_what_was_typed(page, live_server, zone, shot):
    s = RoundSetup(zone)
    s.open()
    log_in(page, live_server, "staff", PASSWORD)
    url = f"{live_server.url}/rounds/{s.round.pk}/keyin/{s.judge_b.pk}/"
    page.goto(url)
    grid = page.get_by_test_id("keyin-grid")
    cihang = grid.locator("tbody tr", has_text="慈航路社区").locator(".keyin-input")
    cihang.nth(0).fill("8")
    cihang.nth(1).fill("9.5")
    # The server answers "busy" (503) to the save, as SQLite does when the lock can't be had.
    page.route(
        url,
        lambda route: (
            route.fulfill(status=503, body=BUSY.encode(), content_type="text/html; charset=utf-8")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.get_by_role("button", name="保存全部").click()
    expect(page.get_by_text("系统正忙,这次没有保存")).to_be_visible()
    page.unroute(url)
    # Meanwhile a colleague keys 谷庄村's sheet; then this person opens the grid again.
    s.sheet(s.judge_b, s.guzhuang, 7, 6)
    page.goto(url)
    expect(page.locator("#keyin-restored")).to_be_visible()
    cihang = (
        page.get_by_test_id("keyin-grid").locator("tbody tr", has_text="慈航路社区").locator(".keyin-input")
    )
    expect(cihang.nth(0)).to_have_value("8")
    expect(cihang.nth(1)).to_have_value("9.5")
    guzhuang = (
        page.get_by_test_id("keyin-grid").locator("tbody tr", has_text="谷庄村").locator(".keyin-input")
    )
    expect(guzhuang.nth(0)).to_have_value("7")  # the colleague's value, untouched
    shot(page, "keyin-restored-after-busy")
    page.get_by_role("button", name="保存全部").click()
    expect(
        page.get_by_text("已保存评委乙的 1 份评分表")
    ).to_be_visible()  # the colleague's sheet is untouched
    page.reload()
    expect(page.locator("#keyin-restored")).to_be_hidden()
