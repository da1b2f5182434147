"""发布结果 and 删除 ask first in the browser: cancelling changes nothing, confirming goes ahead."""

import pytest
from playwright.sync_api import expect

from inspections.models import Adjustment, InspectionRound
from tests.conftest import PASSWORD
from tests.inspections.conftest import RoundSetup

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, accept, questions):
    def on_dialog(dialog):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", on_dialog)


def test_publishing_asks_and_cancelling_keeps_the_round_closed(page, live_server, zone):
    from decimal import Decimal

    s = RoundSetup(zone)
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    Adjustment.objects.create(round=s.round, village=s.cihang, points=Decimal("1.5"), reason="受到区级表彰")
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/rounds/{s.round.pk}/")
    questions = []
    answer(page, False, questions)
    page.get_by_role("button", name="发布结果").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已结束")
    assert "书记和领导将看到本轮成绩和排名" in questions[0]
    s.refresh()
    assert s.round.status == InspectionRound.Status.CLOSED

    # A bonus deleted after closing needs a reason, and the question names it.
    page.goto(f"{live_server.url}/rounds/{s.round.pk}/adjustments/")
    page.get_by_placeholder("删除理由").fill("重复登记")
    answer(page, False, questions)
    page.get_by_role("button", name="删除").click()
    assert "慈航路社区的加分 +1.5" in questions[1]
    expect(page.get_by_test_id("adjustments")).to_contain_text("受到区级表彰")
    answer(page, True, questions)
    page.get_by_role("button", name="删除").click()
    expect(page.get_by_text("已删除该加减分。")).to_be_visible()
    assert not Adjustment.objects.exists()

    page.goto(f"{live_server.url}/rounds/{s.round.pk}/")
    answer(page, True, questions)
    page.get_by_role("button", name="发布结果").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已发布")
