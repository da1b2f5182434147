"""sheets_import called directly: the same rules as keying in one sheet, for many at once."""

from decimal import Decimal

import pytest

from inspections import services
from inspections.models import ScoreSheet
from inspections.services.imports import ImportRow

pytestmark = pytest.mark.django_db


def row(s, judge, v1, v2, *, version=None, village=None, line=2):
    return ImportRow(
        line=line,
        village=village or s.guzhuang,
        judge=judge,
        values={s.c1.pk: Decimal(v1), s.c2.pk: Decimal(v2)},
        version=version,
    )


def run(s, rows, reason="", actor=None):
    return services.sheets_import(
        rnd=s.round, criteria=list(s.round.criteria.all()), rows=rows, actor=actor or s.staff, reason=reason
    )


def refused(call):
    with pytest.raises(services.RoundError) as info:
        call()
    return info.value.messages


def sheet_of(s, judge, village=None):
    return ScoreSheet.objects.get(round=s.round, village=village or s.guzhuang, judge=judge)


def test_a_draft_or_published_round_takes_no_import(round_setup):
    s = round_setup
    assert refused(lambda: run(s, [row(s, s.judge_a, "8", "7")])) == [
        "只能向“评分中”或“已结束”的轮次导入评分。"
    ]
    s.open()
    s.sheet(s.judge_b, s.guzhuang, 5, 5)
    s.close()
    s.publish()
    assert refused(lambda: run(s, [row(s, s.judge_a, "8", "7")], reason="补录")) == [
        "只能向“评分中”或“已结束”的轮次导入评分。"
    ]
    assert ScoreSheet.objects.count() == 1


@pytest.mark.parametrize("reason", ["", "  ", "\u3000", "\u200b"])
def test_a_closed_round_takes_an_import_only_with_a_reason(round_setup, reason):
    s = round_setup
    s.open()
    s.close()
    assert refused(lambda: run(s, [row(s, s.judge_a, "8", "7")], reason=reason)) == [
        "评分已结束,更正评分表必须填写理由。"
    ]
    assert not ScoreSheet.objects.exists()


def test_a_closed_round_import_with_a_reason_is_kept_with_it(round_setup):
    s = round_setup
    s.open()
    s.close()
    assert run(s, [row(s, s.judge_a, "8", "7")], reason=" 纸质表补录 ") == (1, 0, 0)
    sheet = sheet_of(s, s.judge_a)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at is not None
    assert sheet.entered_by == s.staff
    assert sheet.version == 1
    record = sheet.history.first()
    assert record.history_change_reason == "纸质表补录"
    assert record.history_user == s.staff


def test_an_open_round_import_creates_and_updates_and_counts(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_b, s.guzhuang, 5, 5)
    s.sheet(s.judge_c, s.guzhuang, 6, 6)
    created, updated, unchanged = run(
        s,
        [
            row(s, s.judge_a, "8", "7", line=2),
            row(s, s.judge_b, "9", "9", version=1, line=3),
            row(s, s.judge_c, "6", "6", version=1, line=4),
        ],
    )
    assert (created, updated, unchanged) == (1, 1, 1)
    b = sheet_of(s, s.judge_b)
    assert b.values == {str(s.c1.pk): "9", str(s.c2.pk): "9"}
    assert b.version == 2
    assert b.entered_by == s.staff
    assert b.history.first().history_user == s.staff
    c = sheet_of(s, s.judge_c)
    assert c.version == 1
    assert c.entered_by is None  # unchanged: still the judge's own


def test_a_row_for_a_sheet_deleted_since_the_export_is_refused(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 5, 5)
    ScoreSheet.objects.all().delete()
    messages = refused(lambda: run(s, [row(s, s.judge_a, "8", "7", version=1, line=5)]))
    assert messages == ["第 5 行:谷庄村(评委甲)的评分表已不存在,请重新导出。"]
    assert not ScoreSheet.objects.exists()


def test_a_row_whose_sheet_changed_since_the_export_is_refused_with_both_values(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 5, 5)
    s.sheet(s.judge_a, s.guzhuang, 6, 5)  # version 2 now
    messages = refused(lambda: run(s, [row(s, s.judge_a, "8", "5", version=1, line=3)]))
    assert messages == [
        "第 3 行:谷庄村(评委甲)的评分表在导出后已被修改(导出时第 1 版,现为第 2 版),"
        "没有覆盖:定标亮诺 现为 6,文件中为 8。请重新导出后再填写。"
    ]
    assert sheet_of(s, s.judge_a).values[str(s.c1.pk)] == "6"


def test_a_row_added_by_hand_over_a_sheet_filled_in_since_is_refused(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 5, None, submit=False)
    messages = refused(lambda: run(s, [row(s, s.judge_a, "5", "7", line=4)]))
    assert messages == [
        "第 4 行:谷庄村(评委甲)的评分表在导出后已有人填写,没有覆盖:"
        "人居环境整治 现为 空,文件中为 7;现为草稿。请重新导出后再填写。"
    ]


def test_the_same_values_as_a_stale_sheet_say_so(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 5, 5, submit=False)
    s.sheet(s.judge_a, s.guzhuang, 5, 5, submit=False, remark="改了备注")  # version 2
    messages = refused(lambda: run(s, [row(s, s.judge_a, "5", "5", version=1)]))
    assert messages[0].endswith("没有覆盖:现为草稿。请重新导出后再填写。")


def test_one_stale_row_saves_none_of_the_others(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 5, 5)
    s.sheet(s.judge_a, s.guzhuang, 6, 6)
    messages = refused(
        lambda: run(s, [row(s, s.judge_b, "8", "7", line=2), row(s, s.judge_a, "8", "7", version=1, line=3)])
    )
    assert len(messages) == 1 and messages[0].startswith("第 3 行")
    assert not ScoreSheet.objects.filter(judge=s.judge_b).exists()


