"""A secretary's 计分单: their own village, once published, with the criterion means, the counted sheets,
the bonuses and deductions and the formula, but no judge's name or sheet (DOMAIN.md: secretaries
never see individual judges' sheets)."""

import pytest
from django.urls import reverse

from .conftest import build_q2, change_guzhuang_secretary
from .helpers import text_of

pytestmark = pytest.mark.django_db


def receipt(rnd, village):
    return reverse("inspections:score-receipt", args=[rnd.pk, village.pk])


def test_the_secretary_sees_how_their_total_was_reached(quarters, login):
    client = login(quarters.zone.users["secretary"])
    dashboard = client.get(reverse("inspections:village-dashboard", args=[quarters.cihang.pk]))
    assert receipt(quarters.q2, quarters.cihang) in dashboard.content.decode()
    response = client.get(receipt(quarters.q2, quarters.cihang))
    assert response.status_code == 200
    text = text_of(response)
    # 慈航路社区 Q2: (17, 17, 34) from both judges → 85.00.
    assert "定标亮诺 20 1 17.00" in text and "人居环境整治 20 2 17.00" in text
    assert "共 2 份已提交评分表,计入 2 份。" in text
    assert "= 170 ÷ 2 = 85.00" in text and "= 85.00 + 0 = 85.00" in text
    assert "排名:第 2 名" in text
    for judge in quarters.judges:
        assert judge.first_name not in text and judge.username not in text
    html = response.content.decode()
    assert "/sheets/" not in html and 'data-testid="receipt-sheets"' not in html
    assert reverse("inspections:village-dashboard", args=[quarters.cihang.pk]) in html


def test_bonuses_show_with_their_reasons(quarters, login):
    # 谷庄村 has a bonus of +1.5 in Q2; give it a secretary with a login for the test.
    from villages.models import Secretary

    secretary = Secretary.objects.get(village=quarters.guzhuang, end_date__isnull=True)
    secretary.user = quarters.zone.users["other_secretary"]
    secretary.save()
    text = text_of(login(secretary.user).get(receipt(quarters.q2, quarters.guzhuang)))
    assert "加分 +1.5:测试加减分" in text
    assert "= 78.50 + 1.5 = 80.00" in text


def test_not_before_publishing_nor_for_another_village(zg, login):
    change_guzhuang_secretary(zg)
    q2 = build_q2(zg, status="closed")
    client = login(zg.zone.users["secretary"])
    response = client.get(receipt(q2, zg.cihang))
    assert response.status_code == 403
    assert "本轮成绩尚未发布。" in text_of(response)
    assert reverse("inspections:village-dashboard", args=[zg.cihang.pk]) in response.content.decode()
    q2.status = "published"
    q2.save()
    assert client.get(receipt(q2, zg.guzhuang)).status_code == 403


def test_the_office_still_sees_every_judge(quarters, login):
    text = text_of(login(quarters.zone.users["leader"]).get(receipt(quarters.q2, quarters.cihang)))
    assert "评委甲" in text and "评委乙" in text
    assert "计分人(签字)" in text
