"""What the 通报 says (reports/summary.py), read from `office_summary` itself, figures by hand.

郑港 Q1 2023 (published): 慈航路社区 (18, 18, 34) = 88.00, 谷庄村 (16, 17, 34) = 84.00.
A judge's total is 定标亮诺 + 2 × 人居环境整治 + 集体经济 (tests/boards/helpers.CRITERIA).
"""

import datetime

import pytest
from django.utils import translation

from inspections.models import Commentary, InspectionRound, Rectification, Stage
from reports.summary import _ordinal, chinese_number, office_summary
from tests.boards.conftest import make_zg
from tests.boards.helpers import build_round

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 7, 1)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (15, "十五"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (23, "二十三"),
        (30, "三十"),
        (99, "九十九"),
    ],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_ordinals_are_chinese_in_chinese_and_bracketed_otherwise():
    assert _ordinal(11) == "十一"
    with translation.override("en"):
        assert _ordinal(11) == "(11)"


@pytest.fixture
def zg(zone):
    return make_zg(zone)


def q1(zg):
    return build_round(
        zg.office,
        2023,
        1,
        villages=[zg.cihang, zg.guzhuang],
        judges=zg.judges,
        staff=zg.staff,
        sheets={zg.cihang: [(18, 18, 34)] * 2, zg.guzhuang: [(16, 17, 34)] * 2},
    )[0]


def q2(zg, cihang, guzhuang, **kw):
    return build_round(
        zg.office,
        2023,
        2,
        villages=[zg.cihang, zg.guzhuang, zg.housong, zg.qianjin],
        judges=zg.judges,
        staff=zg.staff,
        sheets={zg.cihang: [cihang] * 2, zg.guzhuang: [guzhuang] * 2, zg.housong: [(10, 10, 10)] * 2},
        drafts={zg.qianjin: [(10, 10, 10)]},
        **kw,
    )[0]


def test_a_tie_for_first_names_every_tied_village_and_nobody_improved_says_nothing(zg):
    """Q2: 慈航路社区 (18, 18, 30) = 84.00 (Δ −4), 谷庄村 (16, 17, 34) = 84.00 (Δ 0), 后宋村 40.00
    (new), 前进村 a draft only. Mean (84 + 84 + 40) / 3 = 69.33. Nobody's total went up."""
    q1(zg)
    rnd = q2(zg, (18, 18, 30), (16, 17, 34), learning_visits=[zg.zone.tianwang])
    InspectionRound.objects.filter(pk=rnd.pk).update(
        host="朱永立", participants=" 各村党支部书记。 ", stages=[Stage.FIELD_VISIT, Stage.ARENA]
    )
    rnd.refresh_from_db()
    summary = office_summary(rnd, TODAY)
    assert summary.overview == (
        "2023年6月20日，郑港办事处开展2023年第2季度亮赛比。活动由朱永立主持。参加人员：各村党支部书记。"
        "活动采取“实地观摩+擂台比武”的形式进行。共观摩4个点位，并到新港办事处田王村观摩学习。"
        "3个单位参加评分，平均总分69.33分，慈航路社区、谷庄村以84.00分位列第一。1个单位未评分。"
    )
    assert [s.village.name for s in summary.sites] == ["慈航路社区", "谷庄村", "后宋村", "前进村"]
    assert [s.village.name for s in summary.learning_sites] == ["田王村"]
    assert [r.village.name for r in summary.scored] == ["慈航路社区", "谷庄村", "后宋村"]
    assert str(summary.mean) == "69.33"
    assert summary.provisional is False
    assert summary.stage_text == "实地观摩+擂台比武"


def test_the_one_who_improved_most_is_named_with_the_round_compared_with(zg):
    """Q2: 谷庄村 (16, 17, 38) = 88.00 (Δ +4.00), 慈航路社区 (18, 18, 30) = 84.00 (Δ −4.00)."""
    q1(zg)
    rnd = q2(zg, (18, 18, 30), (16, 17, 38))
    overview = office_summary(rnd, TODAY).overview
    assert overview == (
        "2023年6月20日，郑港办事处开展2023年第2季度亮赛比。共观摩4个点位。"
        "3个单位参加评分，平均总分70.67分，谷庄村以88.00分位列第一。1个单位未评分。"
        "与2023年第一季度相比，谷庄村进步最大，总分提高4.00分。"
    )


