"""A round's set-up at the service level (inspections/services/rounds.py) and the history notes
(services/common.py): creating a round, copying templates, saving criteria, 亮分 reveals."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from inspections import services
from inspections.forms.rounds import CriterionFormSet, RoundCreateForm
from inspections.models import Criterion, CriterionTemplate, InspectionRound, Stage
from inspections.services.common import history_note

pytestmark = pytest.mark.django_db


def create_form(office, **data):
    values = {
        "year": "2023",
        "quarter": "2",
        "date": "2023-06-20",
        "title": "",
        "host": "朱永立",
        "participants": "",
        "stages": [Stage.FIELD_VISIT],
        "drop_extremes": "on",
    } | data
    form = RoundCreateForm(values, office=office)
    assert form.is_valid(), form.errors
    return form


def test_creating_a_round_copies_the_offices_active_templates(round_setup):
    s = round_setup
    CriterionTemplate.objects.create(
        office=s.office,
        name="停用项",
        maximum=Decimal("5"),
        weight=Decimal("1"),
        is_active=False,
        sort_order=3,
    )
    CriterionTemplate.objects.create(
        office=s.zone.xg, name="新港的项", maximum=Decimal("5"), weight=Decimal("1"), sort_order=1
    )
    rnd = services.round_create(office=s.office, form=create_form(s.office), user=s.staff)
    rnd = InspectionRound.objects.get(pk=rnd.pk)
    assert rnd.office == s.office
    assert rnd.created_by == s.staff
    assert rnd.title == "2023年第二季度“逐村观摩”暨党组织书记“亮赛比”活动"
    assert rnd.stages == [Stage.FIELD_VISIT]
    assert rnd.is_draft
    copied = list(rnd.criteria.order_by("sort_order").values_list("name", "maximum", "weight", "sort_order"))
    assert copied == [
        ("定标亮诺", Decimal("10.00"), Decimal("1.00"), 1),
        ("人居环境整治", Decimal("10.00"), Decimal("2.00"), 2),
    ]
    first = rnd.criteria.get(name="定标亮诺")
    assert first.template == s.templates[0]
    assert first.description == "承诺事项具体可考核"
    assert first.stage == Stage.FIELD_VISIT
    assert first.decimal_places == s.templates[0].decimal_places


def test_creating_a_round_without_templates_copies_none(round_setup):
    s = round_setup
    rnd = services.round_create(
        office=s.office, form=create_form(s.office), user=s.staff, copy_templates=False
    )
    assert not rnd.criteria.exists()


def test_copying_templates_again_skips_names_already_there(round_setup):
    s = round_setup
    s.c1.maximum = Decimal("8")
    s.c1.save()
    services.criteria_copy_from_templates(s.round)
    assert list(s.round.criteria.order_by("sort_order").values_list("name", "maximum")) == [
        ("定标亮诺", Decimal("8.00")),
        ("人居环境整治", Decimal("10.00")),
    ]


def formset_data(rnd, rows, delete=()):
    criteria = list(rnd.criteria.order_by("sort_order"))
    data = {
        "form-TOTAL_FORMS": str(len(criteria) + len(rows)),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data |= {
            f"form-{i}-id": str(c.pk),
            f"form-{i}-sort_order": str(c.sort_order),
            f"form-{i}-stage": c.stage,
            f"form-{i}-name": c.name,
            f"form-{i}-description": c.description,
            f"form-{i}-maximum": str(c.maximum),
            f"form-{i}-weight": str(c.weight),
            f"form-{i}-decimal_places": str(c.decimal_places),
        }
        if c.name in delete:
            data[f"form-{i}-DELETE"] = "on"
    for j, (name, maximum, weight) in enumerate(rows, start=len(criteria)):
        data |= {
            f"form-{j}-sort_order": str(j + 1),
            f"form-{j}-stage": Stage.ARENA,
            f"form-{j}-name": name,
            f"form-{j}-description": "",
            f"form-{j}-maximum": maximum,
            f"form-{j}-weight": weight,
            f"form-{j}-decimal_places": "1",
        }
    formset = CriterionFormSet(data, queryset=rnd.criteria.all())
    assert formset.is_valid(), formset.errors
    return formset


def test_saving_criteria_of_a_draft_adds_and_deletes(round_setup):
    s = round_setup
    services.round_criteria_save(
        rnd=s.round, formset=formset_data(s.round, [("集体经济", "20", "1.5")], delete=["定标亮诺"])
    )
    assert list(s.round.criteria.order_by("sort_order").values_list("name", "maximum", "weight")) == [
        ("人居环境整治", Decimal("10.00"), Decimal("2.00")),
        ("集体经济", Decimal("20.00"), Decimal("1.50")),
    ]
    assert Criterion.objects.get(name="集体经济").round == s.round


def test_saving_criteria_of_an_open_round_changes_nothing(round_setup):
    s = round_setup
    formset = formset_data(s.round, [("集体经济", "20", "1")], delete=["定标亮诺"])
    s.open()
    with pytest.raises(services.RoundError) as info:
        services.round_criteria_save(rnd=s.round, formset=formset)
    assert info.value.messages == ["评分已经开始,不能再修改轮次的观摩点、评分细则和评委。"]
    assert list(s.round.criteria.order_by("sort_order").values_list("name", flat=True)) == [
        "定标亮诺",
        "人居环境整治",
    ]


def test_a_reveal_is_stamped_once(round_setup):
    s = round_setup
    s.open()
    site = services.site_reveal(rnd=s.round, village=s.guzhuang, user=s.staff)
    assert site.revealed_at is not None
    site.refresh_from_db()
    first = site.revealed_at
    again = services.site_reveal(rnd=s.round, village=s.guzhuang, user=s.staff)
    assert again.revealed_at == first
    assert s.round.sites.get(village=s.cihang).revealed_at is None
    from inspections.models import RoundSite

    with pytest.raises(RoundSite.DoesNotExist):  # a learning visit has no total to reveal
        services.site_reveal(rnd=s.round, village=s.tianwang, user=s.staff)


def test_history_notes_in_the_readers_language():
    assert history_note("结束评分") == "结束评分"
    assert history_note("撤回发布:分数录错") == "撤回发布:分数录错"
    assert history_note("纸质表抄错") == "纸质表抄错"
    with translation.override("en"):
        assert history_note("结束评分") == "Scoring closed"
        assert history_note("结束评分(有草稿未提交)") == "Scoring closed (drafts not submitted)"
        assert history_note("发布结果") == "Results published"
        assert history_note("复核确认") == "Checked against the paper sheet"
        assert history_note("撤回发布:分数录错") == "Publication withdrawn: 分数录错"
        assert history_note("纸质表抄错") == "纸质表抄错"  # what a person wrote stays as written
        assert history_note("") == ""


def test_the_round_status_is_logged_with_who_and_why(round_setup, monkeypatch):
    from inspections.services import rounds

    events = []
    monkeypatch.setattr(rounds, "log_event_on_commit", lambda name, **kw: events.append((name, kw)))
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    services.round_publish(rnd=s.round, user=s.staff2)
    services.round_withdraw(rnd=s.round, user=s.staff, reason="分数录错")
    common = {"round": s.round.pk, "office": s.office.pk}
    assert events == [
        ("round_status", common | {"before": "draft", "after": "open", "reason": None, "by": "staff"}),
        ("round_status", common | {"before": "open", "after": "closed", "reason": "结束评分", "by": "staff"}),
        (
            "round_status",
            common | {"before": "closed", "after": "published", "reason": "发布结果", "by": "staff2"},
        ),
        (
            "round_status",
            common | {"before": "published", "after": "closed", "reason": "撤回发布:分数录错", "by": "staff"},
        ),
    ]
    record = s.round.history.first()
    assert record.history_user == s.staff
    assert record.status == "closed"


def test_closing_without_drafts_is_noted_plainly(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    services.round_close(rnd=s.round, user=s.staff)  # no drafts: no confirmation needed
    rnd = s.refresh()
    assert rnd.is_closed
    assert rnd.history.first().history_change_reason == "结束评分"
    assert rnd.date == datetime.date(2022, 3, 24)


def test_copying_keeps_each_templates_stage_and_decimal_places(round_setup):
    s = round_setup
    CriterionTemplate.objects.create(
        office=s.office,
        name="擂台比武",
        stage=Stage.ARENA,
        maximum=Decimal("40"),
        weight=Decimal("1"),
        decimal_places=2,
        sort_order=3,
    )
    services.criteria_copy_from_templates(s.round)
    copied = s.round.criteria.get(name="擂台比武")
    assert (copied.stage, copied.decimal_places, copied.maximum) == (Stage.ARENA, 2, Decimal("40.00"))


def test_possible_total_of_nothing_is_a_decimal_zero():
    from inspections.services.common import possible_total

    total = possible_total([])
    assert total == Decimal("0") and isinstance(total, Decimal)
