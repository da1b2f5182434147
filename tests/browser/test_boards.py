"""Boards in a phone-sized Chromium: 我的村, the leaderboard and improvement board, the live arena.

Data: the two published quarters of 郑港 from tests/boards/conftest.py (慈航路社区 is 2nd of 5
in Q2, down one place; 后宋村 ↑2; 富鑫工作站 新).
"""

import pytest
from playwright.sync_api import expect

from tests.boards.conftest import make_quarters, make_zg
from tests.boards.helpers import build_round
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quarters(zone):
    return make_quarters(make_zg(zone))


def test_secretary_sees_rank_and_charts_but_not_another_village(page, live_server, quarters, shot):
    log_in(page, live_server, "secretary", PASSWORD)
    assert page.url == f"{live_server.url}/villages/{quarters.cihang.pk}/dashboard/"
    expect(page.get_by_test_id("my-rank")).to_have_text("第 2 / 5 名")
    expect(page.get_by_text("比2022年第一季度下降 1 名")).to_be_visible()
    expect(page.get_by_test_id("my-total")).to_have_text("85.00")
    bars = page.get_by_test_id("bar-chart").locator("svg")
    line = page.get_by_test_id("line-chart").locator("svg")
    expect(bars).to_be_visible()
    expect(line).to_be_visible()
    # The numbers are drawn as text in the charts: own 17 against the office's 16.8; Q1 88, Q2 85.
    expect(bars.locator("text", has_text="16.8")).to_have_count(1)
    expect(line.locator("text", has_text="88")).to_have_count(1)
    # The charts fit the phone's width.
    assert bars.bounding_box()["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "boards-secretary-dashboard-phone")

    page.goto(f"{live_server.url}/villages/{quarters.guzhuang.pk}/dashboard/")
    expect(page.locator("h1")).to_have_text("无权访问(403)")
    expect(page.get_by_text("谷庄村")).to_have_count(0)


def test_leader_opens_the_leaderboard_and_the_improvement_board(page, live_server, quarters, shot):
    log_in(page, live_server, "leader", PASSWORD)
    assert page.url == f"{live_server.url}/offices/{quarters.office.pk}/"
    page.get_by_role("link", name="擂台榜").first.click()
    expect(page).to_have_url(f"{live_server.url}/rounds/{quarters.q2.pk}/leaderboard/")
    board = page.get_by_test_id("leaderboard")
    first = board.locator("tbody tr").first
    expect(first.locator("td").nth(0)).to_have_text("1")
    expect(first).to_contain_text("后宋村")
    expect(first).to_contain_text("↑2")
    expect(first).to_contain_text("流动红旗")
    expect(board.locator("tbody tr").nth(1)).to_contain_text("↓1")
    expect(board.locator("tbody tr").nth(2)).to_contain_text("新")
    shot(page, "boards-leaderboard-phone")

    page.get_by_role("link", name="进步榜").click()
    expect(page).to_have_url(f"{live_server.url}/rounds/{quarters.q2.pk}/improvement/")
    rows = page.get_by_test_id("improvement").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("后宋村")
    expect(rows.nth(0)).to_contain_text("+11.40")
    expect(rows.nth(0)).to_contain_text("↑2")
    expect(rows.nth(2)).to_contain_text("↓1")
    expect(page.get_by_test_id("improvement-new")).to_contain_text("富鑫工作站")
    shot(page, "boards-improvement-phone")


@pytest.fixture
def open_round(zone):
    """Q3 2022 of 郑港, open: 评委甲 has submitted all three villages, 评委乙 nothing yet.

    后宋村: 评委甲 (18, 18, 34) = 88; 评委乙 will type (17, 17, 34) = 85 → 86.50.
    """
    zg = make_zg(zone)
    rnd, _ = build_round(
        zg.office,
        2022,
        3,
        villages=[zg.cihang, zg.guzhuang, zg.housong],
        judges=zg.judges,
        staff=zg.staff,
        status="open",
        sheets={v: [(18, 18, 34)] for v in (zg.cihang, zg.guzhuang, zg.housong)},
    )
    zg.round = rnd
    return zg


def test_arena_updates_by_itself(page, browser, browser_context_args, live_server, open_round, shot):
    rnd, housong = open_round.round, open_round.housong
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/arena/")
    card = page.locator(f'[data-village="{housong.pk}"]')
    expect(card.locator('[data-field="submitted"]')).to_have_text("1")
    expect(card.locator('[data-field="total"]')).to_have_text("待亮分")
    expect(page.locator("#arena-submitted")).to_have_text("3")
    page.evaluate("window.__notReloaded = true")

    # A judge on another phone submits a sheet for 后宋村.
    judge_context = browser.new_context(**browser_context_args)
    try:
        judge = judge_context.new_page()
        log_in(judge, live_server, "judge_2", PASSWORD)
        judge.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/villages/{housong.pk}/")
        inputs = judge.locator(".score-input")
        inputs.nth(0).fill("17")
        inputs.nth(1).fill("17")
        inputs.nth(2).fill("34")
        judge.get_by_role("button", name="提交").click()
        expect(judge.get_by_text("后宋村的评分表已提交")).to_be_visible()
    finally:
        judge_context.close()

    # The arena page picks it up without a reload (it polls every 3 s).
    expect(card.locator('[data-field="submitted"]')).to_have_text("2", timeout=10000)
    expect(page.locator("#arena-submitted")).to_have_text("4", timeout=10000)
    expect(card.locator('[data-field="total"]')).to_have_text("待亮分")
    assert page.evaluate("window.__notReloaded") is True
    shot(page, "boards-arena-before-reveal")

    card.get_by_role("button", name="亮分").click()
    expect(card.locator('[data-field="total"]')).to_have_text("86.50")
    expect(card.locator('[data-field="rank"]')).to_have_text("暂列第1名")  # two sites still to reveal
    expect(card.locator(".arena-reveal")).to_have_count(0)
    shot(page, "boards-arena-revealed")