def test_a_tie_for_most_improved_names_both(zg):
    """Q2: 慈航路社区 (18, 18, 35) = 89.00 (Δ +1.00), 谷庄村 (16, 17, 35) = 85.00 (Δ +1.00)."""
    q1(zg)
    overview = office_summary(q2(zg, (18, 18, 35), (16, 17, 35)), TODAY).overview
    assert overview.endswith("与2023年第一季度相比，慈航路社区、谷庄村进步最大，总分提高1.00分。")
    assert "慈航路社区以89.00分位列第一。" in overview


def test_a_round_without_any_score_says_so(zg):
    rnd = build_round(
        zg.office,
        2023,
        1,
        villages=[zg.cihang, zg.guzhuang],
        judges=zg.judges,
        staff=zg.staff,
        sheets={},
        drafts={zg.cihang: [(1, 1, 1)]},
        status="open",
    )[0]
    summary = office_summary(rnd, TODAY)
    assert (
        summary.overview
        == "2023年3月20日，郑港办事处开展2023年第1季度亮赛比。共观摩2个点位。本轮尚无评分结果。2个单位未评分。"
    )
    assert summary.provisional is True
    assert summary.mean is None


# --- requirements and remarks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "prefixes"),
    [
        (1, [""]),
        (2, ["一是", "二是"]),
        (
            11,
            ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是"],
        ),
        (
            19,
            ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"]
            + ["十一是", "十二是", "十三是", "十四是", "十五是", "十六是", "十七是", "十八是", "十九是"],
        ),
    ],
)
def test_requirements_are_numbered_one_is_two_is(zg, count, prefixes):
    rnd = q1(zg)
    for i in range(count):
        Commentary.objects.create(round=rnd, kind="requirement", text=f"要求{i + 1}", speaker=f"领导{i % 2}")
    summary = office_summary(rnd, TODAY)
    assert summary.requirements == [(p, f"要求{i + 1}") for i, p in enumerate(prefixes)]
    assert summary.requirement_speakers == [f"领导{i % 2}" for i in range(count)]


def test_remarks_are_sorted_by_kind_and_by_village_in_board_order(zg):
    rnd = q1(zg)
    Commentary.objects.create(round=rnd, kind="problem", text="整体问题")
    Commentary.objects.create(round=rnd, kind="highlight", text="整体亮点")
    Commentary.objects.create(round=rnd, village=zg.guzhuang, kind="problem", text="谷庄问题")
    Commentary.objects.create(round=rnd, village=zg.taozhuang, kind="highlight", text="陶庄亮点")
    Commentary.objects.create(round=rnd, village=zg.housong, kind="highlight", text="后宋亮点")
    Commentary.objects.create(round=rnd, village=zg.cihang, kind="requirement", text="慈航要求")
    Commentary.objects.create(round=rnd, village=zg.cihang, kind="highlight", text="慈航亮点")
    summary = office_summary(rnd, TODAY)
    assert summary.round_highlights == ["整体亮点"]
    assert summary.round_problems == ["整体问题"]
    assert summary.requirements == []
    # on the board: 慈航路社区 (1st), 谷庄村 (2nd); then the others by name (后 before 陶)
    assert [(v.village.name, v.highlights, v.problems, v.requirements) for v in summary.village_remarks] == [
        ("慈航路社区", ["慈航亮点"], [], ["慈航要求"]),
        ("谷庄村", [], ["谷庄问题"], []),
        ("后宋村", ["后宋亮点"], [], []),
        ("陶庄村", ["陶庄亮点"], [], []),
    ]


# --- rectification items ----------------------------------------------------------------------


def item(village, rnd, deadline, status="open", raised_on=None, problem=""):
    return Rectification.objects.create(
        round=rnd,
        village=village,
        problem=problem or f"{village.name}{deadline}",
        responsible="责任人",
        deadline=deadline,
        status=status,
        raised_on=raised_on or datetime.date(2022, 1, 1),
    )


