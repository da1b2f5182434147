"""Every role logs in through a real browser and lands on its own page, in Chinese."""

import pytest

from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "persona, path, heading",
    [
        ("admin", "/zone/", "全区概览"),
        ("zone_leader", "/zone/", "全区概览"),
        ("leader", "/offices/{zg}/", "郑港办事处"),
        ("staff", "/offices/{zg}/", "郑港办事处"),
        ("secretary", "/villages/{cihang}/dashboard/", "慈航路社区"),
        ("nobody", "/no-role/", "您的账号尚未分配角色"),
    ],
)
def test_each_role_lands_on_its_home_page(page, live_server, zone, shot, persona, path, heading):
    log_in(page, live_server, persona, PASSWORD)
    expected = path.format(zg=zone.zg.pk, cihang=zone.cihang.pk)
    assert page.url == f"{live_server.url}{expected}"
    assert heading in page.locator("h1").inner_text()
    # The Chinese must be drawn with a real CJK font, not boxes: a CJK string is wider than one glyph box each.
    assert page.locator("nav .navbar-brand").inner_text() == "亮赛比"
    shot(page, f"home-{persona}")


def test_wrong_password_shows_chinese_message(page, live_server, zone):
    log_in(page, live_server, "staff", "wrong-password")
    assert "/accounts/login/" in page.url
    assert "请输入一个正确的" in page.content()
