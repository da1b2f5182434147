"""Roster import (花名册导入) through `import_roster FILE` and the upload page /roster/import/."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from villages.models import Office, Secretary, Village

HEADER = ["办事处", "单位", "类型", "党支部书记", "联系电话"]
SAMPLE = Path(__file__).resolve().parents[2] / "villages" / "samples" / "roster_sample.csv"

ROWS = [
    HEADER,
    ["郑港办事处", "慈航路社区", "社区", "王建国", "13800000001"],
    ["郑港办事处", "谷庄村", "行政村", "李春生", "13800000002"],
    ["新港办事处", "世东建设", "企业党支部", "陈世东", ""],
]


def csv_bytes(rows, *, bom=False, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="导入失败,没有写入任何数据。"):
        call_command("import_roster", path, stdout=out, stderr=err)
    return err.getvalue()


def snapshot():
    """Everything an import may write, for 'nothing changed' comparisons."""
    return (
        sorted(Office.objects.values_list("name", "kind")),
        sorted(Village.objects.values_list("office__name", "name", "kind", "sort_order")),
        sorted(
            Secretary.objects.values_list(
                "village__name", "name", "phone", "start_date", "end_date", "user_id"
            )
        ),
    )


def upload(client, name, data):
    return client.post(reverse("villages:roster-import"), {"file": SimpleUploadedFile(name, data)})


def current_secretary(office, village):
    return Secretary.objects.current().get(village__office__name=office, village__name=village)


# --- the command: file formats ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_it_imports_a_utf8_csv_creating_offices_villages_and_secretaries(tmp_path, bom):
    out, err = run_import(write(tmp_path, "名单.csv", csv_bytes(ROWS, bom=bom)))

    assert err == ""
    assert "新建办事处 2 个" in out
    assert "新建村(社区)3 个" in out
    assert "新任书记 3 位" in out
    assert sorted(Office.objects.values_list("name", flat=True)) == ["新港办事处", "郑港办事处"]
    assert Village.objects.get(name="慈航路社区").kind == Village.Kind.COMMUNITY
    assert Village.objects.get(name="世东建设").kind == Village.Kind.ENTERPRISE
    secretary = current_secretary("郑港办事处", "慈航路社区")
    assert (secretary.name, secretary.phone) == ("王建国", "13800000001")
    assert current_secretary("新港办事处", "世东建设").phone == ""


@pytest.mark.django_db
def test_it_imports_an_xlsx_with_phone_typed_as_a_number(tmp_path):
    rows = [
        HEADER,
        ["郑港办事处", "谷庄村", "村", "李春生", 13800000002],
        ["IT产业园社区服务中心", "富鑫工作站", "工作站", "周富鑫", None],
    ]

    run_import(write(tmp_path, "roster.xlsx", xlsx_bytes(rows)))

    assert current_secretary("郑港办事处", "谷庄村").phone == "13800000002"
    assert Village.objects.get(name="谷庄村").kind == Village.Kind.VILLAGE
    assert Office.objects.get(name="IT产业园社区服务中心").kind == Office.Kind.SERVICE_CENTER
    assert Office.objects.get(name="郑港办事处").kind == Office.Kind.OFFICE


@pytest.mark.django_db
def test_it_imports_the_shipped_sample(tmp_path):
    out, _err = run_import(str(SAMPLE))

    assert Office.objects.count() == 4
    assert Village.objects.count() == 7
    assert Secretary.objects.current().count() == 7
    assert current_secretary("明港办事处", "陶庄村").name == "陶明亮"
    assert "新建村(社区)7 个" in out


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_reimporting_the_same_file_changes_nothing(tmp_path, kind):
    data = csv_bytes(ROWS) if kind == "csv" else xlsx_bytes(ROWS)
    path = write(tmp_path, f"roster.{kind}", data)
    run_import(path)
    before = snapshot()

    out, _err = run_import(path)

    assert snapshot() == before
    assert Secretary.objects.count() == 3
    assert "新建办事处 0 个" in out and "新任书记 0 位" in out
    assert "无变化 3 行" in out


@pytest.mark.django_db
def test_a_changed_secretary_ends_the_old_tenure_and_starts_a_new_one(tmp_path):
    run_import(write(tmp_path, "a.csv", csv_bytes(ROWS)))
    changed = [row[:] for row in ROWS]
    changed[1][3], changed[1][4] = "张新任", "13900000009"

    out, _err = run_import(write(tmp_path, "b.csv", csv_bytes(changed)))

    tenures = Secretary.objects.filter(village__name="慈航路社区").order_by("id")
    assert [(t.name, t.end_date is None) for t in tenures] == [("王建国", False), ("张新任", True)]
    assert tenures[0].end_date is not None
    assert tenures[1].phone == "13900000009"
    assert "新任书记 1 位" in out
    assert "无变化 2 行" in out


@pytest.mark.django_db
def test_a_changed_phone_updates_the_current_secretary_without_a_new_tenure(tmp_path):
    run_import(write(tmp_path, "a.csv", csv_bytes(ROWS)))
    changed = [row[:] for row in ROWS]
    changed[2][4] = "13700000000"

    out, _err = run_import(write(tmp_path, "b.csv", csv_bytes(changed)))

    assert Secretary.objects.filter(village__name="谷庄村").count() == 1
    assert current_secretary("郑港办事处", "谷庄村").phone == "13700000000"
    assert "更新电话 1 条" in out


@pytest.mark.django_db
def test_a_changed_kind_updates_the_village(tmp_path):
    run_import(write(tmp_path, "a.csv", csv_bytes(ROWS)))
    changed = [row[:] for row in ROWS]
    changed[2][2] = "党建观摩点"

    out, _err = run_import(write(tmp_path, "b.csv", csv_bytes(changed)))

    assert Village.objects.get(name="谷庄村").kind == Village.Kind.SITE
    assert "类型变更 1 个" in out


# --- the command: bad files import nothing --------------------------------------------------


@pytest.mark.django_db
def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(tmp_path):
    rows = [
        HEADER,
        ["郑港办事处", "慈航路社区", "社区", "王建国", "13800000001"],  # fine
        ["郑港办事处", "谷庄村", "行政村", "", "13800000002"],  # 3: empty secretary
        ["郑港办事处", "后宋村", "乡镇", "宋立新", ""],  # 4: unknown kind
        ["郑港办事处", "慈航路社区", "社区", "王建国", ""],  # 5: duplicate of row 2
        ["新港办事处", "田王村", "行政村", "田志强", "电话未知"],  # 6: bad phone
        ["", "", "", "", ""],  # blank line: skipped, not an error
        ["新港办事处", "", "行政村", "某某", ""],  # 8: empty unit
    ]

    err = run_failing_import(write(tmp_path, "bad.csv", csv_bytes(rows)))

    assert "第 3 行:“党支部书记”为空。" in err
    assert "第 4 行:未知类型“乡镇”(可填:行政村、社区、工作站、党建观摩点、企业党支部)。" in err
    assert "第 5 行:单位“慈航路社区”与第 2 行重复。" in err
    assert "第 6 行:联系电话“电话未知”格式不正确。" in err
    assert "第 8 行:“单位”为空。" in err
    assert "第 2 行" not in err.replace("与第 2 行重复", "")
    assert "第 7 行" not in err
    assert Office.objects.count() == 0
    assert Village.objects.count() == 0
    assert Secretary.objects.count() == 0


@pytest.mark.django_db
def test_one_row_can_have_several_reasons(tmp_path):
    rows = [HEADER, ["郑港办事处", "谷庄村", "", "", "abc"]]

    err = run_failing_import(write(tmp_path, "bad.csv", csv_bytes(rows)))

    assert "第 2 行:“类型”为空;“党支部书记”为空;联系电话“abc”格式不正确。" in err


@pytest.mark.django_db
def test_a_header_missing_a_column_is_reported(tmp_path):
    rows = [["办事处", "单位", "党支部书记"], ["郑港办事处", "谷庄村", "李春生"]]

    err = run_failing_import(write(tmp_path, "bad.csv", csv_bytes(rows)))

    assert "第 1 行表头缺少列:类型、联系电话。表头应为 办事处,单位,类型,党支部书记,联系电话。" in err
    assert Village.objects.count() == 0


@pytest.mark.django_db
def test_columns_may_come_in_any_order(tmp_path):
    rows = [
        ["单位", "办事处", "联系电话", "党支部书记", "类型"],
        ["谷庄村", "郑港办事处", "", "李春生", "行政村"],
    ]

    run_import(write(tmp_path, "reordered.csv", csv_bytes(rows)))

    assert current_secretary("郑港办事处", "谷庄村").name == "李春生"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data, message",
    [
        ("roster.txt", csv_bytes(ROWS), "只支持 .xlsx 或 .csv 文件。"),
        ("roster.xls", b"\xd0\xcf\x11\xe0 old excel", "只支持 .xlsx 或 .csv 文件。"),
        (
            "roster.xlsx",
            b"PK\x03\x04 this is not really a workbook",
            "无法读取该 Excel 文件,请确认它是 .xlsx 格式且未损坏。",
        ),
        (
            "roster.csv",
            csv_bytes(ROWS, encoding="gbk"),
            "CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”后重试。",
        ),
        ("roster.csv", csv_bytes([HEADER]), "文件里只有表头,没有任何数据行。"),
        ("roster.xlsx", xlsx_bytes([HEADER]), "文件里只有表头,没有任何数据行。"),
        ("roster.csv", b"", "文件是空的:第 1 行应为表头 办事处,单位,类型,党支部书记,联系电话。"),
    ],
    ids=["txt", "xls", "broken-xlsx", "gbk-csv", "header-only-csv", "header-only-xlsx", "empty"],
)
def test_unreadable_files_are_refused_with_a_chinese_reason(tmp_path, name, data, message):
    err = run_failing_import(write(tmp_path, name, data))

    assert message in err
    assert Office.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_roster", str(tmp_path / "nope.csv"))


# --- the upload page --------------------------------------------------------------------------


def test_admin_upload_creates_offices_and_reports_success(login, zone):
    rows = [HEADER, ["明港办事处", "陶庄村", "行政村", "陶明亮", "13800000021"]]

    response = upload(login(zone.users["admin"]), "roster.csv", csv_bytes(rows, bom=True))
    body = response.content.decode()

    assert response.status_code == 200
    assert "名单导入成功。" in body
    assert "新建办事处 1 个:明港办事处" in body
    assert "新建村(社区)1 个:陶庄村" in body
    assert current_secretary("明港办事处", "陶庄村").name == "陶明亮"


def test_page_says_nothing_changed_on_reimport(login, zone):
    rows = [
        HEADER,
        ["郑港办事处", "慈航路社区", "社区", "王建国", ""],
        ["郑港办事处", "谷庄村", "行政村", "李春生", ""],
    ]
    before = snapshot()

    response = upload(login(zone.users["staff"]), "roster.xlsx", xlsx_bytes(rows))
    body = response.content.decode()

    assert "名单与系统中一致,没有变化。" in body
    assert "无变化 2 行" in body
    assert snapshot() == before


def test_staff_reimporting_their_own_upload_changes_nothing(login, zone):
    rows = [HEADER, ["郑港办事处", "后宋村", "行政村", "宋立新", "13800000003"]]
    c = login(zone.users["staff"])
    first = upload(c, "roster.csv", csv_bytes(rows)).content.decode()
    after_first = snapshot()

    second = upload(c, "roster.csv", csv_bytes(rows)).content.decode()

    assert "名单导入成功。" in first
    assert "没有变化" in second
    assert snapshot() == after_first


def test_page_lists_every_bad_row_and_writes_nothing(login, zone):
    rows = [
        HEADER,
        ["郑港办事处", "后宋村", "行政村", "宋立新", ""],
        ["郑港办事处", "陈庄村", "自然村", "陈某", ""],
        ["郑港办事处", "后宋村", "行政村", "宋立新", "12"],
    ]
    before = snapshot()

    body = upload(login(zone.users["staff"]), "roster.csv", csv_bytes(rows)).content.decode()

    assert "导入失败,没有写入任何数据。请修改以下问题后重新上传。" in body
    assert "发现以下问题:" in body
    assert "第 3 行:未知类型“自然村”" in body
    assert "第 4 行:联系电话“12”格式不正确;单位“后宋村”与第 2 行重复。" in body
    assert snapshot() == before


def test_staff_cannot_import_rows_for_another_office(login, zone):
    rows = [
        HEADER,
        ["郑港办事处", "后宋村", "行政村", "宋立新", ""],
        ["新港办事处", "田王村", "行政村", "新书记", ""],
    ]
    before = snapshot()

    body = upload(login(zone.users["staff"]), "roster.csv", csv_bytes(rows)).content.decode()

    assert "第 3 行:您无权导入办事处“新港办事处”的名单。" in body
    assert "第 2 行" not in body
    assert snapshot() == before
    assert not Village.objects.filter(name="后宋村").exists()


def test_staff_cannot_create_a_new_office(login, zone):
    rows = [HEADER, ["银河办事处", "示例一村", "行政村", "蒋示河", ""]]
    before = snapshot()

    body = upload(login(zone.users["staff"]), "roster.csv", csv_bytes(rows)).content.decode()

    assert "第 2 行:办事处“银河办事处”不存在(新办事处请联系管理员添加)。" in body
    assert snapshot() == before


def test_staff_sees_which_offices_they_may_import(login, zone):
    body = login(zone.users["staff"]).get(reverse("villages:roster-import")).content.decode()

    assert "您可以导入的办事处:郑港办事处" in body
    assert "新港办事处" not in body


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("roster.txt", csv_bytes(ROWS), "只支持 .xlsx 或 .csv 文件。"),
        ("roster.xlsx", b"not a zip at all", "无法读取该 Excel 文件,请确认它是 .xlsx 格式且未损坏。"),
        ("roster.csv", csv_bytes(ROWS, encoding="gbk"), "CSV 文件不是 UTF-8 编码。"),
        ("roster.csv", csv_bytes([HEADER]), "文件里只有表头,没有任何数据行。"),
    ],
    ids=["txt", "broken-xlsx", "gbk-csv", "header-only"],
)
def test_page_refuses_unreadable_files_in_chinese(login, zone, name, data, message):
    before = snapshot()

    response = upload(login(zone.users["admin"]), name, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_page_requires_a_file(login, zone):
    # What a browser sends when no file was chosen: the submit button, no file.
    response = login(zone.users["staff"]).post(reverse("villages:roster-import"), {"upload": "导入"})

    assert "这个字段是必填项。" in response.content.decode()


def test_secretary_change_through_the_page_keeps_history_on_the_village_page(login, zone):
    rows = [HEADER, ["郑港办事处", "慈航路社区", "社区", "张新任", "13900000009"]]
    c = login(zone.users["staff"])

    body = upload(c, "roster.csv", csv_bytes(rows)).content.decode()

    assert "新任书记 1 位:慈航路社区:张新任" in body
    old = Secretary.objects.get(village=zone.cihang, name="王建国")
    assert old.end_date is not None
    assert current_secretary("郑港办事处", "慈航路社区").name == "张新任"
    village_page = c.get(reverse("villages:village-detail", args=[zone.cihang.pk])).content.decode()
    assert "张新任" in village_page and "王建国" in village_page


def test_the_replaced_secretary_loses_access_to_the_private_page(login, zone):
    rows = [HEADER, ["郑港办事处", "慈航路社区", "社区", "张新任", ""]]
    upload(login(zone.users["staff"]), "roster.csv", csv_bytes(rows))

    response = login(zone.users["secretary"]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))

    assert response.status_code == 403


# --- the templates ---------------------------------------------------------------------------


def read_template(response, fmt):
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return [row for row in csv.reader(io.StringIO(text))]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_download_has_the_roster_header(login, zone, fmt):
    response = login(zone.users["staff"]).get(reverse("villages:roster-template", args=[fmt]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="roster-template.{fmt}"'
    assert read_template(response, fmt)[0] == HEADER


def test_csv_template_starts_with_a_bom_for_excel(login, zone):
    response = login(zone.users["staff"]).get(reverse("villages:roster-template", args=["csv"]))

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloaded_template_imports_cleanly_for_staff(login, zone, fmt):
    c = login(zone.users["staff"])
    template = c.get(reverse("villages:roster-template", args=[fmt]))

    body = upload(c, f"roster-template.{fmt}", template.content).content.decode()

    assert "名单导入成功。" in body
    assert current_secretary("郑港办事处", "慈航路社区").name == "王某某"
    assert current_secretary("郑港办事处", "谷庄村").name == "李某某"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloaded_template_imports_via_the_command_on_an_empty_database(client, zone, tmp_path, fmt):
    client.force_login(zone.users["admin"])
    template = client.get(reverse("villages:roster-template", args=[fmt]))
    Secretary.objects.all().delete()

    out, err = run_import(write(tmp_path, f"t.{fmt}", template.content))

    assert err == ""
    assert "新任书记 2 位" in out


def test_unchanged_rows_are_counted_even_when_a_same_named_unit_is_new_elsewhere(tmp_path, zone):
    rows = [
        HEADER,
        ["新港办事处", "谷庄村", "行政村", "另一位书记", ""],  # new: a 谷庄村 in another office
        ["郑港办事处", "谷庄村", "行政村", "李春生", ""],  # unchanged
    ]

    out, _err = run_import(write(tmp_path, "roster.csv", csv_bytes(rows)))

    assert "新建村(社区)1 个" in out
    assert "无变化 1 行" in out
