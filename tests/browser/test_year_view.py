"""The year view on a 375 px phone: every column, 第四季度 and 年度平均 included, in sight."""

import pytest

from tests.boards.conftest import make_quarters, make_zg
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("english", [False, True], ids=["zh", "en"])
def test_every_column_in_sight_on_a_phone(page, live_server, zone, shot, english):
    quarters = make_quarters(make_zg(zone))
    if english:
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("leader")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
    else:
        log_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/offices/{quarters.office.pk}/year/2022/")
    table = page.get_by_test_id("year-view")
    headers = table.locator("thead th:visible")
    assert headers.count() == 6  # 单位, four quarters, 年度平均 (the trend line sits under the name)
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 375, headers.nth(i).inner_text()
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The trend line is still there, under each village's name.
    assert table.locator(".year-village svg.sparkline:visible").count() == 4
    shot(page, f"year-view-phone-{'en' if english else 'zh'}")
