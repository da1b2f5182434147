"""`seed_demo` adds each seed office's published Q1 2022 round, as the 2022 report describes it."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from inspections.models import (
    Adjustment,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    RoundSite,
    ScoreSheet,
)

pytestmark = pytest.mark.django_db

DATES = {
    "郑港办事处": datetime.date(2022, 3, 24),
    "新港办事处": datetime.date(2022, 3, 29),
    "明港办事处": datetime.date(2022, 3, 29),
    "银河办事处": datetime.date(2022, 3, 24),
    "IT产业园社区服务中心": datetime.date(2022, 3, 29),
}
MODELS = (
    get_user_model(),
    InspectionRound,
    InspectionRound.history.model,
    Criterion,
    CriterionTemplate,
    RoundSite,
    ScoreSheet,
    ScoreSheet.history.model,
    Adjustment,
    Adjustment.history.model,
)


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {f"{m._meta.app_label}.{m.__name__}": m.objects.count() for m in MODELS}


def test_each_office_has_a_published_first_quarter_round_on_the_reports_date():
    seed()

    rounds = {r.office.name: r for r in InspectionRound.objects.filter(year=2022, quarter=1)}
    assert {name: r.date for name, r in rounds.items()} == DATES
    for name, rnd in rounds.items():
        assert rnd.status == InspectionRound.Status.PUBLISHED, name
        assert rnd.drop_extremes, name
        scored = rnd.sites.filter(is_learning_visit=False).count()
        submitted = rnd.sheets.filter(status=ScoreSheet.Status.SUBMITTED)
        assert scored >= 4, name
        assert submitted.count() == scored * rnd.judges.count(), name
        assert set(submitted.values_list("remark", flat=True)) == {"演示数据"}, name


def test_minggangs_round_visits_housong_to_learn():
    seed()

    rnd = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=1)
    site = rnd.sites.get(village__name="后宋村")
    assert site.is_learning_visit
    assert site.village.office.name == "郑港办事处"
    assert not rnd.sheets.filter(village__name="后宋村").exists()
    assert [s.village.name for s in rnd.sites.filter(is_learning_visit=True)] == ["后宋村"]


def test_the_demo_templates_are_the_reports_scoring_areas():
    seed()

    def names(office):
        return list(
            CriterionTemplate.objects.filter(office__name=office)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )

    assert names("郑港办事处") == ["定标亮诺", "疫情防控", "人居环境整治", "党建引领网格化基层治理"]
    assert names("银河办事处") == [
        "年度承诺事项制定情况",
        "疫情群防群控和无疫社区创建",
        "农村人居环境集中整治",
        "党建引领网格化基层治理",
        "村集体经济提质扩面",
    ]
    # Each round carries its own copy of the office's templates.
    rnd = InspectionRound.objects.get(office__name="银河办事处", year=2022, quarter=1)
    assert list(rnd.criteria.values_list("name", flat=True)) == names("银河办事处")


def test_seeding_twice_changes_no_row_counts():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_a_demo_round_reads_in_the_browser(client):
    seed()
    rnd = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=1)
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())

    detail = client.get(reverse("inspections:round-detail", args=[rnd.pk])).content.decode()
    results = client.get(reverse("inspections:round-results", args=[rnd.pk])).content.decode()

    assert "观摩学习点 · 郑港办事处" in detail
    assert "已发布" in detail
    assert "暂定成绩" not in results
    assert "后宋村" not in results
    assert "陶庄村" in results
