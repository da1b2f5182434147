"""The services' own refusals, called directly (the views check first, so these rules were tested
only through pages): sheets of a published or closed round, missing criteria, reviews of drafts,
set-up of a round that is no longer a draft, and status steps out of order."""

from decimal import Decimal

import pytest
from django.utils import timezone

from inspections import services
from inspections.models import InspectionRound, ScoreSheet
from inspections.services.common import MAX_POSSIBLE_TOTAL, RoundError, clean_reason, possible_total
from villages.text import REASON_MAX, TEXT_MAX

pytestmark = pytest.mark.django_db

STARTED = "评分已经开始,不能再修改轮次的观摩点、评分细则和评委。"


def save(s, judge, values, *, actor=None, submit=False, **kw):
    sheet = ScoreSheet.objects.filter(round=s.round, village=s.guzhuang, judge=judge).first()
    kw.setdefault("version", sheet.version if sheet else None)
    return services.sheet_save(
        rnd=s.round,
        village=kw.pop("village", s.guzhuang),
        judge=judge,
        values=values,
        submit=submit,
        actor=actor or judge,
        **kw,
    )


def both(s, v1="8", v2="7"):
    return {s.c1.pk: Decimal(v1), s.c2.pk: Decimal(v2)}


def refused(message, call):
    """The call raises RoundError carrying exactly `message` among its messages."""
    with pytest.raises(RoundError) as info:
        call()
    assert message in info.value.messages, info.value.messages
    return info.value


# --- sheet_save ---------------------------------------------------------------------------


def test_a_draft_round_takes_no_sheet(round_setup):
    s = round_setup
    refused("本轮还没有开始评分。", lambda: save(s, s.judge_a, both(s), submit=True))
    assert not ScoreSheet.objects.exists()


def test_a_published_round_refuses_every_save_even_by_staff_with_a_reason(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), submit=True)
    s.close()
    s.publish()
    refused(
        "结果已经发布,不能修改评分表;如需更正请先撤回发布。",
        lambda: save(s, s.judge_a, both(s, "9", "9"), actor=s.staff, as_staff=True, reason="纸质表抄错"),
    )
    sheet.refresh_from_db()
    assert sheet.values == {str(s.c1.pk): "8", str(s.c2.pk): "7"}
    assert sheet.version == 1


def test_a_judge_cannot_save_after_close_even_with_a_reason(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), submit=True)
    s.close()
    refused(
        "评分已结束,评分表只能由办事处工作人员填写理由后更正。",
        lambda: save(s, s.judge_a, both(s, "9", "9"), reason="我想改"),
    )
    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8"


@pytest.mark.parametrize("reason", ["", "   ", "\u3000\u200b", "\t\n"])
def test_staff_correcting_after_close_need_a_visible_reason(round_setup, reason):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), submit=True)
    s.close()
    refused(
        "评分已结束,更正评分表必须填写理由。",
        lambda: save(s, s.judge_a, both(s, "9", "9"), actor=s.staff, as_staff=True, reason=reason),
    )
    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8"
    assert sheet.version == 1


def test_staff_correcting_after_close_with_a_reason_is_kept_with_it(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=True)
    s.close()
    sheet = save(s, s.judge_a, both(s, "9", "7"), actor=s.staff, as_staff=True, reason="  纸质表抄错 ")
    assert sheet.values[str(s.c1.pk)] == "9"
    assert sheet.version == 2
    assert sheet.entered_by == s.staff
    last = sheet.history.first()
    assert last.history_change_reason == "纸质表抄错"
    assert last.history_user == s.staff


def test_a_draft_corrected_after_close_becomes_submitted(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=False)
    s.close()
    sheet = save(s, s.judge_a, both(s, "6", "5"), actor=s.staff, as_staff=True, reason="补录")
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at is not None


def test_a_closed_round_refuses_a_correction_with_a_blank_criterion(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=False)
    s.close()
    refused(
        "还有评分项未填写:人居环境整治。全部填写后才能提交。",
        lambda: save(s, s.judge_a, {s.c1.pk: Decimal("6")}, actor=s.staff, as_staff=True, reason="补录"),
    )


