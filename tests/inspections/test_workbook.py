"""The round workbook: `export_round`, the download button, `import_scores` and the upload page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from inspections.models import InspectionRound, ScoreSheet

pytestmark = pytest.mark.django_db

SCORE_HEADER = ["单位", "评委", "状态", "定标亮诺", "人居环境整治"]


def text(response):
    return response.content.decode()


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def exported(round_setup, login, tmp_path):
    """谷庄村: three submitted sheets (26, 20 dropped, 28.5 dropped) and −0.5; 慈航路社区: one draft."""
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 5, None, submit=False)
    s.sheet(s.judge_a, s.guzhuang, 8, 9)
    s.sheet(s.judge_b, s.guzhuang, 7, 6.5)
    s.sheet(s.judge_c, s.guzhuang, 9.5, 9.5)
    login(s.staff).post(
        reverse("inspections:round-adjustments", args=[s.rnd.pk]),
        {"village": s.guzhuang.pk, "points": "-0.5", "reason": "台账不全"},
    )
    path = tmp_path / "round.xlsx"
    out = io.StringIO()
    call_command("export_round", str(s.rnd.pk), "-o", str(path), stdout=out)
    s.path = path
    s.export_message = out.getvalue()
    return s


def test_export_round_writes_the_five_sheets_with_their_headers_and_numbers(exported):
    s = exported
    assert f"已导出“2022年第一季度亮赛比”到 {s.path}" in s.export_message
    wb = load_workbook(s.path)

    assert wb.sheetnames == ["轮次", "评分细则", "评分表", "加减分", "排名"]
    facts = {row[0]: row[1] for row in values(wb["轮次"])}
    assert values(wb["轮次"])[0] == ["项目", "内容"]
    assert facts["编号"] == s.rnd.pk
    assert facts["办事处"] == "郑港办事处"
    assert facts["年度"] == 2022
    assert facts["季度"] == 1
    assert facts["状态"] == "评分中"
    assert facts["去掉最高最低分"] == "是"

    criteria = values(wb["评分细则"])
    assert criteria[0][:4] == ["环节", "评分项", "满分", "权重"]
    assert [row[:4] for row in criteria[1:]] == [
        ["实地观摩", "定标亮诺", 10, 1],
        ["实地观摩", "人居环境整治", 10, 2],
    ]

    # The last column is each sheet's version, so an import never overwrites a newer sheet.
    assert values(wb["评分表"]) == [
        SCORE_HEADER + ["版本"],
        ["慈航路社区", "judge_a", "草稿", 5, None, 1],
        ["谷庄村", "judge_a", "已提交", 8, 9, 1],
        ["谷庄村", "judge_b", "已提交", 7, 6.5, 1],
        ["谷庄村", "judge_c", "已提交", 9.5, 9.5, 1],
    ]
    assert values(wb["加减分"]) == [["单位", "分值", "理由"], ["谷庄村", -0.5, "台账不全"]]
    # Extremes dropped: only 评委甲's 26 is kept; 26 − 0.5 = 25.5.
    assert values(wb["排名"]) == [
        ["排名", "单位", "书记", "总分", "加减分", "定标亮诺", "人居环境整治"],
        [1, "谷庄村", "李春生", 25.5, -0.5, 8, 9],
        [None, "慈航路社区", "王建国", "未评分", None, None, None],
    ]


def test_exported_numbers_are_numbers_not_text(exported):
    wb = load_workbook(exported.path)
    cells = [
        wb["轮次"]["B2"],
        wb["轮次"]["B4"],
        wb["评分细则"]["C2"],
        wb["评分细则"]["D3"],
        wb["评分表"]["D3"],
        wb["评分表"]["E4"],
        wb["加减分"]["B2"],
        wb["排名"]["A2"],
        wb["排名"]["D2"],
        wb["排名"]["E2"],
        wb["排名"]["G2"],
    ]
    assert [c.data_type for c in cells] == ["n"] * len(cells)
    assert wb["评分表"]["F2"].data_type == "n"  # the version


def test_export_says_no_for_a_round_that_keeps_extremes(exported):
    s = exported
    s.rnd.drop_extremes = False
    s.rnd.save()
    call_command("export_round", str(s.rnd.pk), "-o", str(s.path), stdout=io.StringIO())
    wb = load_workbook(s.path)
    facts = {row[0]: row[1] for row in values(wb["轮次"])}
    assert facts["去掉最高最低分"] == "否"
    # (26 + 20 + 28.5) / 3 = 24.833… → 24.83; − 0.5 = 24.333… → 24.33
    assert values(wb["排名"])[1][:5] == [1, "谷庄村", "李春生", 24.33, -0.5]


def test_export_refuses_an_unknown_round_and_a_wrong_suffix(exported, tmp_path):
    with pytest.raises(CommandError, match="找不到编号为 999999 的轮次。"):
        call_command("export_round", "999999", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="输出文件应以 .xlsx 结尾。"):
        call_command("export_round", str(exported.rnd.pk), "-o", str(tmp_path / "x.csv"))


def test_the_download_button_returns_the_same_workbook(exported, login):
    s = exported
    client = login(s.zone.users["staff"])

    response = client.get(reverse("inspections:round-export", args=[s.rnd.pk]))
    # Before publishing, every judge's figures are for the office's staff only.
    assert (
        login(s.zone.users["leader"]).get(reverse("inspections:round-export", args=[s.rnd.pk])).status_code
        == 403
    )
    client = login(s.zone.users["staff"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="round-{s.rnd.pk}-2022Q1.xlsx"' in response["Content-Disposition"]
    downloaded = load_workbook(io.BytesIO(response.content))
    from_command = load_workbook(s.path)
    assert downloaded.sheetnames == from_command.sheetnames
    for name in from_command.sheetnames:
        assert values(downloaded[name]) == values(from_command[name]), name


# --- import ------------------------------------------------------------------------------------


def round_facts(rnd):
    return {"编号": rnd.pk, "办事处": rnd.office.name, "年度": rnd.year, "季度": rnd.quarter}


def workbook_bytes(rows, header=None, facts=None):
    """A 评分表 sheet and, unless `facts` says otherwise, the 轮次 sheet of round_setup's round."""
    if facts is None:
        facts = round_facts(InspectionRound.objects.get(office__name="郑港办事处", year=2022, quarter=1))
    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws.append(header or SCORE_HEADER)
    for row in rows:
        ws.append(row)
    if facts:
        info = wb.create_sheet("轮次")
        info.append(["项目", "内容"])
        for key, value in facts.items():
            info.append([key, value])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write(tmp_path, data, name="scores.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_scores", *args, stdout=out, stderr=err)
    except CommandError as error:
        return None, err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def test_import_into_an_open_round_creates_submitted_sheets(round_setup, tmp_path):
    s = round_setup
    s.open()
    path = write(
        tmp_path,
        workbook_bytes(
            [
                ["慈航路社区", "judge_b", "已提交", 7, 8.5],
                ["谷庄村", "judge_b", "", "９", "6"],
                ["谷庄村", "judge_c", "草稿", 1, None],
            ]
        ),
    )

    out, err, failure = run_import(str(s.rnd.pk), path, "--user", "staff")

    assert failure is None, err
    assert "导入完成:新增 2 份,更新 0 份,无变化 0 份,跳过草稿 1 行。" in out
    sheets = ScoreSheet.objects.filter(round=s.rnd).order_by("village__name")
    assert [(sh.village.name, sh.judge.username, sh.values, sh.status, sh.entered_by) for sh in sheets] == [
        ("慈航路社区", "judge_b", {str(s.c1.pk): "7", str(s.c2.pk): "8.5"}, "submitted", s.staff),
        ("谷庄村", "judge_b", {str(s.c1.pk): "9", str(s.c2.pk): "6"}, "submitted", s.staff),
    ]


