"""What a round records beside its sheets (inspections/services/records.py), called directly:
bonus and deduction items within the office's bounds and the round's status, remarks and photos."""

from decimal import Decimal

import pytest

from inspections import services
from inspections.forms.records import AdjustmentForm
from inspections.forms.review import CommentaryForm
from inspections.models import Adjustment, Commentary
from inspections.selectors import scored_villages
from inspections.services import records

pytestmark = pytest.mark.django_db


def add(s, points, village=None, reason="", user=None):
    form = AdjustmentForm(
        {"village": (village or s.guzhuang).pk, "points": points, "reason": "表彰"},
        villages=scored_villages(s.round),
    )
    assert form.is_valid(), form.errors
    return services.adjustment_add(rnd=s.round, form=form, user=user or s.staff, reason=reason)


def refused(call):
    with pytest.raises(services.RoundError) as info:
        call()
    return info.value.messages


@pytest.fixture
def opened(round_setup):
    s = round_setup
    s.office.max_bonus = Decimal("5")
    s.office.max_deduction = Decimal("3")
    s.office.save()
    s.round.office.refresh_from_db()
    s.open()
    return s


def test_bonuses_add_up_to_exactly_the_office_bound_and_no_further(opened):
    s = opened
    add(s, "3")
    add(s, "-1")  # a deduction does not count against the bonuses
    add(s, "2")  # 3 + 2 = 5: exactly the bound
    assert refused(lambda: add(s, "0.01")) == [
        "郑港办事处规定每村加分合计不超过 5 分;谷庄村本轮加分合计将为 5.01 分。"
    ]
    assert Adjustment.objects.filter(village=s.guzhuang).count() == 3
    add(s, "5", village=s.cihang)  # another village has bounds of its own


def test_deductions_add_up_to_exactly_the_office_bound_and_no_further(opened):
    s = opened
    add(s, "-2")
    add(s, "4")  # bonuses do not count against the deductions
    add(s, "-1")  # 2 + 1 = 3: exactly the bound
    assert refused(lambda: add(s, "-0.5")) == [
        "郑港办事处规定每村扣分合计不超过 3 分;谷庄村本轮扣分合计将为 3.5 分。"
    ]
    assert sum(a.points for a in Adjustment.objects.filter(village=s.guzhuang)) == Decimal("1")


def test_a_single_item_past_the_bound_is_refused(opened):
    s = opened
    assert refused(lambda: add(s, "5.5")) == [
        "郑港办事处规定每村加分合计不超过 5 分;谷庄村本轮加分合计将为 5.5 分。"
    ]
    assert refused(lambda: add(s, "-3.25")) == [
        "郑港办事处规定每村扣分合计不超过 3 分;谷庄村本轮扣分合计将为 3.25 分。"
    ]
    assert not Adjustment.objects.exists()


def test_another_rounds_items_do_not_count(opened, zone):
    s = opened
    from inspections.models import InspectionRound

    other = InspectionRound.objects.create(
        office=zone.zg, year=2022, quarter=2, date=s.round.date, title="二季度"
    )
    Adjustment.objects.create(round=other, village=s.guzhuang, points=Decimal("5"), reason="x")
    Adjustment.objects.create(round=other, village=s.guzhuang, points=Decimal("-3"), reason="x")
    add(s, "5")
    add(s, "-3")


def test_an_open_round_takes_items_without_a_reason(opened, monkeypatch):
    events = []
    monkeypatch.setattr(records, "log_event_on_commit", lambda name, **kw: events.append(name))
    s = opened
    item = add(s, "2")
    assert item.round == s.round
    assert item.created_by == s.staff
    assert item.points == Decimal("2")
    services.adjustment_delete(adjustment=item, user=s.staff)
    assert not Adjustment.objects.exists()
    assert events == []


