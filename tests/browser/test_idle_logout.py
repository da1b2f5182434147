"""The idle logout's warning in a real browser: shown before the time is up, 继续使用 keeps the
session (static/js/idle.js, no inline script under the CSP)."""

import pytest

from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_warning_appears_and_the_button_keeps_the_session(page, live_server, zone, settings, shot):
    settings.SESSION_IDLE_MINUTES = 70 / 60  # the warning comes a minute before: after 10 seconds
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "staff", PASSWORD)
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=20000)
    assert "秒后将自动退出登录" in warning.inner_text()
    shot(page, "idle-warning")
    warning.get_by_role("button", name="继续使用").click()
    warning.wait_for(state="hidden", timeout=5000)
    page.reload()
    assert "/accounts/login/" not in page.url
    assert not errors, errors
