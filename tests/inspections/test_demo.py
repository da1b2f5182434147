"""`seed_demo`'s rounds: each seed office's published Q1 2022 round as the 2022 report describes it and
its Q2, 郑港's open Q3, with remarks, requirements, rectification items, photos and bonuses.

The demo is seeded once for this module (see `demo_db` in tests/conftest.py)."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from inspections.models import (
    Adjustment,
    Commentary,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    Rectification,
    RoundSite,
    ScoreSheet,
    SitePhoto,
    Standing,
)
from inspections.standings import standings_match_sheets
from villages.models import PledgeProgress

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
    Commentary,
    Rectification,
    Rectification.history.model,
    SitePhoto,
    Standing,
    PledgeProgress,
)
States = Rectification.Status
Kind = Commentary.Kind


@pytest.fixture(autouse=True)
def _seeded(demo_db):
    """Every test here reads the demo, seeded once for the module."""


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {f"{m._meta.app_label}.{m.__name__}": m.objects.count() for m in MODELS}


def published():
    return InspectionRound.objects.filter(status=InspectionRound.Status.PUBLISHED).select_related("office")


def reviewed_rounds():
    """The rounds that carry remarks and rectification items: the published ones and 郑港's open Q3."""
    return InspectionRound.objects.select_related("office").order_by("office__sort_order", "quarter")


def test_each_office_has_a_published_first_quarter_round_on_the_reports_date():
    rounds = {r.office.name: r for r in InspectionRound.objects.filter(year=2022, quarter=1)}
    assert {name: r.date for name, r in rounds.items()} == DATES
    for name, rnd in rounds.items():
        assert rnd.status == InspectionRound.Status.PUBLISHED, name
        assert rnd.drop_extremes, name
        scored = rnd.sites.filter(is_learning_visit=False).count()
        submitted = rnd.sheets.filter(status=ScoreSheet.Status.SUBMITTED)
        assert scored >= 10, name
        assert rnd.judges.count() == 5, name
        assert submitted.count() == scored * rnd.judges.count(), name
        assert set(submitted.values_list("remark", flat=True)) == {"演示数据"}, name


def test_every_office_publishes_a_second_quarter_with_villages_moving_both_ways():
    for office in DATES:
        q1 = InspectionRound.objects.get(office__name=office, year=2022, quarter=1)
        q2 = InspectionRound.objects.get(office__name=office, year=2022, quarter=2)
        assert q2.status == InspectionRound.Status.PUBLISHED, office
        before = dict(q1.standings.values_list("village_id", "rank"))
        after = dict(q2.standings.values_list("village_id", "rank"))
        assert set(before) == set(after), office
        assert any(after[v] < before[v] for v in after), office  # someone climbed
        assert any(after[v] > before[v] for v in after), office  # someone slipped


def test_published_figures_are_reproducible_from_the_sheets():
    for rnd in published():
        assert standings_match_sheets(rnd), rnd.office.name


def test_zhenggangs_third_quarter_is_open_and_judge1_has_yet_to_score():
    rnd = InspectionRound.objects.get(office__name="郑港办事处", year=2022, quarter=3)
    judge1 = get_user_model().objects.get(username="judge1")

    assert rnd.status == InspectionRound.Status.OPEN
    assert judge1 in rnd.judges.all()
    assert not rnd.sheets.filter(judge=judge1).exists()
    scored = rnd.sites.filter(is_learning_visit=False).count()
    assert rnd.sheets.filter(status=ScoreSheet.Status.SUBMITTED).count() == scored * 4


def test_minggangs_round_visits_housong_to_learn():
    rnd = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=1)
    site = rnd.sites.get(village__name="后宋村")
    assert site.is_learning_visit
    assert site.village.office.name == "郑港办事处"
    assert not rnd.sheets.filter(village__name="后宋村").exists()
    assert [s.village.name for s in rnd.sites.filter(is_learning_visit=True)] == ["后宋村"]


def test_the_demo_templates_are_the_reports_scoring_areas():
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


def test_every_round_has_highlights_and_two_to_four_requirements():
    for rnd in reviewed_rounds():
        round_level = rnd.commentary.filter(village__isnull=True)
        assert round_level.filter(kind=Kind.HIGHLIGHT).count() >= 2, rnd
        requirements = list(round_level.filter(kind=Kind.REQUIREMENT).values_list("text", flat=True))
        assert 2 <= len(requirements) <= 4, rnd
        assert all(text.startswith("要") for text in requirements), requirements
    assert all(text.endswith("（演示数据）") for text in Commentary.objects.values_list("text", flat=True))
    for office in DATES:  # leaders don't repeat last quarter's words
        q1, q2 = (
            set(
                Commentary.objects.filter(
                    round__office__name=office, round__quarter=q, village=None
                ).values_list("text", flat=True)
            )
            for q in (1, 2)
        )
        assert not q1 & q2, office
    # The first quarter's requirements are the report's own words.
    xingang = InspectionRound.objects.get(office__name="新港办事处", quarter=1)
    assert xingang.commentary.filter(
        kind=Kind.REQUIREMENT, speaker="程晖", text__startswith="要充分发挥党建引领作用"
    ).exists()


