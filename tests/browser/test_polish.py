"""Small things that got in the way, looked at in a phone-sized Chromium: the favicon, the judge's
status badges, the trend chart's labels and the rectification note box in English."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import InspectionRound, Rectification
from tests.boards.conftest import make_quarters, make_zg
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_has_an_icon_and_no_request_fails(page, live_server, zone):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/offices/{zone.zg.pk}/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").status == 200
    # Pages that name no icon (the admin, the printed summaries) get it where browsers look.
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
    assert failed == []


def test_a_judges_status_badge_is_not_stretched(page, live_server, zone, shot):
    from tests.conftest import make_user

    judge = make_user("judge_long")
    rnd = InspectionRound.objects.create(
        office=zone.zg,
        year=2022,
        quarter=3,
        date=datetime.date(2022, 9, 20),
        title="2022年第三季度“逐村观摩”暨党组织书记“亮赛比”活动(评分中,演示)",
        status=InspectionRound.Status.OPEN,
    )
    rnd.judges.set([judge])
    log_in(page, live_server, "judge_long", PASSWORD)
    page.goto(f"{live_server.url}/judging/")
    badge = page.get_by_test_id("judging-status")
    box = badge.bounding_box()
    assert box["height"] < 30, box  # one line of a badge, however long the title beside it
    shot(page, "judging-list-phone")


def test_the_trend_chart_labels_are_readable_and_clear_of_the_axis(page, live_server, zone, shot):
    make_quarters(make_zg(zone))
    log_in(page, live_server, "secretary", PASSWORD)
    chart = page.get_by_test_id("line-chart").locator("svg")
    expect(chart).to_be_visible()
    axis = chart.locator("line").first.bounding_box()
    labels = chart.locator("text", has_text="Q")
    expect(labels).to_have_count(2)
    for i in range(2):
        box = labels.nth(i).bounding_box()
        assert box["height"] >= 12, box  # the rendered size on a 375 px phone
        assert box["y"] - (axis["y"] + axis["height"]) >= 3, (box, axis)
    shot(page, "trend-chart-phone")


def test_the_english_note_box_keeps_its_width_on_a_phone(page, live_server, zone, shot):
    quarters = make_quarters(make_zg(zone))
    item = Rectification.objects.create(
        round=quarters.q2,
        village=quarters.cihang,
        problem="台账资料不全",
        responsible="王建国",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("secretary")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/rectifications/{item.pk}/")  # where the item is worked on
    note = page.locator(".rect-note").first
    expect(note).to_be_visible()
    assert note.bounding_box()["width"] >= 200
    for button in page.locator(".rect-actions .btn").all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "rectification-note-phone-en")


@pytest.mark.parametrize("english", [False, True], ids=["zh", "en"])
def test_pages_fit_a_phone(page, live_server, zone, english):
    quarters = make_quarters(make_zg(zone))
    Rectification.objects.create(
        round=quarters.q2,
        village=quarters.cihang,
        problem="台账资料不全",
        responsible="王建国",
        deadline=timezone.localdate(),
    )
    if english:
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("staff")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
    else:
        log_in(page, live_server, "staff", PASSWORD)
    for url in (
        f"/offices/{quarters.office.pk}/",
        f"/offices/{quarters.office.pk}/rectifications/",
        f"/rounds/{quarters.q2.pk}/leaderboard/",
        f"/rounds/{quarters.q2.pk}/improvement/",
        f"/villages/{quarters.cihang.pk}/dashboard/",
        f"/offices/{quarters.office.pk}/judge-pool/",
    ):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        # The board's own tabs wrap rather than scroll.
        for pills in page.locator(".nav-pills").all():
            assert pills.evaluate("el => el.scrollWidth <= el.clientWidth"), url