def test_the_same_values_over_a_draft_submit_it(round_setup):
    s = round_setup
    s.open()
    draft = s.sheet(s.judge_a, s.guzhuang, 8, 7, submit=False)
    assert draft.status == ScoreSheet.Status.DRAFT
    assert run(s, [row(s, s.judge_a, "8", "7", version=1)]) == (0, 1, 0)
    sheet = sheet_of(s, s.judge_a)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_at is not None
    assert sheet.version == 2
    assert sheet.entered_by == s.staff


def test_the_same_values_over_a_submitted_sheet_change_nothing(round_setup):
    s = round_setup
    s.open()
    submitted = s.sheet(s.judge_a, s.guzhuang, 8, 7)
    assert run(s, [row(s, s.judge_a, "8", "7", version=0)]) == (0, 0, 1)  # even from an old file
    sheet = sheet_of(s, s.judge_a)
    assert sheet.version == 1
    assert sheet.submitted_at == submitted.submitted_at
    assert sheet.history.count() == 1


def test_a_submitted_sheet_updated_keeps_its_submission_time(round_setup):
    s = round_setup
    s.open()
    submitted = s.sheet(s.judge_a, s.guzhuang, 8, 7)
    run(s, [row(s, s.judge_a, "9", "7", version=1)])
    assert sheet_of(s, s.judge_a).submitted_at == submitted.submitted_at


def test_an_import_over_a_reviewed_keyed_sheet_clears_the_review(round_setup):
    s = round_setup
    s.open()
    run(s, [row(s, s.judge_a, "8", "7")], actor=s.staff)
    keyed = sheet_of(s, s.judge_a)
    services.sheet_review(sheet=keyed, reviewer=s.staff2)
    assert sheet_of(s, s.judge_a).reviewed_by == s.staff2
    assert run(s, [row(s, s.judge_a, "9", "7", version=1)], actor=s.staff) == (0, 1, 0)
    sheet = sheet_of(s, s.judge_a)
    assert sheet.reviewed_by is None
    assert sheet.reviewed_at is None
    assert sheet.values[str(s.c1.pk)] == "9"
    assert sheet.version == 2
    record = sheet.history.first()
    assert record.reviewed_by is None
    assert record.values[str(s.c1.pk)] == "9"
    assert record.version == 2


def test_an_import_of_the_same_values_keeps_the_review(round_setup):
    s = round_setup
    s.open()
    run(s, [row(s, s.judge_a, "8", "7")])
    services.sheet_review(sheet=sheet_of(s, s.judge_a), reviewer=s.staff2)
    assert run(s, [row(s, s.judge_a, "8", "7", version=1)]) == (0, 0, 1)
    assert sheet_of(s, s.judge_a).reviewed_by == s.staff2


def test_an_import_after_close_is_logged(round_setup, monkeypatch):
    from inspections.services import imports

    events = []
    monkeypatch.setattr(imports, "log_event_on_commit", lambda name, **kw: events.append((name, kw)))
    s = round_setup
    s.open()
    run(s, [row(s, s.judge_a, "8", "7")])
    assert events == []
    s.close()
    run(s, [row(s, s.judge_b, "8", "7"), row(s, s.judge_a, "9", "7", version=1)], reason="补录")
    assert events == [
        (
            "score_changed_after_close",
            {"round": s.round.pk, "sheets": 2, "via_import": True, "reason": "补录", "by": "staff"},
        )
    ]
    run(s, [row(s, s.judge_b, "8", "7", version=1)], reason="补录")
    assert len(events) == 1  # nothing changed: nothing to log


def test_unchanged_rows_are_counted_and_the_rows_after_them_still_saved(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.sheet(s.judge_b, s.guzhuang, 6, 6)
    counts = run(
        s,
        [
            row(s, s.judge_a, "8", "7", version=1, line=2),
            row(s, s.judge_b, "6", "6", version=1, line=3),
            row(s, s.judge_c, "5", "5", line=4),
        ],
    )
    assert counts == (1, 0, 2)
    assert sheet_of(s, s.judge_c).values == {str(s.c1.pk): "5", str(s.c2.pk): "5"}


def test_every_stale_row_is_listed(round_setup):
    s = round_setup
    s.open()
    for judge in (s.judge_a, s.judge_b):
        s.sheet(judge, s.guzhuang, 5, 5)
    s.sheet(s.judge_c, s.guzhuang, 5, 5)
    s.sheet(s.judge_c, s.guzhuang, 6, 5)  # version 2
    ScoreSheet.objects.filter(judge__in=[s.judge_a, s.judge_b]).delete()
    messages = refused(
        lambda: run(
            s,
            [
                row(s, s.judge_a, "8", "7", version=1, line=2),
                row(s, s.judge_b, "8", "7", version=1, line=3),
                row(s, s.judge_c, "8", "7", version=1, line=4),
                row(
                    s,
                    s.judge_a,
                    "8",
                    "7",
                    version=1,
                    line=5,
                    village=s.cihang,
                ),
            ],
        )
    )
    assert [m[:5] for m in messages] == ["第 2 行", "第 3 行", "第 4 行", "第 5 行"]


def test_an_import_that_only_updates_after_close_is_logged(round_setup, monkeypatch):
    from inspections.services import imports

    events = []
    monkeypatch.setattr(imports, "log_event_on_commit", lambda name, **kw: events.append(kw["sheets"]))
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    run(s, [row(s, s.judge_a, "9", "7", version=1)], reason="补录")
    assert events == [1]
    run(s, [row(s, s.judge_b, "9", "7")], reason="补录")  # only created
    assert events == [1, 1]