def test_some_but_not_all_villages_get_remarks():
    for rnd in reviewed_rounds():
        scored = rnd.sites.filter(is_learning_visit=False).count()
        remarked = rnd.commentary.filter(village__isnull=False).values("village").distinct().count()
        assert 3 <= remarked < scored, rnd
        assert rnd.commentary.filter(village__isnull=False, kind=Kind.PROBLEM).exists(), rnd
        assert rnd.commentary.filter(village__isnull=False, kind=Kind.HIGHLIGHT).exists(), rnd


def test_rectification_items_are_in_every_state_with_owner_and_deadline():
    for rnd in published():
        assert set(rnd.rectifications.values_list("status", flat=True)) == set(States.values), rnd
    for item in Rectification.objects.select_related("village", "round"):
        assert item.responsible == item.village.current_secretary.name
        assert item.deadline > (item.round.date if item.round else item.raised_on)
        if item.round:  # each comes from a problem remark, in one step
            assert item.source.kind == "problem" and item.source.text == item.problem
        assert (item.status == States.VERIFIED) == (item.verified_by_id is not None)
        if item.status != States.OPEN:
            assert item.progress_note
        if item.status == States.VERIFIED:  # closed on evidence: before and after, or an accepted reason
            kinds = set(item.photos.values_list("kind", flat=True))
            assert kinds == {"before", "after"} or item.evidence_reason, item
    open_items = Rectification.objects.filter(status=States.OPEN)
    third = InspectionRound.objects.get(office__name="郑港办事处", quarter=3).date
    assert open_items.filter(deadline__lt=third).exists()  # overdue at the third quarter's visit
    assert open_items.filter(deadline__gte=third).exists()  # not due yet then
    # Items of the first quarter still open when the second quarter's round came round.
    for office in DATES:
        q2_date = InspectionRound.objects.get(office__name=office, quarter=2).date
        first = open_items.filter(round__office__name=office, round__quarter=1)
        assert first.exists() and not first.filter(deadline__gte=q2_date).exists(), office


def test_every_state_has_items_with_before_and_after_photos():
    zg = Rectification.objects.filter(village__office__name="郑港办事处")
    returned = zg.filter(status=States.OPEN, return_count__gt=0)
    for items in (zg.filter(status=States.DONE), zg.filter(status=States.VERIFIED), returned):
        assert items.filter(photos__kind="before").filter(photos__kind="after").exists()
    assert zg.filter(status=States.OPEN, return_count=0, photos__kind="before").exists()
    assert not returned.filter(returned_reason="").exists()
    # Raised between rounds, and checked again on site at the third quarter's visit.
    assert Rectification.objects.filter(round__isnull=True, village__name="慈航路社区").exists()
    third = InspectionRound.objects.get(office__name="郑港办事处", quarter=3)
    assert set(third.rectification_checks.values_list("result", flat=True)) == {"passed", "failed"}


def test_the_secretarys_village_has_an_item_to_report():
    item = Rectification.objects.filter(village__name="慈航路社区", round__quarter=2, status=States.OPEN)
    assert item.exists()


def test_each_published_round_has_three_to_six_captioned_photos():
    for rnd in published():
        photos = list(rnd.photos.select_related("village"))
        assert 3 <= len(photos) <= 6, rnd
        for photo in photos:
            assert photo.caption.endswith("（演示图片）"), photo.caption
            assert (photo.width, photo.height) == (1200, 800)
            with Image.open(photo.image.path) as image:
                assert image.format == "JPEG" and image.size == (1200, 800)
            with Image.open(photo.thumbnail.path) as thumb:
                assert max(thumb.size) <= 480
    assert not InspectionRound.objects.get(office__name="郑港办事处", quarter=3).photos.exists()
    captions = set(SitePhoto.objects.values_list("caption", flat=True))
    assert any("后宋村学习交流" in caption for caption in captions)


def test_a_few_villages_per_round_get_a_bonus_or_a_deduction():
    for rnd in reviewed_rounds():
        adjustments = list(rnd.adjustments.all())
        villages = {a.village_id for a in adjustments}
        assert 1 <= len(villages) <= 4, rnd
        assert all(a.reason.endswith("（演示数据）") for a in adjustments)
    assert Adjustment.objects.filter(points__gt=0).exists()
    assert Adjustment.objects.filter(points__lt=0).exists()


def test_seeding_twice_changes_no_row_counts():
    first = counts()
    files = {p.image.name for p in SitePhoto.objects.all()}

    seed()

    assert counts() == first
    assert {p.image.name for p in SitePhoto.objects.all()} == files


