"""As superuser in 系统管理: a published round's scoring data cannot be changed, added to, deleted
or reverted there; every change goes through the pages (withdraw → correct with a reason → publish)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.models import Adjustment, Criterion, InspectionRound, ScoreSheet, Standing
from inspections.standings import standings_match_sheets
from villages.models import Office

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_a, s.guzhuang, 7, 6)
    s.adjustment = Adjustment.objects.create(
        round=s.rnd, village=s.guzhuang, points=Decimal("-5"), reason="扣分"
    )
    s.close()
    s.publish()
    s.admin = login(s.zone.users["admin"])
    return s


def admin_url(model, action, *args):
    return reverse(f"admin:inspections_{model}_{action}", args=args)


def test_a_published_deduction_cannot_be_turned_into_a_bonus(published):
    s = published
    a = s.adjustment
    page = s.admin.get(admin_url("adjustment", "change", a.pk))
    assert page.status_code == 200  # it can be read
    assert 'name="points"' not in page.content.decode()
    response = s.admin.post(
        admin_url("adjustment", "change", a.pk),
        {"round": s.rnd.pk, "village": s.guzhuang.pk, "points": "5", "reason": "改成加分"},
    )
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.points == Decimal("-5")
    assert s.admin.post(admin_url("adjustment", "delete", a.pk), {"post": "yes"}).status_code == 403
    assert (
        s.admin.post(
            admin_url("adjustment", "add"),
            {"round": s.rnd.pk, "village": s.cihang.pk, "points": "9", "reason": "x"},
        ).status_code
        == 403
    )
    assert list(Adjustment.objects.values_list("points", flat=True)) == [Decimal("-5")]
    assert standings_match_sheets(s.rnd)


def test_history_of_scoring_data_can_be_read_but_not_reverted(published):
    s = published
    a = s.adjustment
    a.points = Decimal("-1")
    a.save()  # a second version, so there is an older one to revert to
    old = a.history.last()
    url = admin_url("adjustment", "simple_history", a.pk, old.history_id)
    assert s.admin.get(url).status_code == 200
    assert s.admin.post(url, {}).status_code == 403
    a.refresh_from_db()
    assert a.points == Decimal("-1")


def test_sheets_standings_criteria_and_status_cannot_be_changed(published):
    s = published
    sheet = ScoreSheet.objects.get(village=s.cihang)
    response = s.admin.post(
        admin_url("scoresheet", "change", sheet.pk), {"values": '{"1": "10"}', "status": "draft"}
    )
    assert response.status_code == 403

    standing = Standing.objects.get(village=s.cihang)
    assert s.admin.get(admin_url("standing", "change", standing.pk)).status_code == 200
    assert (
        s.admin.post(admin_url("standing", "change", standing.pk), {"rank": 3, "total": "99"}).status_code
        == 403
    )

    criteria = list(Criterion.objects.filter(round=s.rnd))
    data = {
        "office": s.office.pk,
        "year": 2022,
        "quarter": 1,
        "date": "2022-03-24",
        "title": s.rnd.title,
        "status": "open",
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "sites-TOTAL_FORMS": 0,
        "sites-INITIAL_FORMS": 0,
    }
    for i, c in enumerate(criteria):
        data.update(
            {f"criteria-{i}-id": c.pk, f"criteria-{i}-round": s.rnd.pk, f"criteria-{i}-weight": "100"}
        )
    assert s.admin.post(admin_url("inspectionround", "change", s.rnd.pk), data).status_code == 403
    assert s.admin.post(admin_url("inspectionround", "delete", s.rnd.pk), {"post": "yes"}).status_code == 403
    assert s.admin.post(admin_url("inspectionround", "add"), data).status_code == 403

    s.refresh()
    assert s.rnd.is_published
    assert sorted(c.weight for c in s.rnd.criteria.all()) == [Decimal("1"), Decimal("2")]
    assert ScoreSheet.objects.get(pk=sheet.pk).values == sheet.values
    assert (Standing.objects.get(pk=standing.pk).rank, Standing.objects.get(pk=standing.pk).total) == (
        standing.rank,
        standing.total,
    )
    assert standings_match_sheets(s.rnd)


def test_a_draft_round_may_still_be_deleted(round_setup, login):
    s = round_setup
    client = login(s.zone.users["admin"])
    assert client.post(admin_url("inspectionround", "delete", s.rnd.pk), {"post": "yes"}).status_code == 302
    assert not InspectionRound.objects.filter(pk=s.rnd.pk).exists()


def test_office_names_in_the_admin_are_cleaned_like_the_roster(zone, login):
    client = login(zone.users["admin"])
    url = reverse("admin:villages_office_add")
    data = {
        "name": "郑港办事处\u200b",
        "kind": "office",
        "sort_order": 0,
        "red_flag_threshold": "90",
        "honour_list_size": 3,
        "villages-TOTAL_FORMS": 0,
        "villages-INITIAL_FORMS": 0,
    }
    page = client.post(url, data).content.decode()
    assert "名称含有看不见的字符(U+200B),请删除后重新输入。" in page
    data["name"] = "郑港办事处\u3000"
    page = client.post(url, data).content.decode()
    assert "具有 名称 的 办事处 已存在。" in page  # NFKC and trimmed: the same office
    assert Office.objects.count() == 2