def test_a_closed_round_takes_and_removes_items_only_with_a_reason(opened, monkeypatch):
    events = []
    monkeypatch.setattr(records, "log_event_on_commit", lambda name, **kw: events.append((name, kw)))
    s = opened
    s.close()
    assert refused(lambda: add(s, "2", reason=" \u3000")) == ["评分已结束,修改加减分必须填写更正理由。"]
    assert not Adjustment.objects.exists()
    item = add(s, "2", reason="补登表彰")
    assert item.history.first().history_change_reason == "补登表彰"
    assert events == [
        (
            "adjustment_added_after_close",
            {
                "round": s.round.pk,
                "adjustment": item.pk,
                "village": s.guzhuang.pk,
                "points": Decimal("2"),
                "reason": "补登表彰",
                "by": "staff",
            },
        )
    ]
    assert refused(lambda: services.adjustment_delete(adjustment=item, user=s.staff)) == [
        "评分已结束,修改加减分必须填写更正理由。"
    ]
    pk = item.pk
    services.adjustment_delete(adjustment=item, user=s.staff2, reason="重复登记")
    assert not Adjustment.objects.exists()
    record = Adjustment.history.filter(id=pk).first()
    assert record.history_type == "-"
    assert record.history_change_reason == "重复登记"
    assert record.history_user == s.staff2
    assert events[1] == (
        "adjustment_deleted_after_close",
        {
            "round": s.round.pk,
            "adjustment": pk,
            "village": s.guzhuang.pk,
            "points": Decimal("2"),
            "reason": "重复登记",
            "by": "staff2",
        },
    )


def test_a_published_round_takes_no_item_and_loses_none(opened):
    s = opened
    item = add(s, "2")
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    s.publish()
    message = "结果已经发布,不能修改加减分;如需更正请先撤回发布。"
    assert refused(lambda: add(s, "1", reason="补登")) == [message]
    assert refused(lambda: services.adjustment_delete(adjustment=item, user=s.staff, reason="重复")) == [
        message
    ]
    assert Adjustment.objects.count() == 1


def test_remarks_are_added_and_deleted_with_who_did_it(round_setup):
    s = round_setup
    form = CommentaryForm(
        {"village": s.guzhuang.pk, "kind": "highlight", "text": " 台账规范 ", "speaker": "朱永立"},
        villages=scored_villages(s.round),
    )
    assert form.is_valid(), form.errors
    item = services.commentary_add(rnd=s.round, form=form, user=s.staff)
    item.refresh_from_db()
    assert (item.round, item.village, item.text, item.created_by) == (
        s.round,
        s.guzhuang,
        "台账规范",
        s.staff,
    )
    assert item.history.first().history_user == s.staff
    pk = item.pk
    services.commentary_delete(item=item, user=s.staff2)
    assert not Commentary.objects.filter(pk=pk).exists()
    assert Commentary.history.filter(id=pk).first().history_user == s.staff2


def test_a_photo_is_kept_with_its_facts_and_deleted_with_its_files(round_setup, settings, tmp_path):
    from inspections.models import SitePhoto
    from inspections.photos import process_photo
    from tests.reports.conftest import jpeg

    settings.MEDIA_ROOT = tmp_path
    s = round_setup
    processed = process_photo(jpeg(640, 420))
    photo = services.photo_add(
        rnd=s.round, village=s.guzhuang, processed=processed, caption="现场", user=s.staff
    )
    photo.refresh_from_db()
    assert (photo.round, photo.village, photo.caption, photo.uploaded_by) == (
        s.round,
        s.guzhuang,
        "现场",
        s.staff,
    )
    assert (photo.width, photo.height) == (processed.width, processed.height) == (640, 420)
    files = [tmp_path / photo.image.name, tmp_path / photo.thumbnail.name]
    assert all(f.is_file() for f in files) and files[0] != files[1]
    services.photo_delete(photo=photo)
    assert not SitePhoto.objects.exists()
    assert not any(f.exists() for f in files)


def test_small_items_count_towards_their_own_sign_only(opened):
    s = opened  # bounds: bonuses 5, deductions 3
    add(s, "0.5")
    add(s, "4.5")  # 0.5 + 4.5 = 5: exactly the bound
    assert refused(lambda: add(s, "0.01")) == [
        "郑港办事处规定每村加分合计不超过 5 分;谷庄村本轮加分合计将为 5.01 分。"
    ]
    add(s, "-0.5")
    add(s, "-2.5")  # 0.5 + 2.5 = 3, the bonuses left aside
    assert refused(lambda: add(s, "-0.01")) == [
        "郑港办事处规定每村扣分合计不超过 3 分;谷庄村本轮扣分合计将为 3.01 分。"
    ]


def test_after_close_an_item_without_a_reason_argument_is_refused(opened):
    s = opened
    s.close()
    form = AdjustmentForm(
        {"village": s.guzhuang.pk, "points": "1", "reason": "表彰"}, villages=scored_villages(s.round)
    )
    assert form.is_valid(), form.errors
    assert refused(lambda: services.adjustment_add(rnd=s.round, form=form, user=s.staff)) == [
        "评分已结束,修改加减分必须填写更正理由。"
    ]
    assert not Adjustment.objects.exists()