def test_a_demo_round_reads_in_the_browser(client):
    rnd = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=1)
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())

    detail = client.get(reverse("inspections:round-detail", args=[rnd.pk])).content.decode()
    results = client.get(reverse("inspections:round-results", args=[rnd.pk])).content.decode()

    assert "观摩学习点 · 郑港办事处" in detail
    assert "已发布" in detail
    assert "暂定成绩" not in results
    assert "后宋村" not in results
    assert "陶庄村" in results


def test_a_leader_reads_the_review_page_with_requirements_and_overdue_items(client):
    rnd = InspectionRound.objects.get(office__name="郑港办事处", year=2022, quarter=1)
    client.force_login(get_user_model().objects.get(username="zg_leader"))

    page = client.get(reverse("inspections:round-review", args=[rnd.pk])).content.decode()

    assert "要正视自身不足" in page
    assert "已逾期" in page
    assert "已销号" in page


# --- the timeline: the demo stands in 2022 ---------------------------------------------------

# A round's steps and its items fall between its set-up and the end of their deadline window.
BEFORE_ROUND, AFTER_ROUND = datetime.timedelta(days=7), datetime.timedelta(days=120)


def _dates(obj):
    for field in obj._meta.concrete_fields:
        if isinstance(field, (models.DateField, models.DateTimeField)):
            value = getattr(obj, field.attname)
            if value is not None:
                day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
                yield field.name, day


def _round_items(rnd):
    yield from (rnd, *rnd.sites.all(), *rnd.criteria.all(), *rnd.commentary.all())
    yield from ScoreSheet.objects.filter(round=rnd)
    yield from Adjustment.objects.filter(round=rnd)
    yield from SitePhoto.objects.filter(round=rnd)
    yield from rnd.rectification_checks.all()


def test_every_date_on_a_round_follows_the_rounds_date():
    rounds = list(InspectionRound.objects.select_related("office"))
    for rnd in rounds:
        for obj in _round_items(rnd):
            for name, day in _dates(obj):
                assert rnd.date - BEFORE_ROUND <= day <= rnd.date + AFTER_ROUND, (rnd, obj, name, day)
        # An item is raised at its round and worked on until its deadline; an open one is checked
        # again at the office's next visit.
        last = max(r.date for r in rounds if r.office_id == rnd.office_id)
        for item in rnd.rectifications.all():
            assert item.raised_on == rnd.date
            assert rnd.date < item.deadline <= rnd.date + AFTER_ROUND, item
            for obj in (item, *item.photos.all(), *item.history.all()):
                for name, day in _dates(obj):
                    assert rnd.date <= day <= max(last, item.deadline), (rnd, obj, name, day)


def test_nothing_in_the_demos_2022_is_stamped_with_the_day_it_was_loaded():
    today = timezone.localdate()
    end = datetime.date(2022, 12, 31) + AFTER_ROUND
    checked = 0
    for model in [
        *apps.get_app_config("inspections").get_models(),
        *apps.get_app_config("villages").get_models(),
        *apps.get_app_config("reports").get_models(),
    ]:
        for obj in model.objects.all():
            for name, day in _dates(obj):
                checked += 1
                assert day != today and datetime.date(2021, 1, 1) <= day <= end, (
                    model.__name__,
                    obj.pk,
                    name,
                    day,
                )
    assert checked > 1000


def test_the_open_rounds_title_carries_no_demo_marker():
    for rnd in InspectionRound.objects.all():
        assert "演示" not in rnd.title and "评分中" not in rnd.title, rnd.title


def test_one_office_added_a_criterion_so_its_second_quarter_compares_by_rate():
    from inspections import boards

    q1 = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=1)
    q2 = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=2)
    added = set(q2.criteria.values_list("name", flat=True)) - set(q1.criteria.values_list("name", flat=True))
    assert added == {"村集体经济提质扩面"}
    improvement = boards.improvement_board(q2)
    assert improvement.comparison.comparable and improvement.comparison.by_rate
    for other in ("郑港办事处", "新港办事处", "银河办事处", "IT产业园社区服务中心"):
        rnd = InspectionRound.objects.get(office__name=other, year=2022, quarter=2)
        assert not boards.improvement_board(rnd).comparison.by_rate, other


def test_zhenggangs_first_quarter_is_issued_and_corrected_once():
    from reports import issuing
    from reports.models import IssuedSummary

    rnd = InspectionRound.objects.get(office__name="郑港办事处", year=2022, quarter=1)
    first, correction = IssuedSummary.objects.filter(round=rnd).order_by("issued_on")
    assert first.number == "郑港党工〔2022〕1号" and correction.number == "郑港党工〔2022〕2号"
    assert correction.corrects == first and correction.reason and "（更正）" in correction.title
    assert issuing.current_issue(rnd).pk == correction.pk
    assert rnd.date < first.issued_on <= correction.issued_on <= rnd.date + datetime.timedelta(days=14)
    assert first.data_as_of == correction.data_as_of == rnd.date + datetime.timedelta(days=2)  # published
    assert "演示" not in first.title and "演示" not in correction.title
    assert not IssuedSummary.objects.exclude(round=rnd).exists()  # the second quarter is left to issue
