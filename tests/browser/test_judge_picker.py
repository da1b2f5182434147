"""The judge picker on a phone: the pool with roles, narrowed by typing."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import InspectionRound
from tests.conftest import PASSWORD, make_user
from villages.models import PoolGuest

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_narrows_the_pool_and_the_choice_is_saved(page, live_server, zone, shot):
    rnd = InspectionRound.objects.create(
        office=zone.zg, year=2023, quarter=1, date=datetime.date(2023, 3, 1), title="2023年第一季度亮赛比"
    )
    PoolGuest.objects.create(
        office=zone.zg, user=make_user("judge_sun", first_name="孙特邀"), note="区委组织部"
    )
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/judges/")
    options = page.locator("#judge-options label")
    expect(options).to_have_count(4)
    expect(options.nth(3)).to_contain_text("特邀评委 · 区委组织部")
    shot(page, "judge-picker-phone")
    page.get_by_label("搜索").fill("书记")
    expect(page.locator("#judge-options label:visible")).to_have_count(1)
    expect(page.locator("#judge-options label:visible")).to_contain_text("书记 · 慈航路社区")
    page.locator("#judge-options label:visible input").check()
    page.get_by_label("搜索").fill("组织部")
    page.locator("#judge-options label:visible input").check()
    page.get_by_label("搜索").fill("没有这个人")
    expect(page.get_by_text("没有匹配的人。")).to_be_visible()
    page.get_by_role("button", name="保存评委").click()
    expect(page.get_by_text("评委已保存。")).to_be_visible()
    assert set(rnd.judges.values_list("username", flat=True)) == {"secretary", "judge_sun"}