def test_submitting_with_a_criterion_missing_names_it_and_saves_nothing(round_setup):
    s = round_setup
    s.open()
    error = refused(
        "还有评分项未填写:人居环境整治。全部填写后才能提交。",
        lambda: save(s, s.judge_a, {s.c1.pk: Decimal("8")}, submit=True),
    )
    assert "定标亮诺" not in error.messages[0]
    assert not ScoreSheet.objects.exists()


def test_submitting_with_every_criterion_missing_names_both_in_order(round_setup):
    s = round_setup
    s.open()
    refused(
        "还有评分项未填写:定标亮诺、人居环境整治。全部填写后才能提交。",
        lambda: save(s, s.judge_a, {}, submit=True),
    )


def test_a_submitted_sheet_cannot_lose_a_criterion_by_a_draft_save(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), submit=True)
    refused(
        "还有评分项未填写:人居环境整治。全部填写后才能提交。",
        lambda: save(s, s.judge_a, {s.c1.pk: Decimal("8")}, submit=False),
    )
    sheet.refresh_from_db()
    assert sheet.values == {str(s.c1.pk): "8", str(s.c2.pk): "7"}


def test_a_draft_with_a_blank_criterion_is_saved_as_a_draft(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, {s.c1.pk: Decimal("8")})
    assert sheet.status == ScoreSheet.Status.DRAFT
    assert sheet.submitted_at is None
    assert sheet.values == {str(s.c1.pk): "8"}
    assert sheet.version == 1


def test_submitting_a_draft_with_the_same_values_counts_as_submitted(round_setup):
    s = round_setup
    s.open()
    draft = save(s, s.judge_a, both(s), remark="初稿")
    assert draft.status == ScoreSheet.Status.DRAFT
    sheet = save(s, s.judge_a, both(s), remark="初稿", submit=True)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at is not None
    assert sheet.version == 2


def test_saving_a_draft_again_unchanged_writes_nothing(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), remark="初稿")
    again = save(s, s.judge_a, both(s), remark="初稿")
    assert again.version == 1
    assert again.history.count() == 1


def test_submitting_again_unchanged_is_harmless_even_with_an_old_version(round_setup):
    s = round_setup
    s.open()
    first = save(s, s.judge_a, both(s), submit=True)
    again = save(s, s.judge_a, both(s), submit=True, version=0)
    assert again.pk == first.pk
    assert again.version == 1


def test_a_changed_remark_alone_is_a_change(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=True)
    sheet = save(s, s.judge_a, both(s), submit=True, remark="补充说明")
    assert sheet.version == 2
    assert sheet.remark == "补充说明"


def test_a_submitted_sheet_saved_without_submit_stays_submitted(round_setup):
    s = round_setup
    s.open()
    first = save(s, s.judge_a, both(s), submit=True)
    sheet = save(s, s.judge_a, both(s, "5", "5"), submit=False)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at == first.submitted_at
    assert sheet.version == 2


def test_a_stale_version_is_refused_with_the_newer_sheet(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s))
    save(s, s.judge_a, both(s, "9", "9"))
    with pytest.raises(services.StaleSheetError) as info:
        save(s, s.judge_a, both(s, "1", "1"), version=1)
    assert info.value.sheet.version == 2
    time = timezone.localtime(ScoreSheet.objects.get().updated_at).strftime("%H:%M:%S")
    assert info.value.messages == [
        f"保存未成功:这份评分表已被评委甲在{time}修改。下面显示的是最新的数值,您刚才的输入列在提示中,请核对后重新保存。"
    ]
    assert ScoreSheet.objects.get().values[str(s.c1.pk)] == "9"


def test_a_stale_refusal_names_whoever_saved_last(round_setup, zone):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s))
    sheet.history.update(history_user=zone.users["nobody"])  # no full name: the user name
    with pytest.raises(services.StaleSheetError) as info:
        save(s, s.judge_a, both(s, "1", "1"), version=0)
    assert info.value.messages[0].startswith("保存未成功:这份评分表已被nobody在")
    sheet.history.update(history_user=None)  # saved by no one known
    with pytest.raises(services.StaleSheetError) as info:
        save(s, s.judge_a, both(s, "1", "1"), version=0)
    assert info.value.messages[0].startswith("保存未成功:这份评分表已被其他人在")


def test_a_version_of_a_sheet_that_no_longer_exists_is_refused(round_setup):
    s = round_setup
    s.open()
    refused("这份评分表已不存在,请刷新页面。", lambda: save(s, s.judge_a, both(s), version=3))
    assert not ScoreSheet.objects.exists()
    assert save(s, s.judge_a, both(s), version=0).version == 1


