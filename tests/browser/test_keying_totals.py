"""Keying paper sheets: each row shows its running total (Σ weight × value) as it is typed, so staff
can check it against the total written on the paper sheet; the phone form reads the IME's 。 too."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.inspections.conftest import RoundSetup

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_row_shows_its_running_total(page, live_server, zone, shot):
    s = RoundSetup(zone)  # 定标亮诺 ×1 and 人居环境整治 ×2, both 0–10
    s.open()
    s.sheet(s.judge_b, s.guzhuang, 7, 6)  # already in: 7 + 2 × 6 = 19
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{s.round.pk}/keyin/{s.judge_b.pk}/")
    grid = page.get_by_test_id("keyin-grid")
    cihang = grid.locator("tbody tr", has_text="慈航路社区")
    guzhuang = grid.locator("tbody tr", has_text="谷庄村")
    expect(guzhuang.get_by_test_id("row-total")).to_have_text("19")
    expect(cihang.get_by_test_id("row-total")).to_have_text("")
    inputs = cihang.locator(".keyin-input")
    inputs.nth(0).fill("8")
    expect(cihang.get_by_test_id("row-total")).to_have_text("8")
    inputs.nth(1).fill("9。5")  # the IME's full stop
    expect(cihang.get_by_test_id("row-total")).to_have_text("27")
    shot(page, "keyin-row-totals")
    inputs.nth(1).fill("1e1")  # not a plain number: the total cannot be trusted
    expect(cihang.get_by_test_id("row-total")).to_have_text("?")
    inputs.nth(1).fill("９．５")
    expect(cihang.get_by_test_id("row-total")).to_have_text("27")
    page.get_by_role("button", name="保存全部").click()
    expect(page.get_by_text("已保存评委乙的 1 份评分表")).to_be_visible()  # 谷庄村 unchanged
    expect(cihang.get_by_test_id("row-total")).to_have_text("27")


def test_the_phone_form_adds_up_the_ime_full_stop(page, live_server, zone):
    s = RoundSetup(zone)
    s.open()
    log_in(page, live_server, "judge_a", PASSWORD)
    page.goto(f"{live_server.url}/judging/rounds/{s.round.pk}/villages/{s.cihang.pk}/")
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("8。5")
    inputs.nth(1).fill("２")
    expect(page.locator("#running-total")).to_have_text("12.5")
    inputs.nth(1).fill("1_0")
    expect(inputs.nth(1)).to_have_class(re.compile("is-warning"))
    expect(page.locator("#running-total")).to_have_text("8.5")