def test_open_items_of_earlier_rounds_and_between_rounds_in_order(zg):
    d = datetime.date
    rnd = q2(zg, (18, 18, 30), (16, 17, 34))  # 2023-06-20
    office = zg.office
    rounds = {
        key: InspectionRound.objects.create(
            office=office, year=y, quarter=q, date=d(y, q * 3, 1), title=f"{y}-{q}", status="closed"
        )
        for key, (y, q) in {
            "q4_2022": (2022, 4),
            "q1": (2023, 1),
            "q3": (2023, 3),
            "q1_2024": (2024, 1),
        }.items()
    }
    kept = {
        "earlier_year": item(zg.guzhuang, rounds["q4_2022"], d(2023, 1, 31)),
        "earlier_quarter": item(zg.cihang, rounds["q1"], d(2023, 4, 30), status="done"),
        "between": item(zg.housong, None, d(2023, 6, 30), raised_on=d(2023, 6, 1)),
        "on_the_day": item(zg.cihang, None, d(2023, 3, 1), raised_on=d(2023, 6, 20)),
        "this": item(zg.guzhuang, rnd, d(2023, 8, 31)),
        "this_verified": item(zg.cihang, rnd, d(2023, 6, 25), status="verified"),
    }
    # left out: verified earlier, raised after the round's date, later rounds, another office
    item(zg.guzhuang, rounds["q4_2022"], d(2023, 1, 1), status="verified")
    item(zg.cihang, rounds["q1"], d(2023, 1, 1), status="verified")
    item(zg.housong, None, d(2023, 7, 31), raised_on=d(2023, 6, 21))
    item(zg.housong, rounds["q3"], d(2023, 9, 30))
    item(zg.housong, rounds["q1_2024"], d(2024, 3, 30))
    item(zg.zone.tianwang, None, d(2023, 5, 1), raised_on=d(2023, 5, 1))

    lines = office_summary(rnd, TODAY).rectifications
    assert [(line.item.pk, line.earlier, line.overdue) for line in lines] == [
        # earlier ones first, by village (慈航路社区, 谷庄村, 后宋村), then by deadline
        (kept["on_the_day"].pk, True, True),
        (kept["earlier_quarter"].pk, True, False),  # its fix is reported: not overdue
        (kept["earlier_year"].pk, True, True),
        (kept["between"].pk, True, True),  # deadline 6-30, judged on 7-1
        (kept["this_verified"].pk, False, False),
        (kept["this"].pk, False, False),
    ]
    assert office_summary(rnd, TODAY).overdue_count == 3
    # judged on the print date: on 2023-06-30 the item due that day is not yet overdue
    assert office_summary(rnd, d(2023, 6, 30)).overdue_count == 2


# --- everything else the 通报 gathers ---------------------------------------------------------


