"""The round workbook import against stale, altered and hostile files: nothing is overwritten or
written that should not be, and a hostile file is refused quickly."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inspections import workbook
from inspections.models import ScoreSheet
from inspections.services import RoundError
from tests.hostile import bomb, declaring, measured, rewrite_part, with_rows, with_shared_strings

pytestmark = pytest.mark.django_db

SCORES_PART = "xl/worksheets/sheet3.xml"  # 轮次, 评分细则, 评分表, …


def edited(data, change):
    """The workbook after a person edited it in Excel: `change(wb)` then save."""
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def set_cell(sheet, ref, value):
    def change(wb):
        wb[sheet][ref] = value

    return change


def refused(s, data, **kwargs):
    with pytest.raises(RoundError) as error:
        workbook.import_scores(s.rnd, data, actor=s.staff, **kwargs)
    return error.value.messages


def scores(s, village, judge):
    sheet = ScoreSheet.objects.get(round=s.rnd, village=village, judge=judge)
    return sheet.values[str(s.c1.pk)], sheet.values[str(s.c2.pk)], sheet.version


@pytest.fixture
def opened(round_setup):
    """谷庄村 scored by judge_a (8, 9) and judge_b (7, 6.5); the workbook exported then."""
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 9)
    s.sheet(s.judge_b, s.guzhuang, 7, 6.5)
    s.data = workbook.export_round(s.rnd)
    return s


# --- a stale workbook --------------------------------------------------------------------------------


def test_an_export_taken_before_a_judge_changed_a_sheet_does_not_overwrite_it(opened):
    s = opened
    s.sheet(s.judge_a, s.guzhuang, 9.5, 9)  # the judge corrects their sheet after the export
    data = edited(s.data, set_cell("评分表", "D3", 7.5))  # staff fix judge_b's row in the old export

    messages = refused(s, data)

    assert messages == [
        "第 2 行:谷庄村(评委甲)的评分表在导出后已被修改(导出时第 1 版,现为第 2 版),"
        "没有覆盖:定标亮诺 现为 9.5,文件中为 8。请重新导出后再填写。"
    ]
    assert scores(s, s.guzhuang, s.judge_a) == ("9.5", "9", 2)
    assert scores(s, s.guzhuang, s.judge_b) == ("7", "6.5", 1)  # all rows or none


def test_a_row_added_by_hand_does_not_overwrite_a_sheet_submitted_since(opened):
    s = opened
    data = edited(s.data, lambda wb: wb["评分表"].append(["慈航路社区", "judge_b", "已提交", 5, 5, None]))
    s.sheet(s.judge_b, s.cihang, 6, 7)  # the judge submits on the phone meanwhile

    messages = refused(s, data)

    assert messages == [
        "第 4 行:慈航路社区(评委乙)的评分表在导出后已有人填写,没有覆盖:"
        "定标亮诺 现为 6,文件中为 5;人居环境整治 现为 7,文件中为 5。请重新导出后再填写。"
    ]
    assert scores(s, s.cihang, s.judge_b) == ("6", "7", 1)


def test_a_fresh_export_updates_with_history_and_the_same_file_twice_changes_nothing(opened):
    s = opened
    data = edited(s.data, set_cell("评分表", "D2", 7.5))

    result = workbook.import_scores(s.rnd, data, actor=s.staff2)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    sheet = ScoreSheet.objects.get(round=s.rnd, village=s.guzhuang, judge=s.judge_a)
    assert (sheet.values[str(s.c1.pk)], sheet.version, sheet.entered_by) == ("7.5", 2, s.staff2)
    record = sheet.history.first()
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        s.staff2,
        "导入评分工作簿",
        "~",
    )
    assert record.values[str(s.c1.pk)] == "7.5"

    again = workbook.import_scores(s.rnd, data, actor=s.staff2)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_the_upload_page_lists_the_stale_rows(opened, login):
    s = opened
    s.sheet(s.judge_b, s.guzhuang, 7, 7)
    page = login(s.staff).post(
        reverse("inspections:round-import", args=[s.rnd.pk]),
        {"file": SimpleUploadedFile("scores.xlsx", edited(s.data, set_cell("评分表", "E3", 6)))},
    )
    body = page.content.decode()
    assert "导入失败,没有写入任何评分。" in body
    assert "谷庄村(评委乙)的评分表在导出后已被修改(导出时第 1 版,现为第 2 版)" in body
    assert "人居环境整治 现为 7,文件中为 6" in body


def test_a_changed_version_number_is_refused(opened):
    s = opened
    assert "第 2 行:“版本”应是导出时的整数,请不要修改(新增的行留空)" in refused(
        s, edited(s.data, set_cell("评分表", "F2", "abc"))
    )


# --- the round named by the file itself ---------------------------------------------------------------


def test_a_workbook_without_its_round_sheet_is_refused(opened):
    s = opened

    def drop(wb):
        del wb["轮次"]

    assert refused(s, edited(s.data, drop)) == [
        "工作簿中没有“轮次”工作表,无法确认它属于哪一轮观摩。请用本轮“导出工作簿”得到的文件填写。"
    ]
    assert not ScoreSheet.objects.filter(version__gt=1).exists()


def test_a_round_sheet_with_rows_removed_or_changed_is_refused(opened):
    s = opened

    def blank_id_and_office(wb):
        wb["轮次"]["B2"] = None
        wb["轮次"]["B3"] = None

    assert refused(s, edited(s.data, blank_id_and_office)) == [
        "“轮次”工作表缺少“编号”、“办事处”,无法确认工作簿属于哪一轮观摩。请用本轮“导出工作簿”得到的文件填写。"
    ]
    assert refused(s, edited(s.data, set_cell("轮次", "B2", s.rnd.pk + 1))) == [
        f"这个工作簿属于另一轮观摩:编号是“{s.rnd.pk + 1}”,本轮是“{s.rnd.pk}”。请导出本轮的工作簿后再填写。"
    ]


def test_a_criterion_column_twice_in_the_header_is_refused(opened):
    s = opened

    def second_column(wb):
        sheet = wb["评分表"]
        sheet["G1"] = "定标亮诺"
        sheet["G2"] = 1

    assert refused(s, edited(s.data, second_column)) == [
        "第 1 行的列出现了不止一次:定标亮诺。每列只能有一个,请删除重复的列。"
    ]


# --- hostile files -----------------------------------------------------------------------------------

HOSTILE = {
    # 9 KB declaring 5,000 rows, for a round of 2 scored sites × 4 judges.
    "declared-rows": (
        lambda d: declaring(d, "A1:F5000", SCORES_PART),
        "声明有 5000 行 × 6 列,超过上限(59 行、16 列)",
    ),
    "declared-huge": (lambda d: declaring(d, part=SCORES_PART), "声明有 1048576 行 × 16384 列"),
    "zip-bomb": (lambda d: bomb(d, 50, SCORES_PART), "文件解压后过大(50.0 MB,上限 20 MB)"),
    "rows-streamed": (
        lambda d: with_rows(d, ["<row><c><v>1</v></c></row>" * 1000], SCORES_PART),
        "工作表“评分表”超过 59 行(含表头)",
    ),
    "bomb-in-round-sheet": (lambda d: bomb(d, 5, "xl/worksheets/sheet1.xml"), "文件解压后过大(5.0 MB"),
    "round-sheet-rows": (
        lambda d: declaring(d, "A1:B100000", "xl/worksheets/sheet1.xml"),
        "工作表“轮次”声明有 100000 行 × 2 列",
    ),
    "shared-strings": (
        lambda d: with_shared_strings(d, 100_000),
        "文件中的文字或格式记录过多(文字 100000 条",
    ),
    "not-a-zip": (lambda d: d[:5000], "无法读取该 Excel 文件,请确认它是 .xlsx 格式且未损坏。"),
    "broken-xml": (
        lambda d: rewrite_part(d, SCORES_PART, lambda xml: xml.replace("</sheetData>", "<row>")),
        "无法读取工作表“评分表”",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_workbook_is_refused_quickly_and_writes_nothing(opened, login, case):
    s = opened
    build, message = HOSTILE[case]
    data = build(s.data)
    client = login(s.staff)
    url = reverse("inspections:round-import", args=[s.rnd.pk])

    response, _seconds, peak_mb = measured(
        client.post, url, {"file": SimpleUploadedFile("scores.xlsx", data)}
    )

    assert message in response.content.decode()
    assert peak_mb < 50, peak_mb
    assert ScoreSheet.objects.filter(round=s.rnd).count() == 2
    assert not ScoreSheet.objects.filter(version__gt=1).exists()


def test_the_command_checks_the_size_before_reading(opened, tmp_path):
    from django.core.management import CommandError, call_command

    s = opened
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"x" * (5 * 1024 * 1024 + 1))
    err = io.StringIO()
    with pytest.raises(CommandError, match="导入失败,没有写入任何评分。"):
        call_command("import_scores", str(s.rnd.pk), str(path), stdout=io.StringIO(), stderr=err)
    assert "文件过大(超过 5 MB)" in err.getvalue()


# --- a fixed number of queries ----------------------------------------------------------------------


def test_an_import_takes_the_same_number_of_queries_for_few_and_many_rows(build_round, zone):
    def queries(villages, judges, prefix, year):
        rnd, _villages, _judges, _criteria = build_round(villages, judges, 3, prefix=prefix, year=year)
        data = workbook.export_round(rnd)
        data = edited(
            data, lambda wb: [row[3].__setattr__("value", 10) for row in wb["评分表"].iter_rows(min_row=2)]
        )
        with CaptureQueriesContext(connection) as context:
            result = workbook.import_scores(rnd, data, actor=zone.users["staff"])
        assert result.updated == villages * judges
        return len(context.captured_queries)

    few = queries(2, 2, "a", 2023)
    many = queries(6, 5, "b", 2024)
    assert few == many, (few, many)
    assert many <= 20