def test_an_exported_workbook_imports_back_unchanged(exported):
    s = exported
    out, err, failure = run_import(str(s.rnd.pk), str(s.path))
    assert failure is None, err
    assert "导入完成:新增 0 份,更新 0 份,无变化 3 份,跳过草稿 1 行。" in out


def test_import_into_a_closed_round_needs_a_reason_which_lands_in_the_sheet_history(
    round_setup, login, tmp_path
):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    path = write(
        tmp_path,
        workbook_bytes([["慈航路社区", "judge_a", "已提交", 6, 9, 1]], header=SCORE_HEADER + ["版本"]),
    )

    out, err, failure = run_import(str(s.rnd.pk), path)
    assert failure == "导入失败,没有写入任何评分。"
    assert "评分已结束,导入更正必须填写理由(--reason)。" in err
    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8"

    out, err, failure = run_import(str(s.rnd.pk), path, "--reason", "按纸质表更正", "--user", "staff2")
    assert failure is None, err
    assert "更新 1 份" in out
    sheet.refresh_from_db()
    assert (sheet.values[str(s.c1.pk)], sheet.version, sheet.entered_by) == ("6", 2, s.staff2)
    assert sheet.history.first().history_change_reason == "按纸质表更正"
    page = text(login(s.staff).get(reverse("inspections:sheet-detail", args=[sheet.pk])))
    assert "理由:按纸质表更正" in page
    assert "定标亮诺:8 → 6" in page