def test_the_summary_gathers_heading_boards_sites_pledges_and_photos(zg, django_assert_num_queries):
    from django.utils import timezone

    from inspections.models import RoundSite, SitePhoto
    from reports.models import SummaryHeading
    from villages.models import Pledge, PledgeProgress

    d = datetime.date
    first = q1(zg)
    rnd = q2(zg, (18, 18, 30), (16, 17, 38), learning_visits=[zg.zone.tianwang, zg.zone.shidong])
    # visiting order no longer the order the sites were stored in: 谷庄村 first, then 慈航路社区
    RoundSite.objects.filter(round=rnd, village=zg.cihang).update(order=2)
    RoundSite.objects.filter(round=rnd, village=zg.guzhuang).update(order=1)
    SummaryHeading.objects.create(round=first, document_number="郑港党工〔2023〕1号")
    SummaryHeading.objects.create(round=rnd, document_number="郑港党工〔2023〕5号", issuer="朱永立")

    def pledge(village, deadline, progress):
        p = Pledge.objects.create(
            village=village,
            year=2023,
            title=f"{village.name}承诺",
            content="x",
            measure="x",
            deadline=deadline,
            category=Pledge.Category.ENVIRONMENT,
            status=Pledge.Status.PUBLIC,
        )
        for quarter, status in progress:
            PledgeProgress.objects.create(pledge=p, quarter=quarter, status=status)

    pledge(zg.cihang, d(2023, 12, 31), [(2, "done")])
    pledge(zg.guzhuang, d(2023, 5, 31), [(1, "in_progress"), (3, "done")])  # Q3 is after this round

    other_photo = SitePhoto.objects.create(round=first, village=zg.cihang, image="a.jpg", thumbnail="a_t.jpg")
    photos = [
        SitePhoto.objects.create(round=rnd, village=zg.housong, image=f"{i}.jpg", thumbnail=f"{i}_t.jpg")
        for i in range(7)
    ]
    base = timezone.now()
    for i, photo in enumerate(photos):  # uploaded in the reverse order of their ids
        SitePhoto.objects.filter(pk=photo.pk).update(uploaded_at=base - datetime.timedelta(minutes=i))
    item(zg.guzhuang, rnd, d(2023, 8, 31))
    Commentary.objects.create(round=rnd, village=zg.housong, kind="highlight", text="后宋亮点")

    with django_assert_num_queries(12):
        summary = office_summary(rnd, TODAY)
        rows = [(line.item.village.name, line.item.round.title) for line in summary.rectifications]
        learning = [(s.village.office.name, s.village.name) for s in summary.learning_sites]
        photo_villages = {p.village.name for p in summary.photos}
        remark_villages = [v.village.name for v in summary.village_remarks]
    assert photo_villages == {"后宋村"}
    assert remark_villages == ["后宋村"]
    assert rows == [("谷庄村", "2023年第2季度亮赛比")]
    assert learning == [("新港办事处", "田王村"), ("新港办事处", "世东建设")]
    assert "共观摩4个点位，并到新港办事处田王村、新港办事处世东建设观摩学习。" in summary.overview
    assert [s.village.name for s in summary.sites] == ["谷庄村", "慈航路社区", "后宋村", "前进村"]
    assert summary.office == zg.office
    assert summary.today == TODAY
    assert summary.heading.document_number == "郑港党工〔2023〕5号"
    assert [r.village.name for r in summary.board.rows] == ["谷庄村", "慈航路社区", "后宋村", "前进村"]
    assert summary.improvement.previous.pk == first.pk
    assert summary.improvement.round == rnd
    assert [(r.village.name, r.delta) for r in summary.improvement.ranked][:2] == [
        ("谷庄村", 4),
        ("慈航路社区", -4),
    ]
    pledges = [
        (
            line.village.name,
            line.fulfilment and (line.fulfilment.total, line.fulfilment.done, line.fulfilment.behind),
        )
        for line in summary.pledges
    ]
    assert pledges == [("谷庄村", (1, 0, 1)), ("慈航路社区", (1, 1, 0)), ("后宋村", None), ("前进村", None)]
    assert [p.pk for p in summary.photos] == [p.pk for p in reversed(photos)][:6]
    assert other_photo.pk not in [p.pk for p in summary.photos]
    assert summary.photos[0].village.name == "后宋村"


def test_items_of_one_village_due_the_same_day_follow_their_rounds(zg):
    d = datetime.date
    rnd = q2(zg, (18, 18, 30), (16, 17, 34))
    rounds = {
        (y, q): InspectionRound.objects.create(
            office=zg.office, year=y, quarter=q, date=d(y, q * 3, 1), title=f"{y}-{q}", status="closed"
        )
        for y, q in [(2023, 1), (2022, 4), (2022, 3)]
    }
    # stored in the reverse order of their rounds
    late = item(zg.cihang, rounds[(2023, 1)], d(2023, 5, 1))
    mid = item(zg.cihang, rounds[(2022, 4)], d(2023, 5, 1))
    early = item(zg.cihang, rounds[(2022, 3)], d(2023, 5, 1))
    lines = office_summary(rnd, TODAY).rectifications
    assert [line.item.pk for line in lines] == [early.pk, mid.pk, late.pk]
