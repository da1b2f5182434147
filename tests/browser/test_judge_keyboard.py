"""A judge typing on a phone: when the on-screen keyboard shrinks the window to 375 × 460, the sticky
合计 / 保存草稿 / 提交 bar never covers the field being typed in."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import Criterion, InspectionRound, RoundSite
from tests.conftest import PASSWORD, make_user

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYBOARD_OPEN = {"width": 375, "height": 460}


@pytest.fixture
def sheet_url(zone, live_server):
    rnd = InspectionRound.objects.create(
        office=zone.zg, year=2022, quarter=3, date=datetime.date(2022, 9, 20), title="2022年第三季度亮赛比"
    )
    for i, name in enumerate(
        ["定标亮诺", "疫情防控", "人居环境整治", "网格化基层治理", "村集体经济"], start=1
    ):
        Criterion.objects.create(
            round=rnd,
            name=name,
            maximum=Decimal("20"),
            sort_order=i,
            description="承诺事项具体、可考核,进展台账齐全,群众知晓率高。",
        )
    RoundSite(round=rnd, village=zone.cihang, order=1).save()
    RoundSite(round=rnd, village=zone.guzhuang, order=2).save()
    rnd.judges.set([make_user("judge1", first_name="评委甲")])
    services.round_open(rnd=rnd, user=zone.users["staff"])
    return f"{live_server.url}/judging/rounds/{rnd.pk}/villages/{zone.cihang.pk}/"


def assert_in_sight(page, field):
    box = field.bounding_box()
    bar = page.locator(".score-actions").bounding_box()
    assert box["y"] >= 0, "the field is above the window"
    assert box["y"] + box["height"] <= bar["y"] + 0.5, (box, bar)


def test_the_focused_field_stays_above_the_bar_when_the_keyboard_opens(page, live_server, sheet_url, shot):
    log_in(page, live_server, "judge1", PASSWORD)
    page.goto(sheet_url)
    inputs = page.locator(".score-input")
    expect(inputs).to_have_count(5)
    # Typing in the third field, then the keyboard opens and the window shrinks.
    inputs.nth(2).click()
    page.set_viewport_size(KEYBOARD_OPEN)
    page.wait_for_timeout(300)
    assert_in_sight(page, inputs.nth(2))

    # Each field in turn, as the judge moves on with the keyboard's Enter key.
    page.evaluate("window.scrollTo(0, 0)")
    inputs.nth(0).click()
    page.wait_for_timeout(100)
    for i in range(5):
        assert_in_sight(page, inputs.nth(i))
        inputs.nth(i).press_sequentially("15")
        if i < 4:
            inputs.nth(i).press("Enter")
            expect(inputs.nth(i + 1)).to_be_focused()
            page.wait_for_timeout(100)
    shot(page, "judge-keyboard-open")
    expect(page.locator("#running-total")).to_have_text("75")