def test_import_into_a_draft_or_published_round_is_refused(round_setup, tmp_path):
    s = round_setup
    path = write(tmp_path, workbook_bytes([["慈航路社区", "judge_a", "已提交", 6, 9]]))
    out, err, failure = run_import(str(s.rnd.pk), path)
    assert "只能向“评分中”或“已结束”的轮次导入评分。" in err
    assert not ScoreSheet.objects.exists()

    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    out, err, failure = run_import(str(s.rnd.pk), path, "--reason", "更正")
    assert "只能向“评分中”或“已结束”的轮次导入评分。" in err
    sheet.refresh_from_db()
    assert (sheet.values[str(s.c1.pk)], sheet.version) == ("8", 1)


BAD_ROWS = [
    ["不存在村", "judge_a", "已提交", 8, 9],  # 2
    ["谷庄村", "ghost", "已提交", 8, 9],  # 3
    ["谷庄村", "nobody", "已提交", 8, 9],  # 4
    ["谷庄村", "judge_b", "已提交", 11, 9],  # 5
    ["谷庄村", "judge_c", "已提交", "好", 9],  # 6
    ["慈航路社区", "judge_a", "已提交", 8, 9],  # 7 fine on its own
    ["慈航路社区", "judge_a", "已提交", 7, 7],  # 8 duplicate of 7
    ["田王村", "judge_b", "已提交", 8, 9],  # 9 learning visit
    ["慈航路社区", "secretary", "已提交", 8, 9],  # 10 the judge is its secretary
    ["谷庄村", "judge_a", "已提交", 8, None],  # 11 blank value
]
BAD_ROW_MESSAGES = [
    "第 2 行:单位“不存在村”不在本轮观摩点中",
    "第 3 行:找不到评委账号“ghost”",
    "第 4 行:“nobody”不是本轮评委",
    "第 5 行:“定标亮诺”的分值应在 0 到 10 之间,填写的是 11",
    "第 6 行:“定标亮诺”填写的“好”不是数字",
    "第 8 行:与第 7 行是同一单位同一评委",
    "第 9 行:“田王村”是观摩学习点,不评分",
    "第 10 行:评委不能给自己担任书记的村打分",
    "第 11 行:“人居环境整治”未填写",
]


def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(round_setup, tmp_path):
    s = round_setup
    s.open()
    path = write(tmp_path, workbook_bytes(BAD_ROWS))

    out, err, failure = run_import(str(s.rnd.pk), path)

    assert failure == "导入失败,没有写入任何评分。"
    assert err.splitlines() == BAD_ROW_MESSAGES
    assert not ScoreSheet.objects.exists()


def test_a_missing_criterion_column_is_reported(round_setup, tmp_path):
    s = round_setup
    s.open()
    path = write(
        tmp_path,
        workbook_bytes([["谷庄村", "judge_a", "已提交", 8]], header=["单位", "评委", "状态", "定标亮诺"]),
    )

    out, err, failure = run_import(str(s.rnd.pk), path)

    assert "第 1 行缺少列:人居环境整治" in err
    assert not ScoreSheet.objects.exists()


