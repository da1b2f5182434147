"""Criteria and bonuses are bounded so that any possible total fits what publishing stores
(Standing.total: 8 digits, 2 after the point); run on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Adjustment, Criterion, CriterionTemplate, Standing
from inspections.services import RoundError

pytestmark = pytest.mark.django_db

HUGE = "各评分项“满分×权重”之和为 1999998,超过上限 10000。请减小满分或权重。"


def formset(criteria, extra=None, template=False):
    data = {
        "form-TOTAL_FORMS": str(len(criteria)),
        "form-INITIAL_FORMS": str(sum(1 for c in criteria if c.get("id"))),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        row = {"sort_order": i, "stage": "field_visit", "description": "", "decimal_places": "1", **c}
        if template:
            row["is_active"] = "on"
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


def test_the_criteria_page_refuses_criteria_whose_total_cannot_be_stored(round_setup, login):
    s = round_setup
    client = login(s.staff)
    criteria = [
        {"id": s.c1.pk, "name": "定标亮诺", "maximum": "9999.99", "weight": "100"},
        {"id": s.c2.pk, "name": "人居环境整治", "maximum": "9999.99", "weight": "100"},
    ]
    page = client.post(
        reverse("inspections:round-criteria", args=[s.rnd.pk]), formset(criteria)
    ).content.decode()
    assert HUGE in page
    assert sorted(s.rnd.criteria.values_list("maximum", flat=True)) == [Decimal("10"), Decimal("10")]

    criteria[0].update(maximum="100", weight="50")
    criteria[1].update(maximum="100", weight="50")
    response = client.post(reverse("inspections:round-criteria", args=[s.rnd.pk]), formset(criteria))
    assert response.status_code == 302
    assert sorted(s.rnd.criteria.values_list("weight", flat=True)) == [Decimal("50"), Decimal("50")]


def test_the_templates_page_and_the_admin_refuse_them_too(round_setup, login):
    s = round_setup
    client = login(s.staff)
    t1, t2 = s.templates
    rows = [
        {"id": t1.pk, "name": t1.name, "maximum": "9999.99", "weight": "100"},
        {"id": t2.pk, "name": t2.name, "maximum": "9999.99", "weight": "100"},
    ]
    page = client.post(
        reverse("inspections:office-templates", args=[s.office.pk]), formset(rows, template=True)
    ).content.decode()
    assert HUGE in page

    admin = login(s.zone.users["admin"])
    page = admin.post(
        reverse("admin:inspections_criteriontemplate_change", args=[t1.pk]),
        {
            "office": s.office.pk,
            "sort_order": 1,
            "stage": "field_visit",
            "name": t1.name,
            "description": "",
            "maximum": "9999.99",
            "weight": "100",
            "decimal_places": 1,
            "is_active": "on",
        },
    ).content.decode()
    assert "各评分项“满分×权重”之和为 1000019,超过上限 10000。" in page  # 999,999 + 10 × 2
    assert CriterionTemplate.objects.get(pk=t1.pk).maximum == Decimal("10")


def test_a_round_with_criteria_past_the_bound_does_not_open(round_setup):
    s = round_setup
    Criterion.objects.filter(pk=s.c1.pk).update(maximum=Decimal("9999.99"), weight=Decimal("100"))
    with pytest.raises(RoundError) as error:
        s.open()
    assert "各评分项“满分×权重”之和为 1000019,超过上限 10000。请减小满分或权重。" in error.value.messages


def test_the_largest_possible_total_is_published_and_shown(round_setup, login):
    s = round_setup
    Criterion.objects.filter(round=s.rnd).update(maximum=Decimal("100"), weight=Decimal("50"))
    s.open()
    s.c1.refresh_from_db()
    s.c2.refresh_from_db()
    for judge in (s.judge_a, s.judge_b, s.judge_c):
        s.sheet(judge, s.guzhuang, 100, 100)
    # The widest bonus an office may allow (its bound at most 100).
    s.office.max_bonus = Decimal("100")
    s.office.save()
    client = login(s.staff)
    url = reverse("inspections:round-adjustments", args=[s.rnd.pk])
    for _ in range(2):
        client.post(url, {"village": s.guzhuang.pk, "points": "50", "reason": "表彰"})
    page = client.post(url, {"village": s.guzhuang.pk, "points": "0.01", "reason": "表彰"}, follow=True)
    assert (
        "郑港办事处规定每村加分合计不超过 100 分;谷庄村本轮加分合计将为 100.01 分。" in page.content.decode()
    )
    assert Adjustment.objects.count() == 2
    s.close()
    s.publish()
    assert Standing.objects.get(village=s.guzhuang).total == Decimal("10100.00")
    assert client.get(reverse("inspections:leaderboard", args=[s.rnd.pk])).status_code == 200
    assert services.possible_total(s.rnd.criteria.all()) == services.MAX_POSSIBLE_TOTAL
