"""The round's tab bar: every tab in sight on a 375 px phone and on a desktop, in Chinese and English,
none cut short and none off-screen."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.inspections.conftest import RoundSetup

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def check_tabs(page, width):
    tabs = page.get_by_test_id("round-tabs").locator(".nav-link")
    expect(tabs).to_have_count(11)
    for i in range(tabs.count()):
        box = tabs.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, tabs.nth(i).inner_text()
        # Nothing cut: the label fits its tab.
        assert tabs.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth"), tabs.nth(i).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    "width,english",
    [(375, False), (375, True), (1366, True), (1366, False)],
    ids=["phone-zh", "phone-en", "desktop-en", "desktop-zh"],
)
def test_every_tab_is_in_sight(page, live_server, zone, shot, width, english):
    s = RoundSetup(zone)
    s.open()
    page.set_viewport_size({"width": width, "height": 800})
    if english:
        in_english(page, live_server)
    log_in(page, live_server, "staff", PASSWORD) if not english else _log_in_en(page, live_server)
    page.goto(f"{live_server.url}/rounds/{s.round.pk}/")
    check_tabs(page, width)
    shot(page, f"round-tabs-{width}-{'en' if english else 'zh'}")


def _log_in_en(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")
