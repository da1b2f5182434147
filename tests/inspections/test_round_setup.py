"""Setting up a round through the browser: templates, sites, judges, status steps and who may do it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.models import Criterion, CriterionTemplate, InspectionRound, RoundSite

pytestmark = pytest.mark.django_db


def status_url(rnd, action):
    return reverse("inspections:round-status", args=[rnd.pk, action])


def detail_url(rnd):
    return reverse("inspections:round-detail", args=[rnd.pk])


def text(response):
    return response.content.decode()


def create_round(client, office, **overrides):
    data = {
        "year": "2022",
        "quarter": "1",
        "date": "2022-03-24",
        "title": "2022年第一季度“逐村观摩”",
        "host": "朱永立",
        "participants": "各村支部书记",
        "stages": ["field_visit", "report", "arena"],
        "drop_extremes": "on",
        "copy_templates": "on",
    }
    data.update(overrides)
    return client.post(reverse("inspections:round-create", args=[office.pk]), data, follow=True)


# --- creating a round from the office's templates ----------------------------------------


def test_staff_create_a_round_whose_criteria_are_an_independent_copy_of_the_templates(zone, login):
    t1 = CriterionTemplate.objects.create(
        office=zone.zg, name="定标亮诺", maximum=Decimal("25"), weight=Decimal("1"), sort_order=1
    )
    CriterionTemplate.objects.create(
        office=zone.zg, name="疫情防控", maximum=Decimal("20"), weight=Decimal("1.5"), sort_order=2
    )
    CriterionTemplate.objects.create(office=zone.xg, name="新港的细则", maximum=Decimal("10"))
    CriterionTemplate.objects.create(
        office=zone.zg, name="停用的细则", maximum=Decimal("10"), is_active=False, sort_order=3
    )
    client = login(zone.users["staff"])

    response = create_round(client, zone.zg)

    rnd = InspectionRound.objects.get(office=zone.zg, year=2022, quarter=1)
    assert "已创建“2022年第一季度『逐村观摩』”。下一步:选择观摩点和评委。" in text(response)
    assert rnd.status == InspectionRound.Status.DRAFT
    assert rnd.created_by == zone.users["staff"]
    assert list(rnd.criteria.values_list("name", "maximum", "weight")) == [
        ("定标亮诺", Decimal("25.00"), Decimal("1.00")),
        ("疫情防控", Decimal("20.00"), Decimal("1.50")),
    ]

    # Edit the template through the templates page: the round keeps its own copy.
    formset = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(t1.pk),
        "form-0-sort_order": "1",
        "form-0-stage": "field_visit",
        "form-0-name": "定标亮诺(新)",
        "form-0-description": "",
        "form-0-maximum": "30",
        "form-0-weight": "3",
        "form-0-decimal_places": "1",
        "form-0-is_active": "on",
    }
    response = client.post(reverse("inspections:office-templates", args=[zone.zg.pk]), formset, follow=True)
    assert "评分细则模板已保存。已有轮次的评分细则不受影响。" in text(response)
    t1.refresh_from_db()
    assert (t1.name, t1.maximum, t1.weight) == ("定标亮诺(新)", Decimal("30.00"), Decimal("3.00"))

    first = Criterion.objects.get(round=rnd, sort_order=1)
    assert (first.name, first.maximum, first.weight) == ("定标亮诺", Decimal("25.00"), Decimal("1.00"))
    page = text(client.get(detail_url(rnd)))
    assert "定标亮诺(新)" not in page
    assert "定标亮诺" in page


def test_a_round_without_template_copy_starts_with_no_criteria(zone, login):
    CriterionTemplate.objects.create(office=zone.zg, name="定标亮诺", maximum=Decimal("25"))
    client = login(zone.users["staff"])

    create_round(client, zone.zg, copy_templates="")

    rnd = InspectionRound.objects.get(office=zone.zg)
    assert rnd.criteria.count() == 0


def test_a_second_round_in_the_same_office_and_quarter_is_refused(zone, login):
    client = login(zone.users["staff"])
    create_round(client, zone.zg)

    response = create_round(client, zone.zg, title="重复的一轮")

    assert response.status_code == 200
    assert "本办事处2022年该季度已经有一轮观摩。" in text(response)
    assert InspectionRound.objects.filter(office=zone.zg).count() == 1
    # Another office may hold its own round in that quarter.
    other = login(zone.users["other_staff"])
    create_round(other, zone.xg)
    assert InspectionRound.objects.filter(year=2022, quarter=1).count() == 2


def test_round_date_must_fall_in_its_year(zone, login):
    client = login(zone.users["staff"])
    response = create_round(client, zone.zg, date="2021-12-30")
    assert "活动日期应在2022年内。" in text(response)
    assert not InspectionRound.objects.exists()


# --- sites and judges ------------------------------------------------------------------


def test_sites_in_visiting_order_with_a_learning_visit_to_another_office(zone, login):
    client = login(zone.users["staff"])
    create_round(client, zone.zg)
    rnd = InspectionRound.objects.get(office=zone.zg)

    response = client.post(
        reverse("inspections:round-sites", args=[rnd.pk]),
        {f"order_{zone.guzhuang.pk}": "1", f"order_{zone.cihang.pk}": "2", f"order_{zone.tianwang.pk}": "3"},
        follow=True,
    )

    assert "观摩点已保存。" in text(response)
    sites = list(RoundSite.objects.filter(round=rnd).order_by("order"))
    assert [(s.village.name, s.order, s.is_learning_visit) for s in sites] == [
        ("谷庄村", 1, False),
        ("慈航路社区", 2, False),
        ("田王村", 3, True),
    ]
    page = text(client.get(detail_url(rnd)))
    assert "观摩学习点 · 新港办事处" in page
    assert "不评分" in page
    # The learning visit is not a scored unit on the results page.
    results = text(client.get(reverse("inspections:round-results", args=[rnd.pk])))
    assert "谷庄村" in results and "慈航路社区" in results
    assert "田王村" not in results


def test_sites_with_duplicate_order_are_refused(zone, login):
    client = login(zone.users["staff"])
    create_round(client, zone.zg)
    rnd = InspectionRound.objects.get(office=zone.zg)

    response = client.post(
        reverse("inspections:round-sites", args=[rnd.pk]),
        {f"order_{zone.guzhuang.pk}": "1", f"order_{zone.cihang.pk}": "1"},
    )

    assert "观摩顺序有重复的数字,请每个观摩点填写不同的顺序。" in text(response)
    assert not rnd.sites.exists()


def test_judges_are_saved_and_listed(round_setup, login):
    s = round_setup
    client = login(s.staff)

    response = client.post(
        reverse("inspections:round-judges", args=[s.rnd.pk]),
        {"judges": [s.judge_a.pk, s.judge_b.pk]},
        follow=True,
    )

    assert "评委已保存。" in text(response)
    assert set(s.rnd.judges.all()) == {s.judge_a, s.judge_b}
    assert "评委甲、评委乙" in text(response)

    # A browser always sends the CSRF field, so the form is bound even with no box ticked.
    response = client.post(reverse("inspections:round-judges", args=[s.rnd.pk]), {"csrfmiddlewaretoken": "x"})
    assert "请至少选择一位评委。" in text(response)
    assert s.rnd.judges.count() == 2


# --- status steps -----------------------------------------------------------------------


def test_open_is_refused_without_criteria_judges_or_scored_sites(zone, login):
    client = login(zone.users["staff"])
    create_round(client, zone.zg)
    rnd = InspectionRound.objects.get(office=zone.zg)
    # Only a learning visit: nothing to score.
    RoundSite(round=rnd, village=zone.tianwang, order=1).save()

    response = client.post(status_url(rnd, "open"), follow=True)

    page = text(response)
    assert "不能开始评分:" in page
    assert "还没有评分细则。" in page
    assert "还没有指定评委。" in page
    assert "还没有需要评分的观摩点。" in page
    rnd.refresh_from_db()
    assert rnd.status == InspectionRound.Status.DRAFT


def test_open_refused_for_the_one_missing_thing_only(round_setup, login):
    s = round_setup
    s.rnd.judges.clear()
    client = login(s.staff)

    page = text(client.post(status_url(s.rnd, "open"), follow=True))

    assert "还没有指定评委。" in page
    assert "还没有评分细则。" not in page
    assert "还没有需要评分的观摩点。" not in page
    assert s.refresh().status == "draft"


def test_status_steps_draft_open_closed_published_withdraw_republish(round_setup, login):
    s = round_setup
    client = login(s.staff)

    page = text(client.post(status_url(s.rnd, "open"), follow=True))
    assert "已开始评分。评委现在可以在手机上填写评分表。" in page
    assert s.refresh().status == "open"
    assert '<span class="badge round-status status-open" data-testid="round-status">评分中</span>' in page

    # Sites, criteria and judges are fixed once scoring starts.
    page = text(client.get(reverse("inspections:round-sites", args=[s.rnd.pk]), follow=True))
    assert "评分已经开始,不能再修改观摩点。" in page

    # A judge holds a draft: closing needs the confirmation box.
    s.sheet(s.judge_a, s.cihang, 8, None, submit=False)
    s.sheet(s.judge_b, s.cihang, 8, 9)
    page = text(client.post(status_url(s.rnd, "close"), follow=True))
    assert "还有 1 份评分表是草稿:评委甲(慈航路社区)。" in page
    assert "确认仍要结束评分请勾选“草稿不计分,仍然结束”" in page
    assert s.refresh().status == "open"

    page = text(client.post(status_url(s.rnd, "close"), {"confirm_drafts": "on"}, follow=True))
    assert "已结束评分。之后更正评分表须填写理由。" in page
    assert s.refresh().status == "closed"

    page = text(client.post(status_url(s.rnd, "publish"), follow=True))
    assert "结果已发布。" in page
    assert s.refresh().status == "published"

    # Withdrawing needs a reason.
    page = text(client.post(status_url(s.rnd, "withdraw"), {"reason": "  "}, follow=True))
    assert "撤回发布必须填写理由。" in page
    assert s.refresh().status == "published"

    page = text(client.post(status_url(s.rnd, "withdraw"), {"reason": "谷庄村分数录错"}, follow=True))
    assert "已撤回发布,轮次回到“已结束”。" in page
    assert s.refresh().status == "closed"
    assert "撤回发布:谷庄村分数录错" in page  # the status record keeps the reason

    page = text(client.post(status_url(s.rnd, "publish"), follow=True))
    assert "结果已发布。" in page
    assert s.refresh().status == "published"


def test_close_without_drafts_needs_no_confirmation(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    client = login(s.staff)

    page = text(client.post(status_url(s.rnd, "close"), follow=True))

    assert "已结束评分。" in page
    assert s.refresh().status == "closed"


def test_publish_is_refused_without_a_submitted_sheet(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9, submit=False)
    s.close(confirm_drafts=True)
    client = login(s.staff)

    page = text(client.post(status_url(s.rnd, "publish"), follow=True))

    assert "还没有任何已提交的评分表,不能发布。" in page
    assert s.refresh().status == "closed"


def test_steps_out_of_order_are_refused(round_setup, login):
    s = round_setup
    client = login(s.staff)

    assert "只有评分中的轮次可以结束评分。" in text(client.post(status_url(s.rnd, "close"), follow=True))
    assert "只有已结束的轮次可以发布。" in text(client.post(status_url(s.rnd, "publish"), follow=True))
    assert "只有已发布的轮次可以撤回。" in text(
        client.post(status_url(s.rnd, "withdraw"), {"reason": "x"}, follow=True)
    )
    s.open()
    assert "只有草稿状态的轮次可以开始评分。" in text(client.post(status_url(s.rnd, "open"), follow=True))
    assert client.post(status_url(s.rnd, "explode")).status_code == 404
    assert s.refresh().status == "open"


def test_status_change_is_post_only(round_setup, login):
    s = round_setup
    client = login(s.staff)
    assert client.get(status_url(s.rnd, "open")).status_code == 405
    assert s.refresh().status == "draft"


# --- who may do what ----------------------------------------------------------------------


def write_requests(s):
    """Every write a round offers, as (method, url, data)."""
    rnd = s.rnd
    return [
        ("get", reverse("inspections:round-create", args=[s.office.pk]), None),
        ("post", reverse("inspections:round-create", args=[s.office.pk]), {"year": "2022", "quarter": "2"}),
        ("get", reverse("inspections:office-templates", args=[s.office.pk]), None),
        ("post", reverse("inspections:round-edit", args=[rnd.pk]), {"title": "x"}),
        ("get", reverse("inspections:round-criteria", args=[rnd.pk]), None),
        ("post", reverse("inspections:round-sites", args=[rnd.pk]), {f"order_{s.cihang.pk}": "1"}),
        ("post", reverse("inspections:round-judges", args=[rnd.pk]), {"judges": [s.judge_a.pk]}),
        ("post", status_url(rnd, "open"), {}),
        ("post", status_url(rnd, "close"), {"confirm_drafts": "on"}),
        ("post", status_url(rnd, "publish"), {}),
        ("post", status_url(rnd, "withdraw"), {"reason": "x"}),
        ("get", reverse("inspections:keyin-choose", args=[rnd.pk]), None),
        ("post", reverse("inspections:keyin-grid", args=[rnd.pk, s.judge_a.pk]), {}),
        ("get", reverse("inspections:round-import", args=[rnd.pk]), None),
        (
            "post",
            reverse("inspections:round-adjustments", args=[rnd.pk]),
            {"village": s.cihang.pk, "points": "1", "reason": "表彰"},
        ),
        ("post", reverse("inspections:round-photos", args=[rnd.pk]), {}),
    ]


@pytest.mark.parametrize("persona", ["leader", "zone_leader"])
def test_leaders_read_the_round_but_every_write_is_forbidden(round_setup, login, persona):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    client = login(s.zone.users[persona])

    page = client.get(detail_url(s.rnd))
    assert page.status_code == 200
    assert "2022年第一季度亮赛比" in text(page)
    assert 'data-testid="round-actions"' not in text(page)
    # Results are for leaders once published; until then they are staff's provisional figures.
    assert client.get(reverse("inspections:round-results", args=[s.rnd.pk])).status_code == 403
    # Individual sheets too, until the round is published.
    assert client.get(reverse("inspections:sheet-detail", args=[sheet.pk])).status_code == 403

    requests = write_requests(s) + [
        ("post", reverse("inspections:sheet-detail", args=[sheet.pk]), {"reason": "x"}),
        ("post", reverse("inspections:sheet-review", args=[sheet.pk]), {}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert s.refresh().status == "open"
    assert InspectionRound.objects.count() == 1
    assert s.rnd.adjustments.count() == 0


@pytest.mark.parametrize("persona", ["other_staff", "secretary", "other_secretary", "nobody"])
def test_other_office_staff_and_secretaries_get_403_on_reading_and_writing(round_setup, login, persona):
    s = round_setup
    s.rnd.judges.remove(s.secretary)  # a secretary who is not a judge
    s.open()
    client = login(s.zone.users[persona])

    for name in ("round-detail", "round-results", "round-adjustments", "round-photos", "round-export"):
        assert client.get(reverse(f"inspections:{name}", args=[s.rnd.pk])).status_code == 403, name
    assert client.get(reverse("inspections:score-receipt", args=[s.rnd.pk, s.cihang.pk])).status_code == 403
    assert client.get(reverse("inspections:round-list", args=[s.office.pk])).status_code == 403
    for method, url, data in write_requests(s):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert s.refresh().status == "open"


def test_admin_may_manage_any_office(round_setup, login):
    s = round_setup
    client = login(s.zone.users["admin"])
    client.post(status_url(s.rnd, "open"))
    assert s.refresh().status == "open"


def test_round_list_shows_counts(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_b, s.guzhuang, 8, 9, submit=False)
    client = login(s.zone.users["leader"])

    page = text(client.get(reverse("inspections:round-list", args=[s.office.pk])))

    assert "2 个评分单位 · 已提交 1 份评分表" in page
    assert "新建一轮" not in page
    assert datetime.date(2022, 3, 24).isoformat() in page


def test_round_facts_cannot_be_edited_once_scoring_has_started(round_setup, login):
    """Switching off 去掉最高最低分 after the fact would change totals without a written reason."""
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    client = login(s.staff)
    data = {
        "year": "2022",
        "quarter": "1",
        "date": "2022-03-24",
        "title": "改过的标题",
        "stages": ["field_visit"],
        "drop_extremes": "",
    }

    page = text(client.post(reverse("inspections:round-edit", args=[s.rnd.pk]), data, follow=True))

    assert "评分已经开始,不能再修改轮次信息。" in page
    rnd = s.refresh()
    assert (rnd.title, rnd.drop_extremes) == ("2022年第一季度亮赛比", True)


def test_round_facts_can_be_edited_in_draft(round_setup, login):
    s = round_setup
    client = login(s.staff)
    data = {"year": "2022", "quarter": "1", "date": "2022-03-25", "title": "改过的标题", "host": "张三"}

    page = text(client.post(reverse("inspections:round-edit", args=[s.rnd.pk]), data, follow=True))

    assert "轮次信息已保存。" in page
    rnd = s.refresh()
    assert (rnd.title, rnd.host, rnd.date, rnd.drop_extremes) == (
        "改过的标题",
        "张三",
        datetime.date(2022, 3, 25),
        False,
    )


def test_a_round_without_a_title_gets_one_from_its_quarter(zone, login):
    """Staff may leave the title blank: it is written from the year and quarter."""
    response = login(zone.users["staff"]).post(
        reverse("inspections:round-create", args=[zone.zg.pk]),
        {
            "year": 2023,
            "quarter": 2,
            "date": "2023-06-20",
            "title": "",
            "stages": ["field_visit"],
            "drop_extremes": "on",
        },
    )
    assert response.status_code == 302
    assert InspectionRound.objects.get(year=2023).title == "2023年第二季度“逐村观摩”暨党组织书记“亮赛比”活动"
