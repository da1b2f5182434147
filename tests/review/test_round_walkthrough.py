"""What a staff member meets walking a round: bounds on bonuses, questions before a step that
cannot be undone quietly, village choices in visiting order, messages that count what changed,
quotes that nest, the receipt's formula and the trend chart's gaps.

The round (tests/inspections/conftest.RoundSetup): 定标亮诺 max 10 × 1, 人居环境整治 max 10 × 2;
sites 1 慈航路社区, 2 谷庄村, 3 田王村 (a learning visit)."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections import charts
from inspections.models import Adjustment, InspectionRound, RoundSite, ScoreSheet
from inspections.services import RoundError
from villages.models import Office
from villages.text import quoted

from ..inspections.test_score_sheets import grid, grid_url
from .test_confirmations import asked

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def adjust(client, s, village, points, reason="表彰"):
    url = reverse("inspections:round-adjustments", args=[s.rnd.pk])
    return client.post(url, {"village": village.pk, "points": points, "reason": reason}, follow=True)


# --- bonus and deduction bounds ----------------------------------------------------------------


def test_an_office_bounds_bonuses_at_ten_by_default_and_names_the_bound(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    assert "已登记" in text(adjust(client, s, s.guzhuang, "6"))
    assert "已登记" in text(adjust(client, s, s.guzhuang, "4"))  # exactly 10 in all is allowed
    page = text(adjust(client, s, s.guzhuang, "0.01"))

    assert "郑港办事处规定每村加分合计不超过 10 分;谷庄村本轮加分合计将为 10.01 分。" in page
    assert sorted(Adjustment.objects.values_list("points", flat=True)) == [Decimal("4"), Decimal("6")]


def test_deductions_have_their_own_bound_beside_the_bonuses(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)
    adjust(client, s, s.cihang, "10")
    adjust(client, s, s.cihang, "-9.5", "台账不全")

    page = text(adjust(client, s, s.cihang, "-0.75", "台账不全"))

    assert "郑港办事处规定每村扣分合计不超过 10 分;慈航路社区本轮扣分合计将为 10.25 分。" in page
    assert Adjustment.objects.count() == 2
    # The other village's bound is its own.
    assert "已登记" in text(adjust(client, s, s.guzhuang, "-10", "台账不全"))


def test_one_item_past_the_bound_is_refused_on_the_form_with_the_bound(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(adjust(client, s, s.guzhuang, "50"))

    assert "加分不能超过 10 分(本办事处每村一轮加分合计的上限)。" in page
    assert "扣分不能超过 10 分" in text(adjust(client, s, s.guzhuang, "-10.01"))
    assert not Adjustment.objects.exists()
    # The bound is on the input too, so a phone refuses it before sending.
    form = text(client.get(reverse("inspections:round-adjustments", args=[s.rnd.pk])))
    assert re.search(r'name="points"[^>]*min="-10\.00"', form) or re.search(
        r'min="-10\.00"[^>]*name="points"', form
    )
    assert "每村一轮加分合计不超过 10 分,扣分合计不超过 10 分" in form


def test_the_service_keeps_the_bound_whatever_the_caller(round_setup):
    """A command or import calling the service directly meets the same bound."""
    from inspections import services
    from inspections.forms.records import AdjustmentForm
    from inspections.selectors import scored_villages

    s = round_setup
    s.open()
    form = AdjustmentForm(
        data={"village": s.guzhuang.pk, "points": "10.5", "reason": "表彰"}, villages=scored_villages(s.rnd)
    )
    assert form.is_valid()  # no office given: the form cannot know the bound
    with pytest.raises(RoundError) as error:
        services.adjustment_add(rnd=s.rnd, form=form, user=s.staff)
    assert "郑港办事处规定每村加分合计不超过 10 分;谷庄村本轮加分合计将为 10.5 分。" in error.value.messages
    assert not Adjustment.objects.exists()


def test_staff_set_their_office_bounds_on_the_office_page(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)
    url = reverse("villages:office-settings", args=[s.office.pk])
    assert url in text(client.get(reverse("villages:office-detail", args=[s.office.pk])))

    page = text(
        client.post(
            url,
            {"red_flag_threshold": "90", "honour_list_size": "3", "max_bonus": "5", "max_deduction": "3"},
            follow=True,
        )
    )

    assert "已保存郑港办事处的设置。" in page
    office = Office.objects.get(pk=s.office.pk)
    assert (office.max_bonus, office.max_deduction) == (Decimal("5"), Decimal("3"))
    assert "加分不能超过 5 分" in text(adjust(client, s, s.guzhuang, "5.5"))
    assert "扣分不能超过 3 分" in text(adjust(client, s, s.guzhuang, "-3.5"))


def test_bad_settings_are_refused_in_chinese_and_nothing_changes(round_setup, login):
    s = round_setup
    client = login(s.staff)
    url = reverse("villages:office-settings", args=[s.office.pk])

    page = text(
        client.post(
            url,
            {
                "red_flag_threshold": "九十",
                "honour_list_size": "3",
                "max_bonus": "-1",
                "max_deduction": "101",
            },
        )
    )

    assert "请填写数字,例如 10 或 2.5。" in page
    assert 'value="九十"' in page  # what was typed stays
    office = Office.objects.get(pk=s.office.pk)
    assert (office.red_flag_threshold, office.max_bonus, office.max_deduction) == (
        Decimal("90"),
        Decimal("10"),
        Decimal("10"),
    )


def test_only_the_office_staff_change_its_settings(round_setup, login, zone):
    s = round_setup
    url = reverse("villages:office-settings", args=[s.office.pk])
    for who in ("leader", "secretary"):
        response = login(zone.users[who]).post(url, {"max_bonus": "100", "max_deduction": "100"})
        assert response.status_code == 403, who
    assert Office.objects.get(pk=s.office.pk).max_bonus == Decimal("10")


# --- questions before a step -----------------------------------------------------------------


def test_opening_and_closing_scoring_ask_first(round_setup, login):
    s = round_setup
    client = login(s.staff)
    url = reverse("inspections:round-detail", args=[s.rnd.pk])

    [question] = asked(text(client.get(url)), "/status/open/")
    assert "评委可以打分" in question and "都不能再修改" in question
    s.open()
    [question] = asked(text(client.get(url)), "/status/close/")
    assert "评委不能再提交或修改评分表" in question


def test_publishing_a_pledge_asks_first_naming_it(zone, login):
    from villages.models import Pledge

    pledge = Pledge.objects.create(
        village=zone.cihang,
        year=2022,
        title="建成“一站式”服务大厅",
        content="便民",
        deadline=datetime.date(2022, 12, 31),
        status=Pledge.Status.SUBMITTED,
    )
    page = text(login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.zg.pk])))

    [question] = asked(page, f"/pledges/{pledge.pk}/publish/")
    assert "公开后,“建成『一站式』服务大厅”将在公示页面上向群众公开" in question


# --- village choices -----------------------------------------------------------------------------


def options(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        (value, re.sub(r"<[^>]+>", "", label).strip(), "selected" in attrs)
        for attrs, value, label in re.findall(
            r'<option([^>]*value="([^"]*)"[^>]*)>(.*?)</option>', select, re.S
        )
    ]


def test_village_choices_follow_the_visiting_order_and_start_empty(round_setup, login):
    s = round_setup
    # 谷庄村 is visited first now, though the roster lists 慈航路社区 first.
    RoundSite.objects.filter(round=s.rnd, village=s.guzhuang).update(order=1)
    RoundSite.objects.filter(round=s.rnd, village=s.cihang).update(order=2)
    s.open()
    client = login(s.staff)

    adjustments = text(client.get(reverse("inspections:round-adjustments", args=[s.rnd.pk])))
    photos = text(client.get(reverse("inspections:round-photos", args=[s.rnd.pk])))
    review = text(client.get(reverse("inspections:round-review", args=[s.rnd.pk])))

    for page, name, expected in (
        (adjustments, "village", ["请选择…", "谷庄村", "慈航路社区"]),
        (photos, "village", ["请选择…", "谷庄村", "慈航路社区", "田王村"]),  # learning visits have photos
        (review, "r-village", ["请选择…", "谷庄村", "慈航路社区"]),
    ):
        found = options(page, name)
        assert [label for _v, label, _s in found] == expected, name
        assert [value for value, _l, selected in found if selected] in ([], [""]), name


def test_an_item_without_a_village_chosen_is_refused_and_kept(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(
        client.post(
            reverse("inspections:round-adjustments", args=[s.rnd.pk]),
            {"village": "", "points": "2", "reason": "表彰"},
        )
    )

    assert "请选择村(社区)。" in page
    assert re.search(r">\s*表彰</textarea>", page)
    assert not Adjustment.objects.exists()


# --- the judge's form marks everything at once --------------------------------------------------


def test_the_first_submit_marks_every_wrong_and_every_missing_field(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    url = reverse("inspections:score-sheet", args=[s.rnd.pk, s.guzhuang.pk])

    page = text(client.post(url, {f"c{s.c1.pk}": "11", f"c{s.c2.pk}": "", "version": "", "submit": "1"}))

    assert "“定标亮诺”的分值应在 0 到 10 之间,填写的是 11" in page
    assert "提交前请填写这一项。" in page  # the blank one, marked on this same submit
    assert not ScoreSheet.objects.exists()


# --- messages that count what changed -------------------------------------------------------------


def test_the_keying_message_counts_only_the_sheets_that_changed(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)
    client.post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9"), s.guzhuang: ("7", "6.5")}))
    versions = {sh.village_id: sh.version for sh in ScoreSheet.objects.filter(judge=s.judge_b)}
    data = grid(s, {s.cihang: ("8", "9"), s.guzhuang: ("7.5", "6.5")})
    for village_id, version in versions.items():
        data[f"v{village_id}_version"] = str(version)

    page = text(client.post(grid_url(s, s.judge_b), data, follow=True))

    assert "已保存评委乙的 1 份评分表(均为已提交,录入人:staff)。另有 1 份没有改动。" in page
    page = text(
        client.post(
            grid_url(s, s.judge_b),
            data | {f"v{s.guzhuang.pk}_version": str(versions[s.guzhuang.pk] + 1)},
            follow=True,
        )
    )
    assert "评委乙的评分表没有改动,无需保存。" in page


# --- quotes ------------------------------------------------------------------------------------------


def test_quotes_inside_a_quoted_title_become_corner_brackets():
    assert quoted("2022年第四季度“逐村观摩”暨“亮赛比”活动") == "“2022年第四季度『逐村观摩』暨『亮赛比』活动”"
    assert quoted("没有引号") == "“没有引号”"


def test_creating_a_round_with_quotes_in_its_title_nests_them(round_setup, login):
    s = round_setup
    client = login(s.staff)
    title = "2022年第四季度“逐村观摩”暨“亮赛比”活动"
    page = text(
        client.post(
            reverse("inspections:round-create", args=[s.office.pk]),
            {
                "year": "2022",
                "quarter": "4",
                "date": "2022-12-20",
                "title": title,
                "stages": ["field_visit"],
                "host": "",
                "participants": "",
            },
            follow=True,
        )
    )

    assert InspectionRound.objects.filter(title=title).exists()
    assert "已创建“2022年第四季度『逐村观摩』暨『亮赛比』活动”。" in page


# --- the receipt -----------------------------------------------------------------------------------


def test_the_receipt_writes_the_total_once_when_nothing_is_rounded(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 9)
    s.close()
    s.publish()
    page = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>",
            " ",
            text(login(s.staff).get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.guzhuang.pk]))),
        ),
    )

    assert "总分 = 评委平均分 + 加减分 = 26.00 + 0 = 26.00 排名" in page


# --- the trend chart ---------------------------------------------------------------------------------


def test_the_trend_chart_leaves_a_gap_for_a_quarter_without_a_figure():
    q = 2022 * 4
    svg = str(
        charts.line_chart(
            [("22Q1", Decimal("80")), ("22Q2", Decimal("82")), ("22Q4", Decimal("90"))],
            positions=[q, q + 1, q + 3],
            gap_label=lambda p: f"{p // 4 % 100:02d}Q{p % 4 + 1}",
            label="历次总分",
        )
    )

    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="4" fill="#b3261e"', svg)]
    # 40 to 340 across three quarters' steps of 100: Q1 40, Q2 140, (Q3 240), Q4 340.
    assert xs == [40.0, 140.0, 340.0]
    assert 'class="chart-gap"' in svg and ">22Q3</text>" in svg
    lines = re.findall(r"<line x1=\"[\d.]+\"[^>]*stroke-width=\"2.5\"[^>]*/>", svg)
    assert len(lines) == 2
    assert "stroke-dasharray" not in lines[0] and "stroke-dasharray" in lines[1]


def test_the_village_dashboard_draws_the_trend_at_each_quarter(round_setup, login, zone):
    """A village scored in Q1 and Q3 but not Q2: the dashboard's chart shows the gap."""
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    third = InspectionRound.objects.create(
        office=s.office,
        year=2022,
        quarter=3,
        date=s.rnd.date.replace(month=9),
        title="第三季度",
        created_by=s.staff,
    )
    from inspections import services

    services.criteria_copy_from_templates(third)
    RoundSite(round=third, village=s.cihang, order=1).save()
    third.judges.set([s.judge_a])
    services.round_open(rnd=third, user=s.staff)
    c1, c2 = list(third.criteria.order_by("sort_order"))
    services.sheet_save(
        rnd=third,
        village=s.cihang,
        judge=s.judge_a,
        values={c1.pk: Decimal("9"), c2.pk: Decimal("9")},
        submit=True,
        actor=s.judge_a,
    )
    services.round_close(rnd=third, user=s.staff)
    services.round_publish(rnd=third, user=s.staff)

    page = text(
        login(zone.users["secretary"]).get(reverse("inspections:village-dashboard", args=[s.cihang.pk]))
    )

    assert ">22Q2</text>" in page and 'class="chart-gap"' in page