def test_a_remark_of_exactly_the_limit_is_kept_and_one_more_is_refused(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), remark="字" * TEXT_MAX)
    assert len(sheet.remark) == TEXT_MAX == 2000
    refused("备注最多 2000 个字。", lambda: save(s, s.judge_a, both(s), remark="字" * (TEXT_MAX + 1)))


def test_the_remark_is_cleaned_before_it_is_measured(round_setup):
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), remark="  " + "字" * TEXT_MAX + "\x00 \n")
    assert sheet.remark == "字" * TEXT_MAX


def test_judge_may_score_names_each_refusal(round_setup, zone):
    s = round_setup
    s.open()
    nobody = zone.users["nobody"]
    assert services.judge_may_score(s.round, nobody, s.guzhuang) == "nobody不是本轮评委。"
    assert services.judge_may_score(s.round, s.judge_a, s.tianwang) == "田王村不是本轮的评分单位。"
    assert (
        services.judge_may_score(s.round, s.secretary, s.cihang) == "评委不能给自己担任书记的慈航路社区打分。"
    )
    assert services.judge_may_score(s.round, s.secretary, s.guzhuang) is None
    assert services.judge_may_score(s.round, s.judge_a, s.guzhuang) is None
    refused("nobody不是本轮评委。", lambda: save(s, nobody, both(s)))
    refused("田王村不是本轮的评分单位。", lambda: save(s, s.judge_a, both(s), village=s.tianwang))
    refused(
        "评委不能给自己担任书记的慈航路社区打分。", lambda: save(s, s.secretary, both(s), village=s.cihang)
    )


def test_staff_keying_in_are_the_entered_by_and_a_judges_own_corrected_sheet_stays_the_judges(round_setup):
    s = round_setup
    s.open()
    own = save(s, s.judge_a, both(s), submit=True)
    corrected = save(s, s.judge_a, both(s, "9", "7"), actor=s.staff, as_staff=True, keyed_in=False)
    assert corrected.pk == own.pk
    assert corrected.entered_by is None
    keyed = save(s, s.judge_b, both(s), actor=s.staff, as_staff=True, keyed_in=False, submit=True)
    assert keyed.entered_by == s.staff  # a new sheet keyed in by staff is theirs
    keyed = save(s, s.judge_c, both(s), actor=s.staff2, as_staff=True, submit=True)
    assert keyed.entered_by == s.staff2


def test_changing_a_reviewed_keyed_sheet_clears_its_review(round_setup):
    s = round_setup
    s.open()
    keyed = save(s, s.judge_a, both(s), actor=s.staff, as_staff=True, submit=True)
    services.sheet_review(sheet=keyed, reviewer=s.staff2)
    keyed.refresh_from_db()
    assert keyed.reviewed_by == s.staff2
    changed = save(s, s.judge_a, both(s, "9", "7"), actor=s.staff, as_staff=True, keyed_in=False)
    changed.refresh_from_db()
    assert changed.reviewed_by is None
    assert changed.reviewed_at is None
    assert changed.entered_by == s.staff


# --- sheet_review -------------------------------------------------------------------------


def test_reviewing_a_keyed_in_draft_is_refused(round_setup):
    s = round_setup
    s.open()
    draft = save(s, s.judge_a, {s.c1.pk: Decimal("8")}, actor=s.staff, as_staff=True)
    assert draft.entered_by == s.staff
    refused("草稿不能复核。", lambda: services.sheet_review(sheet=draft, reviewer=s.staff2))
    draft.refresh_from_db()
    assert draft.reviewed_by is None


def test_review_refusals_and_acceptance(round_setup):
    s = round_setup
    s.open()
    own = save(s, s.judge_a, both(s), submit=True)
    refused(
        "这份评分表由评委本人填写,不需要复核。", lambda: services.sheet_review(sheet=own, reviewer=s.staff2)
    )
    keyed = save(s, s.judge_b, both(s), actor=s.staff, as_staff=True, submit=True)
    refused(
        "复核人不能是录入人本人,请由另一位工作人员复核。",
        lambda: services.sheet_review(sheet=keyed, reviewer=s.staff),
    )
    reviewed = services.sheet_review(sheet=keyed, reviewer=s.staff2)
    assert reviewed.reviewed_by == s.staff2
    assert reviewed.reviewed_at is not None
    assert reviewed.history.first().history_change_reason == "复核确认"
    assert reviewed.history.first().history_user == s.staff2
    first_time = reviewed.reviewed_at
    again = services.sheet_review(sheet=keyed, reviewer=s.admin if hasattr(s, "admin") else s.staff2)
    assert again.reviewed_at == first_time
    assert again.reviewed_by == s.staff2
    assert reviewed.history.count() == 2


