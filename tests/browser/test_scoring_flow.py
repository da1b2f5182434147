"""A round from opening to a corrected sheet, in a phone-sized Chromium."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inspections.models import Criterion, InspectionRound, RoundSite, ScoreSheet
from tests.conftest import PASSWORD, make_user

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft_round(zone):
    rnd = InspectionRound.objects.create(
        office=zone.zg, year=2022, quarter=1, date=datetime.date(2022, 3, 24), title="2022年第一季度逐村观摩"
    )
    Criterion.objects.create(
        round=rnd, name="定标亮诺", maximum=Decimal("25"), sort_order=1, description="承诺具体可考核"
    )
    Criterion.objects.create(
        round=rnd, name="人居环境整治", maximum=Decimal("25"), weight=Decimal("2"), sort_order=2
    )
    RoundSite(round=rnd, village=zone.cihang, order=1).save()
    RoundSite(round=rnd, village=zone.guzhuang, order=2).save()
    judge = make_user("judge1", first_name="评委甲")
    rnd.judges.set([judge, make_user("judge2", first_name="评委乙")])
    return rnd


def test_staff_open_the_round(page, live_server, zone, draft_round, shot):
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{draft_round.pk}/")
    expect(page.get_by_test_id("round-status")).to_have_text("草稿")
    questions = []
    page.on("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.get_by_role("button", name="开始评分").click()
    expect(page.get_by_test_id("round-status")).to_have_text("评分中")
    assert "确定开始评分吗" in questions[0]
    expect(page.get_by_text("已开始评分")).to_be_visible()
    shot(page, "round-opened-phone")


def _open(draft_round, zone):
    draft_round.status = InspectionRound.Status.OPEN
    draft_round.save()


def test_judge_fills_and_submits_a_sheet_on_a_phone(page, live_server, zone, draft_round, shot):
    _open(draft_round, zone)
    log_in(page, live_server, "judge1", PASSWORD)
    assert page.url.endswith("/judging/")
    page.get_by_text("2022年第一季度逐村观摩").click()
    expect(page.get_by_test_id("judge-counts")).to_contain_text("已提交 0 份,还剩 2 份")
    page.get_by_text("1. 慈航路社区").click()
    expect(page.get_by_text("承诺具体可考核")).to_be_visible()  # the standard under the criterion
    inputs = page.locator(".score-input")
    assert inputs.first.get_attribute("inputmode") == "decimal"
    inputs.nth(0).fill("20.5")
    inputs.nth(1).fill("18")
    expect(page.locator("#running-total")).to_have_text("56.5")  # 20.5 + 2 × 18
    shot(page, "score-sheet-phone")
    page.get_by_role("button", name="提交").click()
    # On to the next village in visiting order.
    expect(page.locator("h1")).to_have_text("谷庄村")
    expect(page.get_by_text("慈航路社区的评分表已提交")).to_be_visible()
    expect(page.get_by_test_id("judge-counts")).to_contain_text("已提交 1 份,还剩 1 份")
    sheet = ScoreSheet.objects.get(judge__username="judge1", village=zone.cihang)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.decimal_values() == {
        draft_round.criteria.get(name="定标亮诺").pk: Decimal("20.5"),
        draft_round.criteria.get(name="人居环境整治").pk: Decimal("18"),
    }


def test_a_bad_value_gets_its_message_and_nothing_typed_is_lost(page, live_server, zone, draft_round):
    _open(draft_round, zone)
    log_in(page, live_server, "judge1", PASSWORD)
    page.goto(f"{live_server.url}/judging/rounds/{draft_round.pk}/villages/{zone.cihang.pk}/")
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("30")
    inputs.nth(1).fill("19.5")
    page.locator("textarea[name=remark]").fill("台账齐全")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("“定标亮诺”的分值应在 0 到 25 之间,填写的是 30")).to_be_visible()
    expect(inputs.nth(0)).to_have_value("30")
    expect(inputs.nth(1)).to_have_value("19.5")
    expect(page.locator("textarea[name=remark]")).to_have_value("台账齐全")
    assert not ScoreSheet.objects.exists()


def test_typed_values_survive_a_lost_connection(page, context, live_server, zone, draft_round):
    _open(draft_round, zone)
    log_in(page, live_server, "judge1", PASSWORD)
    url = f"{live_server.url}/judging/rounds/{draft_round.pk}/villages/{zone.cihang.pk}/"
    page.goto(url)
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("21")
    inputs.nth(1).fill("22.5")
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - the browser reports the dropped connection
        with page.expect_navigation(timeout=3000):
            page.get_by_role("button", name="提交").click()
    context.set_offline(False)
    page.goto(url)
    expect(page.locator("#restore-note")).to_be_visible()
    expect(inputs.nth(0)).to_have_value("21")
    expect(inputs.nth(1)).to_have_value("22.5")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("谷庄村")
    assert ScoreSheet.objects.get(village=zone.cihang).status == ScoreSheet.Status.SUBMITTED
    # Once the server has them, the browser's copy is gone: the sheet reopens without the note.
    page.goto(url)
    expect(page.locator("#restore-note")).to_be_hidden()


def test_staff_close_the_round_and_correct_a_sheet_with_a_reason(page, live_server, zone, draft_round, shot):
    _open(draft_round, zone)
    c1, c2 = draft_round.criteria.order_by("sort_order")
    judge = draft_round.judges.get(username="judge1")
    sheet = ScoreSheet.objects.create(
        round=draft_round,
        village=zone.cihang,
        judge=judge,
        values={str(c1.pk): "20", str(c2.pk): "18"},
        status=ScoreSheet.Status.SUBMITTED,
    )
    ScoreSheet.objects.create(
        round=draft_round, village=zone.guzhuang, judge=judge, values={str(c1.pk): "15"}, status="draft"
    )
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{draft_round.pk}/")
    page.on("dialog", lambda d: d.accept())  # 结束评分 asks first
    page.get_by_role("button", name="结束评分").click()
    expect(page.get_by_text("还有 1 份评分表是草稿")).to_be_visible()
    expect(page.get_by_test_id("round-status")).to_have_text("评分中")
    page.get_by_label("草稿不计分,仍然结束").check()
    page.get_by_role("button", name="结束评分").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已结束")

    page.goto(f"{live_server.url}/sheets/{sheet.pk}/")
    page.get_by_label("定标亮诺(0–25)").fill("21")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("评分已结束,更正必须填写理由。")).to_be_visible()
    expect(page.get_by_label("定标亮诺(0–25)")).to_have_value("21")
    page.get_by_label("更正理由").fill("与纸质评分表核对,录入有误")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("评分表已更正")).to_be_visible()
    history = page.get_by_test_id("sheet-history")
    expect(history).to_contain_text("定标亮诺:20 → 21")
    expect(history).to_contain_text("与纸质评分表核对,录入有误")
    expect(history).to_contain_text(zone.users["staff"].username)
    shot(page, "sheet-corrected-phone")
    sheet.refresh_from_db()
    assert sheet.values[str(c1.pk)] == "21"
