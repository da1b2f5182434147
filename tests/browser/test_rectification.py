"""A rectification item from a leader's remark to closed, on evidence, in a phone-sized Chromium; the
next round's judge form shows it; its photos are refused by URL to anyone without the right role."""

import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from inspections.models import Commentary, InspectionRound, Rectification, RectificationPhoto, RoundSite
from tests.conftest import PASSWORD, make_user

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg(colour):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture
def rounds(zone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = InspectionRound.objects.create(
        office=zone.zg,
        year=2022,
        quarter=1,
        date=datetime.date(2022, 3, 24),
        title="第一季度观摩",
        status="published",
    )
    RoundSite(round=first, village=zone.cihang, order=1).save()
    Commentary.objects.create(round=first, village=zone.cihang, kind="problem", text="健身器材损坏未修复")
    second = InspectionRound.objects.create(
        office=zone.zg,
        year=2022,
        quarter=2,
        date=datetime.date(2022, 6, 28),
        title="第二季度观摩",
        status="open",
    )
    second.criteria.create(name="人居环境", maximum=10)
    RoundSite(round=second, village=zone.cihang, order=1).save()
    second.judges.set([make_user("judge1", first_name="评委甲")])
    return first, second


def test_an_item_from_a_remark_is_fixed_sent_back_fixed_again_and_closed(
    page, live_server, zone, rounds, shot
):
    first, second = rounds
    base = live_server.url

    # Staff make the remark an item in one step, then add a photo of the problem.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{base}/rounds/{first.pk}/review/")
    remark = page.get_by_test_id("remark-to-item")
    remark.get_by_label("责任人").fill("王建国")
    remark.get_by_label("整改时限").fill("2022-04-30")
    remark.get_by_role("button", name="转为整改").click()
    expect(page.get_by_text("已登记为整改事项")).to_be_visible()
    page.get_by_test_id("remark-item").click()
    page.get_by_test_id("before-form").locator("input[type=file]").set_input_files(jpeg((150, 40, 40)))
    page.get_by_test_id("before-form").get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_test_id("before-photos").locator("img")).to_have_count(1)
    item_url = page.url
    page.context.clear_cookies()

    # The secretary reports the fix with a photo.
    log_in(page, live_server, "secretary", PASSWORD)
    page.goto(item_url)
    form = page.get_by_test_id("submit-form")
    form.get_by_label("整改情况").fill("已更换健身器材")
    form.get_by_label("整改后照片").set_input_files(jpeg((40, 150, 40)))
    form.get_by_role("button", name="提交整改情况").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已提交")
    expect(page.get_by_test_id("after-photos").locator("img")).to_have_count(1)
    shot(page, "rectification-submitted-phone")
    page.context.clear_cookies()

    # Staff send it back with a reason.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(item_url)
    page.get_by_test_id("return-form").get_by_placeholder("退回理由").fill("器材未固定,请加固后再报")
    page.get_by_test_id("return-form").get_by_role("button", name="退回").click()
    expect(page.get_by_test_id("item-status")).to_have_text("整改中")
    page.context.clear_cookies()

    # The secretary reads the reason and resubmits.
    log_in(page, live_server, "secretary", PASSWORD)
    page.goto(item_url)
    expect(page.get_by_test_id("returned-reason")).to_contain_text("器材未固定,请加固后再报")
    form = page.get_by_test_id("submit-form")
    form.get_by_label("整改情况").fill("已加固")
    form.get_by_role("button", name="提交整改情况").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已提交")
    page.context.clear_cookies()

    # Staff close it: before and after photos are there.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(item_url)
    page.get_by_test_id("close-form").get_by_role("button", name="审核销号").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已销号")
    item = Rectification.objects.get()
    assert (item.status, item.return_count, item.verified_by) == ("verified", 1, zone.users["staff"])
    page.context.clear_cookies()

    # The next round's judge sees it on the phone form, above the scores.
    log_in(page, live_server, "judge1", PASSWORD)
    page.goto(f"{base}/judging/rounds/{second.pk}/villages/{zone.cihang.pk}/")
    recheck = page.get_by_test_id("recheck")
    expect(recheck).to_contain_text("健身器材损坏未修复")
    expect(recheck).to_contain_text("已销号")
    assert recheck.bounding_box()["y"] < page.locator("#score-form").bounding_box()["y"]
    shot(page, "judge-form-recheck-phone")
    page.context.clear_cookies()

    # Staff mark the on-site check from the site list; the route sheet prints it.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{base}/rounds/{second.pk}/")
    page.get_by_test_id("site-recheck").get_by_role("button", name="复核通过").click()
    expect(page.get_by_test_id("site-recheck").get_by_test_id("check-result")).to_contain_text("通过")
    page.get_by_test_id("route-sheet-link").click()
    expect(page.get_by_test_id("route-item")).to_contain_text("健身器材损坏未修复")


def test_a_private_photo_is_refused_by_url_without_the_right_role(page, live_server, zone, rounds):
    first, _second = rounds
    item = Rectification.objects.create(
        round=first,
        village=zone.cihang,
        problem="x",
        responsible="王建国",
        deadline=datetime.date(2022, 4, 30),
    )
    from django.core.files.base import ContentFile

    photo = RectificationPhoto.objects.create(
        item=item,
        kind="before",
        image=ContentFile(jpeg((1, 2, 3))["buffer"], name="0123456789abcdef0123456789abcdef.jpg"),
        thumbnail=ContentFile(jpeg((1, 2, 3))["buffer"], name="fedcba9876543210fedcba9876543210.jpg"),
    )
    url = f"{live_server.url}{photo.image.url}"

    response = page.goto(url)  # anonymous: to the login page, no picture
    assert "/accounts/login/" in page.url and response.headers["content-type"].startswith("text/html"), (
        response.status,
        response.headers,
    )
    log_in(page, live_server, "other_secretary", PASSWORD)
    response = page.goto(url)
    assert response.status == 403
    expect(page.get_by_text("您无权查看这张照片。")).to_be_visible()
    page.context.clear_cookies()
    log_in(page, live_server, "secretary", PASSWORD)
    response = page.goto(url)
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