# --- set-up and status steps ---------------------------------------------------------------


def test_setting_up_a_round_no_longer_a_draft_is_refused(round_setup):
    s = round_setup
    InspectionRound.objects.create(  # another office's draft does not make this one a draft
        office=s.zone.xg, year=2022, quarter=1, date=s.round.date, title="新港一季度"
    )
    s.open()
    refused(STARTED, lambda: services.round_set_sites(rnd=s.round, villages=[s.guzhuang]))
    refused(STARTED, lambda: services.round_set_judges(rnd=s.round, judges=[s.judge_a]))
    refused(STARTED, lambda: services.round_criteria_save(rnd=s.round, formset=None))
    assert list(s.round.sites.order_by("order").values_list("village__name", flat=True)) == [
        "慈航路社区",
        "谷庄村",
        "田王村",
    ]
    assert s.round.judges.count() == 4


def test_setting_judges_of_a_draft_replaces_them(round_setup):
    s = round_setup
    services.round_set_judges(rnd=s.round, judges=[s.judge_b, s.judge_c])
    assert set(s.round.judges.all()) == {s.judge_b, s.judge_c}


def test_setting_sites_of_a_draft_numbers_them_in_order(round_setup):
    s = round_setup
    services.round_set_sites(rnd=s.round, villages=[s.guzhuang, s.cihang])
    assert list(s.round.sites.order_by("order").values_list("village__name", "order")) == [
        ("谷庄村", 1),
        ("慈航路社区", 2),
    ]


def test_status_steps_out_of_order_are_refused(round_setup):
    s = round_setup
    refused("只有评分中的轮次可以结束评分。", lambda: services.round_close(rnd=s.round, user=s.staff))
    refused("只有已结束的轮次可以发布。", lambda: services.round_publish(rnd=s.round, user=s.staff))
    s.open()
    refused("只有草稿状态的轮次可以开始评分。", lambda: services.round_open(rnd=s.round, user=s.staff))
    save(s, s.judge_a, both(s), submit=True)
    refused("只有已结束的轮次可以发布。", lambda: services.round_publish(rnd=s.round, user=s.staff))
    refused(
        "只有已发布的轮次可以撤回。", lambda: services.round_withdraw(rnd=s.round, user=s.staff, reason="x")
    )
    assert s.refresh().status == InspectionRound.Status.OPEN
    assert not s.round.standings.exists()


def test_closing_with_drafts_needs_confirmation_and_names_them(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, {s.c1.pk: Decimal("8")})
    refused(
        "还有 1 份评分表是草稿:评委甲(谷庄村)。草稿不计入成绩;确认仍要结束评分请勾选“草稿不计分,仍然结束”。",
        lambda: services.round_close(rnd=s.round, user=s.staff),
    )
    assert s.refresh().is_open
    s.close(confirm_drafts=True)
    assert s.round.is_closed
    assert s.round.history.first().history_change_reason == "结束评分(有草稿未提交)"


def test_publishing_needs_a_submitted_sheet_and_withdrawing_a_reason(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, {s.c1.pk: Decimal("8")})
    s.close()
    refused("还没有任何已提交的评分表,不能发布。", lambda: services.round_publish(rnd=s.round, user=s.staff))
    assert s.refresh().is_closed


def test_withdrawing_needs_a_visible_reason_and_clears_the_standings(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=True)
    s.close()
    s.publish()
    assert s.round.standings.count() == 2
    refused(
        "撤回发布必须填写理由。", lambda: services.round_withdraw(rnd=s.round, user=s.staff, reason=" \u3000")
    )
    assert s.refresh().is_published
    services.round_withdraw(rnd=s.round, user=s.staff, reason="分数录错")
    assert s.refresh().is_closed
    assert not s.round.standings.exists()
    assert s.round.history.first().history_change_reason == "撤回发布:分数录错"


