"""Closing or publishing with sheets missing says which villages are short, without refusing."""

from django.urls import reverse


def test_closing_and_publishing_name_the_villages_short_of_sheets(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    client = login(s.zone.users["staff"])
    url = lambda action: reverse("inspections:round-status", args=[s.round.pk, action])  # noqa: E731
    page = client.post(url("close"), follow=True).content.decode()
    assert "已结束评分" in page
    # 慈航路社区: judges a, b, c (its secretary is barred) → 1 of 3; 谷庄村: 0 of 4.
    assert "注意:以下单位的评分表未交齐,按已提交的评分表计分:慈航路社区(1/3)、谷庄村(0/4)" in page
    page = client.post(url("publish"), follow=True).content.decode()
    assert "结果已发布" in page
    assert "慈航路社区(1/3)" in page


def test_the_receipt_names_the_judges_whose_sheets_are_missing(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_b, s.cihang, 7, 9, submit=False)  # a draft does not count
    page = login(s.zone.users["staff"]).get(
        reverse("inspections:score-receipt", args=[s.round.pk, s.cihang.pk])
    )
    text = page.content.decode()
    # The village's own secretary is a judge but never scores it, so is not listed.
    assert "未提交评分表的评委" in text
    missing = text.split('data-testid="receipt-missing"')[1].split("</p>")[0]
    assert s.judge_b.get_full_name() in missing and s.judge_c.get_full_name() in missing
    assert s.judge_a.get_full_name() not in missing
    assert s.secretary.username not in missing
