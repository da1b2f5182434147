"""Roster files built to take a worker down are refused quickly, in little memory, and write nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.hostile import bomb, declaring, measured, with_rows, with_shared_strings, workbook_bytes
from villages.models import Office, Village

HEADER = ["办事处", "单位", "类型", "党支部书记", "联系电话"]
GOOD = [HEADER, ["郑港办事处", "新建村", "行政村", "新书记", ""]]


def upload(client, data, name="roster.xlsx"):
    return client.post(reverse("villages:roster-import"), {"file": SimpleUploadedFile(name, data)})


def problems(response):
    body = response.content.decode()
    assert "导入失败,没有写入任何数据。" in body
    return body.split('data-testid="roster-problems"')[1].split("</ul>")[0]


def gap_row():
    return '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>郑港办事处</t></is></c></row>'


def far_cell():
    return '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'


def tiny_rows(n):
    return ["<row><c><v>1</v></c></row>" * n]


HOSTILE = {
    # 5 KB, declaring 1,048,576 × 16,384 cells: openpyxl would pad every row to the declared width.
    "declared-huge": (lambda: declaring(workbook_bytes(GOOD)), "声明有 1048576 行 × 16384 列"),
    "declared-rows": (lambda: declaring(workbook_bytes(GOOD), "A1:E6000"), "声明有 6000 行 × 5 列"),
    # 132 KB unpacking to 50 MB of sheet XML.
    "zip-bomb": (lambda: bomb(workbook_bytes(GOOD), 50), "文件解压后过大(50.0 MB,上限 10 MB)"),
    # Within the size limit, but packed hundreds of times: not a spreadsheet a person made.
    "packed-tight": (lambda: bomb(workbook_bytes(GOOD), 5), "文件解压后过大(5.0 MB,上限 10 MB)"),
    # No dimension, rows past the limit: counted while streaming.
    "rows-undeclared": (lambda: with_rows(workbook_bytes(GOOD), tiny_rows(20_000)), "超过 5011 行(含表头)"),
    # The header, then one row numbered 1,048,576: the rows between are blank, counted all the same.
    "row-gap": (lambda: with_rows(workbook_bytes(GOOD), [gap_row()]), "超过 5011 行(含表头)"),
    "far-column": (lambda: with_rows(workbook_bytes(GOOD), [far_cell()]), "第 2 行超过 10 列"),
    # 1.5 MB holding 400,000 shared strings: openpyxl would build each before the first row.
    "shared-strings": (
        lambda: with_shared_strings(workbook_bytes(GOOD), 400_000),
        "文件中的文字或格式记录过多(文字 400000 条",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_xlsx_is_refused_in_little_memory(login, zone, case):
    build, message = HOSTILE[case]
    data = build()
    assert len(data) < 2 * 1024 * 1024
    before = (Office.objects.count(), Village.objects.count())
    client = login(zone.users["admin"])

    response, _seconds, peak_mb = measured(upload, client, data)  # time: bench/hostile.py

    assert message in problems(response)
    assert peak_mb < 50, peak_mb
    assert (Office.objects.count(), Village.objects.count()) == before


def test_the_same_limits_hold_for_csv(login, zone):
    client = login(zone.users["admin"])
    many_rows = ("\n".join(",".join(r) for r in GOOD) + "\n" + "x\n" * 6000).encode()
    wide = ("\n".join(",".join(r) for r in GOOD) + "\n" + "," * 40 + "x\n").encode()
    huge_cell = ("\n".join(",".join(r) for r in GOOD) + '\n"' + "x" * 200_000 + '"\n').encode()

    assert "超过 5011 行(含表头)" in problems(upload(client, many_rows, "roster.csv"))
    assert "第 3 行超过 10 列" in problems(upload(client, wide, "roster.csv"))
    assert "第 3 行格式有误" in problems(upload(client, huge_cell, "roster.csv"))
    assert not Village.objects.filter(name="新建村").exists()


def test_a_file_within_the_limits_still_imports(login, zone):
    rows = GOOD + [["郑港办事处", f"示例村{i}", "行政村", f"书记{i}", ""] for i in range(4990)]
    response = upload(login(zone.users["admin"]), workbook_bytes(rows))
    assert "名单导入成功。" in response.content.decode()
    assert Village.objects.filter(office__name="郑港办事处").count() == 4991 + 2


@pytest.mark.django_db
def test_the_command_checks_the_size_before_reading(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    err = io.StringIO()
    with pytest.raises(CommandError, match="导入失败,没有写入任何数据。"):
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=err)
    assert "文件过大(超过 2 MB)" in err.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_zip_bomb(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(bomb(workbook_bytes(GOOD), 50))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=err)
    assert "文件解压后过大" in err.getvalue()