def test_opening_lists_every_missing_part(round_setup):
    s = round_setup
    s.round.criteria.all().delete()
    s.round.judges.clear()
    s.round.sites.exclude(village=s.tianwang).delete()
    error = refused("不能开始评分:", lambda: services.round_open(rnd=s.round, user=s.staff))
    assert error.messages == [
        "不能开始评分:",
        "还没有评分细则。",
        "还没有指定评委。",
        "还没有需要评分的观摩点。",
    ]
    assert s.refresh().is_draft


# --- bounds -------------------------------------------------------------------------------


def test_possible_total_is_the_sum_of_maximum_times_weight(round_setup):
    s = round_setup
    assert possible_total(list(s.round.criteria.all())) == Decimal("30")
    assert possible_total([]) == Decimal("0")


def test_a_possible_total_exactly_at_the_limit_opens_and_one_past_it_does_not(round_setup):
    s = round_setup
    assert MAX_POSSIBLE_TOTAL == Decimal("10000")
    # 定标亮诺 maximum × 1 + 人居环境整治 10 × 999: 10000 at maximum 10, 10000.01 at 10.01
    s.c2.weight = Decimal("999")
    s.c2.save()
    s.c1.maximum = Decimal("10.01")
    s.c1.save()
    error = refused(
        "各评分项“满分×权重”之和为 10000.01,超过上限 10000。请减小满分或权重。",
        lambda: services.round_open(rnd=s.round, user=s.staff),
    )
    assert error.messages[1] == "各评分项“满分×权重”之和为 10000.01,超过上限 10000。请减小满分或权重。"
    assert s.refresh().is_draft
    s.c1.maximum = Decimal("10")
    s.c1.save()
    services.round_open(rnd=s.round, user=s.staff)
    assert s.refresh().is_open


def test_a_reason_of_exactly_the_limit_is_kept_and_one_more_is_refused():
    assert REASON_MAX == 90
    assert clean_reason("理" * REASON_MAX) == "理" * 90
    assert clean_reason("  " + "理" * REASON_MAX + "\n") == "理" * 90
    with pytest.raises(RoundError) as info:
        clean_reason("理" * (REASON_MAX + 1))
    assert info.value.messages == ["理由最多 90 个字(现有 91 个字),请精简后重试。"]
    assert clean_reason(None) == ""
    assert clean_reason("\u200b\u3000") == ""


def test_a_correction_reason_past_the_limit_leaves_the_sheet_alone(round_setup):
    s = round_setup
    s.open()
    save(s, s.judge_a, both(s), submit=True)
    s.close()
    refused(
        "理由最多 90 个字(现有 91 个字),请精简后重试。",
        lambda: save(s, s.judge_a, both(s, "9", "9"), actor=s.staff, as_staff=True, reason="理" * 91),
    )
    assert ScoreSheet.objects.get().values[str(s.c1.pk)] == "8"


# --- what the survivors of the mutation run showed ----------------------------------------


def test_a_round_error_reads_as_its_messages_joined():
    assert str(RoundError(["第一条", "第二条"])) == "第一条; 第二条"
    assert RoundError("一条").messages == ["一条"]


def test_closing_lists_every_draft_in_a_fixed_number_of_queries(round_setup, django_assert_num_queries):
    s = round_setup
    s.open()
    save(s, s.judge_a, {s.c1.pk: Decimal("8")})
    save(s, s.judge_b, {s.c1.pk: Decimal("6")})
    with django_assert_num_queries(5):  # savepoints, the locked round, the drafts with judges and villages
        error = refused(
            "还有 2 份评分表是草稿:评委甲(谷庄村)、评委乙(谷庄村)。草稿不计入成绩;"
            "确认仍要结束评分请勾选“草稿不计分,仍然结束”。",
            lambda: services.round_close(rnd=s.round, user=s.staff),
        )
    assert len(error.messages) == 1