def test_a_workbook_from_another_round_is_refused(exported, tmp_path):
    s = exported
    other = InspectionRound.objects.create(
        office=s.office, year=2022, quarter=2, date="2022-06-23", title="第二季度", drop_extremes=True
    )
    other.criteria.create(name="定标亮诺", maximum=10)
    other.criteria.create(name="人居环境整治", maximum=10, weight=2)
    other.sites.create(village=s.guzhuang, order=1)
    other.judges.set([s.judge_a, s.judge_b, s.judge_c])
    other.status = InspectionRound.Status.OPEN
    other.save()

    out, err, failure = run_import(str(other.pk), str(s.path))

    assert failure == "导入失败,没有写入任何评分。"
    assert (
        f"这个工作簿属于另一轮观摩:编号是“{s.rnd.pk}”,本轮是“{other.pk}”;季度是“1”,本轮是“2”。"
        "请导出本轮的工作簿后再填写。"
    ) in err
    assert not other.sheets.exists()


def test_import_refuses_an_unknown_user_or_a_missing_file(round_setup, tmp_path):
    s = round_setup
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_scores", str(s.rnd.pk), str(tmp_path / "nope.xlsx"))
    path = write(tmp_path, workbook_bytes([]))
    with pytest.raises(CommandError, match="找不到用户“ghost”。"):
        call_command("import_scores", str(s.rnd.pk), path, "--user", "ghost")


# --- the upload page ----------------------------------------------------------------------------


def upload(client, s, data, **extra):
    return client.post(
        reverse("inspections:round-import", args=[s.rnd.pk]),
        {"file": SimpleUploadedFile("scores.xlsx", data), **extra},
    )


def test_upload_page_imports_a_good_file(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(upload(client, s, workbook_bytes([["谷庄村", "judge_b", "已提交", 7, 8.5]])))

    assert "评分已导入。" in page
    assert "新增 1 份,更新 0 份,无变化 0 份,跳过草稿 0 行。" in page
    sheet = ScoreSheet.objects.get()
    assert (sheet.judge, sheet.status, sheet.entered_by) == (s.judge_b, "submitted", s.staff)


def test_upload_page_lists_every_bad_row_and_imports_nothing(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(upload(client, s, workbook_bytes(BAD_ROWS)))

    assert "导入失败,没有写入任何评分。请修改以下问题后重新上传。" in page
    problems = page.split('data-testid="import-problems"')[1].split("</ul>")[0]
    for message in BAD_ROW_MESSAGES:
        assert f"<li>{message}</li>" in problems
    assert not ScoreSheet.objects.exists()


def test_upload_page_refuses_another_rounds_workbook_and_a_non_xlsx_file(exported, login):
    s = exported
    client = login(s.staff)
    data = workbook_bytes(
        [["谷庄村", "judge_a", "已提交", 8, 9]], facts={**round_facts(s.rnd), "办事处": "新港办事处"}
    )

    page = text(upload(client, s, data))
    assert "这个工作簿属于另一轮观摩:办事处是“新港办事处”,本轮是“郑港办事处”。" in page

    page = text(
        client.post(
            reverse("inspections:round-import", args=[s.rnd.pk]),
            {"file": SimpleUploadedFile("scores.csv", b"a,b")},
        )
    )
    assert "只支持 .xlsx 文件(请用“导出工作簿”得到的格式)。" in page


def test_upload_page_on_a_closed_round_needs_a_reason(round_setup, login):
    s = round_setup
    s.open()
    s.close()
    client = login(s.staff)
    data = workbook_bytes([["谷庄村", "judge_b", "已提交", 7, 8.5]])

    page = text(upload(client, s, data))
    assert "评分已结束,导入更正必须填写理由。" in page
    assert not ScoreSheet.objects.exists()

    page = text(upload(client, s, data, reason="补录纸质表"))
    assert "评分已导入。" in page
    assert ScoreSheet.objects.get().history.first().history_change_reason == "补录纸质表"


def test_upload_page_is_for_staff_only(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.zone.users["leader"])
    response = upload(client, s, workbook_bytes([["谷庄村", "judge_b", "已提交", 7, 8.5]]))
    assert response.status_code == 403
    assert not ScoreSheet.objects.exists()
