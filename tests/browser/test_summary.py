"""A leader prints the quarterly summary from the browser: one click from the leaderboard, the
print layout repeats the table header on the next page and numbers the pages."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.boards.test_queries import populate

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def large_office(zone):
    """新港 with 45 scored villages, so the ranking table runs onto a second page."""
    return populate(
        zone.xg, villages=45, judges=2, criteria=2, rounds=1, prefix="x", staff=zone.users["other_staff"]
    )


def test_leader_prints_the_summary_with_the_header_on_every_page(page, live_server, large_office, shot):
    log_in(page, live_server, "zone_leader", "pass-for-tests-123")
    page.goto(f"{live_server.url}/rounds/{large_office['latest'].pk}/leaderboard/")
    page.get_by_test_id("summary-link").click()
    expect(page).to_have_url(f"{live_server.url}/rounds/{large_office['latest'].pk}/summary/")
    expect(page.get_by_test_id("doc-title")).to_have_text("新港办事处2022年第一季度“亮赛比”观摩评比情况通报")
    expect(page.get_by_test_id("download-pdf")).to_be_visible()
    # Wide tables scroll inside their own box; nothing else may widen the page.
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376"
        " && !e.closest('.table-wrap')).map(e => e.tagName + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 376, wide
    shot(page, "summary-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "summary-desktop")

    page.emulate_media(media="print")
    target = ARTIFACTS / "summary-browser-print.pdf"
    page.pdf(path=str(target), format="A4", print_background=True)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    )
    sheets = pages.stdout.split("\f")
    assert "导航" not in pages.stdout and "下载 PDF" not in pages.stdout  # nothing of the screen's controls
    first_rows = [s for s in sheets if "x村0" in s]
    assert first_rows, "ranking table not found"
    # The ranking table starts on page 1 and continues on page 2 under the same header.
    header = re.compile(r"排名\s+单位\s+书记")
    assert header.search(sheets[0]) and header.search(sheets[1])
    assert re.search(r"x村\d+", sheets[1])
    assert re.search(r"第 1 页\s*共 \d+ 页", sheets[0])