def test_a_stale_refusal_gives_the_time_of_the_newer_save(round_setup):
    import datetime

    s = round_setup
    s.open()
    save(s, s.judge_a, both(s))
    then = datetime.datetime(2022, 3, 24, 1, 2, 3, tzinfo=datetime.UTC)
    ScoreSheet.objects.update(updated_at=then)
    with pytest.raises(services.StaleSheetError) as info:
        save(s, s.judge_a, both(s, "1", "1"), version=0)
    assert f"在{timezone.localtime(then).strftime('%H:%M:%S')}修改" in info.value.messages[0]
    assert "在09:02:03修改" in info.value.messages[0]  # Asia/Shanghai, as the settings say
    ScoreSheet.history.all().delete()  # no record of who saved it
    with pytest.raises(services.StaleSheetError) as info:
        save(s, s.judge_a, both(s, "1", "1"), version=0)
    assert info.value.messages[0].startswith("保存未成功:这份评分表已被其他人在")


def test_a_round_read_with_scoring_rights_is_not_read_again(round_setup, django_assert_num_queries):
    s = round_setup
    s.open()
    rnd = InspectionRound.objects.with_scoring_rights(s.judge_a, s.guzhuang).get(pk=s.round.pk)
    with django_assert_num_queries(0):
        assert services.judge_may_score(rnd, s.judge_a, s.guzhuang) is None
    with django_assert_num_queries(1):
        assert services.judge_may_score(s.round, s.judge_a, s.guzhuang) is None


def test_clean_values_parses_each_criterion_and_leaves_blanks_out(round_setup):
    from inspections.services.sheets import clean_values

    s = round_setup
    criteria = list(s.round.criteria.order_by("sort_order"))
    assert clean_values(criteria, {s.c1.pk: " 8.5 ", s.c2.pk: "９"}) == (
        {s.c1.pk: Decimal("8.5"), s.c2.pk: Decimal("9")},
        {},
    )
    assert clean_values(criteria, {s.c1.pk: "11", s.c2.pk: "7"}) == (
        {s.c2.pk: Decimal("7")},
        {s.c1.pk: "“定标亮诺”的分值应在 0 到 10 之间,填写的是 11"},
    )
    assert clean_values(criteria, {s.c2.pk: ""}) == ({}, {})


def test_a_save_with_only_what_is_required_is_a_draft_without_remark(round_setup):
    s = round_setup
    s.open()
    sheet = services.sheet_save(
        rnd=s.round, village=s.guzhuang, judge=s.judge_a, values=both(s), actor=s.judge_a
    )
    assert (sheet.status, sheet.remark, sheet.version) == (ScoreSheet.Status.DRAFT, "", 1)
    assert sheet.history.first().history_change_reason in ("", None)
    s.close()
    with pytest.raises(RoundError) as info:  # no reason given at all
        services.sheet_save(
            rnd=s.round,
            village=s.guzhuang,
            judge=s.judge_a,
            values=both(s),
            actor=s.staff,
            as_staff=True,
            version=1,
        )
    assert info.value.messages == ["评分已结束,更正评分表必须填写理由。"]


def test_a_save_reads_the_round_once_and_criteria_only_when_not_given(round_setup, django_assert_num_queries):
    s = round_setup
    s.open()
    criteria = list(s.round.criteria.all())
    # savepoint, the locked round with the judge's rights, the sheet, its insert, its history, release
    with django_assert_num_queries(6):
        services.sheet_save(
            rnd=s.round,
            village=s.guzhuang,
            judge=s.judge_a,
            values=both(s),
            actor=s.judge_a,
            criteria=criteria,
        )
    with django_assert_num_queries(7):  # and the criteria
        services.sheet_save(rnd=s.round, village=s.cihang, judge=s.judge_a, values=both(s), actor=s.judge_a)


def test_a_correction_after_close_is_logged_with_everything(round_setup, monkeypatch):
    from inspections.services import sheets

    events = []
    monkeypatch.setattr(sheets, "log_event_on_commit", lambda name, **kw: events.append((name, kw)))
    s = round_setup
    s.open()
    sheet = save(s, s.judge_a, both(s), submit=True)
    assert events == []
    s.close()
    save(s, s.judge_a, both(s, "9", "7"), actor=s.staff, as_staff=True, reason="抄错")
    assert events == [
        (
            "score_changed_after_close",
            {
                "round": s.round.pk,
                "sheet": sheet.pk,
                "village": s.guzhuang.pk,
                "judge": s.judge_a.pk,
                "reason": "抄错",
                "by": "staff",
            },
        )
    ]


def test_username_of_no_one_is_none(round_setup):
    from inspections.services.common import username

    assert username(None) is None
    assert username(round_setup.staff) == "staff"
