"""A pledge from draft to public in a phone-sized Chromium, and the printed 公开承诺公示 with its QR code."""

import io
import re
import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page, live_server):
    page.context.clear_cookies()


def pledge_card(page, title):
    return page.get_by_test_id("pledge").filter(has_text=title)


def test_a_pledge_is_drafted_sent_back_corrected_published_and_seen_by_the_public(
    page, live_server, zone, shot
):
    # The secretary drafts a pledge and submits it.
    log_in(page, live_server, "secretary", PASSWORD)
    page.goto(f"{live_server.url}/villages/{zone.cihang.pk}/")
    page.get_by_role("link", name="新增承诺").click()
    page.get_by_label("年度").fill("2022")
    page.get_by_label("类别").select_option(label="为群众办实事")
    page.get_by_label("承诺事项").fill("背街小巷路灯全覆盖")
    page.get_by_label("具体内容").fill("安装路灯")
    page.get_by_label("措施与目标").fill("年内完成")
    page.get_by_label("完成时限").fill("2022-12-31")
    page.get_by_role("button", name="保存").click()
    card = pledge_card(page, "背街小巷路灯全覆盖")
    expect(card.get_by_test_id("pledge-status")).to_have_text("草稿")
    card.get_by_role("button", name="提交审核").click()
    expect(card.get_by_test_id("pledge-status")).to_have_text("待审核")
    log_out(page, live_server)

    # Office staff send it back with a reason, from the office page.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/offices/{zone.zg.pk}/")
    pending = page.get_by_test_id("pending-pledges")
    expect(pending).to_contain_text("背街小巷路灯全覆盖")
    pending.get_by_placeholder("退回理由").fill("请写明安装数量")
    pending.get_by_role("button", name="退回").click()
    expect(page.get_by_text("承诺已退回")).to_be_visible()
    log_out(page, live_server)

    # The secretary reads the reason, corrects the pledge and submits it again.
    log_in(page, live_server, "secretary", PASSWORD)
    page.goto(f"{live_server.url}/villages/{zone.cihang.pk}/")
    card = pledge_card(page, "背街小巷路灯全覆盖")
    expect(card.get_by_test_id("return-reason")).to_contain_text("请写明安装数量")
    card.get_by_role("link", name="修改").click()
    page.get_by_label("具体内容").fill("安装路灯 40 盏")
    page.get_by_role("button", name="保存").click()
    card = pledge_card(page, "背街小巷路灯全覆盖")
    card.get_by_role("button", name="修改后重新提交").click()
    expect(card.get_by_test_id("pledge-status")).to_have_text("待审核")
    shot(page, "pledge-resubmitted-phone")
    log_out(page, live_server)

    # Staff publish it from the village page.
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/villages/{zone.cihang.pk}/")
    card = pledge_card(page, "背街小巷路灯全覆盖")
    page.once("dialog", lambda d: d.accept())  # publishing asks first
    card.get_by_role("button", name="审核通过并公开").click()
    expect(pledge_card(page, "背街小巷路灯全覆盖").get_by_test_id("pledge-status")).to_have_text("已公开")
    log_out(page, live_server)

    # An anonymous visitor sees it, and nothing that is not public.
    page.goto(f"{live_server.url}/public/villages/{zone.cihang.pk}/")
    expect(page.get_by_text("安装路灯 40 盏")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "党员联系户走访(内部)" not in body  # a draft
    for private in ("草稿", "待审核", "退回", "请写明安装数量", "填报季度进展"):
        assert private not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    shot(page, "public-pledges-phone")


def test_the_notice_prints_on_one_a4_page_and_its_code_reads_as_the_public_url(page, live_server, zone, shot):
    page.goto(f"{live_server.url}/public/villages/{zone.cihang.pk}/notice/")
    expect(page.get_by_test_id("notice")).to_contain_text("公开承诺公示")
    expect(page.get_by_test_id("notice")).to_contain_text("王建国")
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    shot(page, "pledge-notice-phone")
    url = f"{live_server.url}/public/villages/{zone.cihang.pk}/"

    # The code as the browser draws it reads back as the public page's address.
    page.set_viewport_size({"width": 900, "height": 1200})
    picture = page.get_by_test_id("notice-qr").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)).convert("L"))
    assert [code.text for code in decoded] == [url]

    page.emulate_media(media="print")
    target = ARTIFACTS / "pledge-notice.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(target), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    assert "公开承诺公示" in text and "慈航路社区人居环境整治" in text and "打印" not in text.split("\n")[0]
    # The printed code reads too (the PDF page as a picture).
    png = ARTIFACTS / "pledge-notice"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(target), str(png)], check=True)
    decoded = zxingcpp.read_barcodes(Image.open(f"{png}.png").convert("L"))
    assert [code.text for code in decoded] == [url]
