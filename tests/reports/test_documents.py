"""The summary as files: PDF (text, A4, page count, embedded fonts), Excel (cells and types, typed
text kept as text), the news brief (.docx), the export_summary command, the kept copies."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from inspections import services
from inspections.models import Commentary, Rectification
from reports import services as report_services
from reports.asof import data_as_of

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(data, tmp_path):
    path = tmp_path / "s.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return text.stdout, info, fonts


def get(client, name, rnd):
    response = client.get(reverse(name, args=[rnd.pk]))
    assert response.status_code == 200, response.status_code
    return response


@needs_poppler
def test_pdf_holds_the_summary_on_a4_with_embedded_fonts(summary_data, login, tmp_path):
    response = get(login(summary_data.zone.users["leader"]), "reports:office-summary-pdf", summary_data.q2)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text, info, fonts = pdf_text(response.content, tmp_path)
    for expected in (
        "后宋村",
        "92.50",
        "慈航路社区",
        "85.00",
        "78.00",
        "陶红梅",
        "坑塘清淤",
        "已逾期",
        "一是要充分发挥党建引领作用",
        "三是要压实整改责任",
        "现场照片6",
    ):
        assert expected in text, expected
    assert "现场照片7" not in text
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 6
    path = tmp_path / "s.pdf"
    last = subprocess.run(
        ["pdfinfo", "-f", str(pages), "-l", str(pages), str(path)], capture_output=True, text=True
    )
    assert "841.89 x 595.276 pts (A4)" in last.stdout  # the criterion appendix is landscape
    numbers = re.findall(r"第 (\d+) 页\s*共 (\d+) 页", text)
    assert numbers == [(str(n), str(pages)) for n in range(1, pages + 1)]
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes yes " in row for row in font_rows), fonts
    assert any("Noto-Serif-CJK-SC" in row for row in font_rows)  # the title, as official documents set it


def test_workbook_sheets_cells_and_types(summary_data, login):
    Rectification.objects.filter(pk=summary_data.items["overdue"].pk).update(problem='=HYPERLINK("x")清淤')
    response = get(login(summary_data.zone.users["leader"]), "reports:office-summary-xlsx", summary_data.q2)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "进步榜", "明细", "整改清单", "承诺"]
    ranking = book["排名"]
    assert ranking["A1"].value.startswith("郑港办事处 · 郑港办事处2022年第二季度“亮赛比”观摩评比情况通报 · ")
    assert [c.value for c in ranking[2]] == [
        "排名",
        "单位",
        "书记",
        "实地观摩",
        "擂台比武",
        "加减分",
        "总分",
        "变化",
        "升降",
        "荣誉",
    ]
    assert ranking.freeze_panes == "A3"
    first = [c for c in ranking[3]]
    assert first[0].value == 1 and first[1].value == "后宋村"
    assert first[3].value == pytest.approx(56.5) and first[3].number_format == "0.00"
    assert first[6].value == pytest.approx(92.5) and first[6].data_type == "n"
    assert first[7].value == pytest.approx(11.4)
    assert first[9].value == "流动红旗、红榜"
    assert ranking.column_dimensions["B"].width >= 12
    assert [c.value for c in book["明细"][2]][3:6] == ["定标亮诺", "人居环境整治（×2）", "集体经济"]
    items = book["整改清单"]
    problems = {row[2].value: row for row in items.iter_rows(min_row=3)}
    cell = problems['=HYPERLINK("x")清淤'][2]
    assert cell.data_type == "s"  # kept as text, never a formula
    assert problems['=HYPERLINK("x")清淤'][7].value == "是"
    pledges = {row[0].value: [c.value for c in row] for row in book["承诺"].iter_rows(min_row=3)}
    assert pledges["慈航路社区"][1:] == [1, 1, 0, 1]
    for sheet in book.worksheets:  # printed on A4, fitted to the width, title and headers on each page
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$2", sheet.title
        assert sheet["A1"].value == ranking["A1"].value
        assert all(c.value != "" for row in sheet.iter_rows() for c in row)  # empty is empty
    assert ranking.page_setup.orientation == "landscape" and book["承诺"].page_setup.orientation == "portrait"


def test_files_survive_control_characters_already_stored(summary_data, login):
    Commentary.objects.filter(round=summary_data.q2).update(text="粘贴\x0b来的\x1b[31m文字")
    Rectification.objects.filter(pk=summary_data.items["done"].pk).update(problem="杂物\x0b清理")
    response = get(login(summary_data.zone.users["leader"]), "reports:office-summary-xlsx", summary_data.q2)
    values = [
        c.value for row in load_workbook(io.BytesIO(response.content))["整改清单"].iter_rows() for c in row
    ]
    assert "杂物\n清理" in values  # a vertical tab read as a line break


def test_brief_holds_the_date_attendance_ranking_and_requirements(summary_data, login):
    response = get(login(summary_data.zone.users["leader"]), "reports:office-brief", summary_data.q2)
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("郑港办事处开展2022年第二季度“亮赛比”观摩评比活动")
    assert "本报讯 6月20日，航空港区郑港办事处组织开展2022年第2季度亮赛比。" in text
    assert "后宋村（92.50分）、慈航路社区（85.00分）、富鑫工作站（85.00分）位列前三名" in text
    assert "后宋村获得流动红旗" in text
    assert "后宋村、谷庄村进步最大" in text
    assert "朱永立对此次活动进行了点评，并对今后工作提出具体要求：一是要充分发挥党建引领作用；二是" in text
    assert "在后宋村，后宋村集体经济稳步增长" in text
    assert len(document.inline_shapes) == 2
    properties = document.core_properties
    assert properties.author == "郑港办事处" and properties.language == "zh-CN"
    assert properties.title == "郑港办事处开展2022年第二季度“亮赛比”观摩评比活动"
    assert properties.created.date() == data_as_of(summary_data.q2)  # the round's publication


def test_pdf_is_built_once_and_rebuilt_when_the_commentary_changes(summary_data, login, monkeypatch):
    calls = []
    real = report_services.html_to_pdf
    monkeypatch.setattr(report_services, "html_to_pdf", lambda html: calls.append(html) or real(html))
    client = login(summary_data.zone.users["leader"])
    first = get(client, "reports:office-summary-pdf", summary_data.q2).content
    again = get(
        login(summary_data.zone.users["zone_leader"]), "reports:office-summary-pdf", summary_data.q2
    ).content
    assert len(calls) == 1 and first == again
    Commentary.objects.create(round=summary_data.q2, kind="requirement", text="要建立长效机制。")
    get(client, "reports:office-summary-pdf", summary_data.q2)
    assert len(calls) == 2 and "四是要建立长效机制。" in calls[-1]
    Rectification.objects.get(pk=summary_data.items["overdue"].pk).save()  # any change to an item
    get(client, "reports:office-summary-pdf", summary_data.q2)
    assert len(calls) == 3
    village = summary_data.q2.sites.get(village__name="后宋村").village
    village.name = "后宋社区"
    village.save()  # a rename: the document prints names
    get(client, "reports:office-summary-pdf", summary_data.q2)
    assert len(calls) == 4 and "后宋社区" in calls[-1]


def test_withdrawn_round_is_not_served_from_the_kept_copy(summary_data, login):
    leader = login(summary_data.zone.users["leader"])
    get(leader, "reports:office-summary-xlsx", summary_data.q2)
    services.round_withdraw(rnd=summary_data.q2, user=summary_data.staff, reason="更正录入错误")
    assert leader.get(reverse("reports:office-summary-xlsx", args=[summary_data.q2.pk])).status_code == 403


def test_without_the_pdf_engine_the_page_says_so_in_chinese(summary_data, login, monkeypatch):
    from reports.documents import pdf

    def missing():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_engine", missing)
    response = login(summary_data.zone.users["leader"]).get(
        reverse("reports:office-summary-pdf", args=[summary_data.q2.pk])
    )
    assert response.status_code == 503
    assert "暂时无法生成 PDF" in response.content.decode()
    assert reverse("reports:office-summary", args=[summary_data.q2.pk]) in response.content.decode()


@needs_poppler
def test_export_summary_command_writes_every_format(summary_data, tmp_path):
    for suffix in ("pdf", "xlsx", "docx"):
        target = tmp_path / f"q2.{suffix}"
        call_command("export_summary", str(summary_data.q2.pk), "-o", str(target), stdout=io.StringIO())
        assert target.stat().st_size > 1000
    text, _info, _fonts = pdf_text((tmp_path / "q2.pdf").read_bytes(), tmp_path)
    assert "后宋村" in text
    zone = tmp_path / "zone.pdf"
    call_command("export_summary", "--zone", "2022", "2", "-o", str(zone), stdout=io.StringIO())
    text, _info, _fonts = pdf_text(zone.read_bytes(), tmp_path)
    assert "航空港区2022年第二季度“亮赛比”观摩评比情况通报" in text
    assert "新港办事处" in text and "未发布" in text


def test_export_summary_command_refuses_what_it_cannot_write(summary_data, tmp_path):
    with pytest.raises(CommandError, match="扩展名"):
        call_command("export_summary", str(summary_data.q2.pk), "-o", str(tmp_path / "q2.txt"))
    with pytest.raises(CommandError, match="没有编号为 999999"):
        call_command("export_summary", "999999", "-o", str(tmp_path / "q2.pdf"))
    services.round_withdraw(rnd=summary_data.q2, user=summary_data.staff, reason="更正")
    with pytest.raises(CommandError, match="尚未发布"):
        call_command("export_summary", str(summary_data.q2.pk), "-o", str(tmp_path / "q2.pdf"))
    with pytest.raises(CommandError, match="只能导出为 .pdf"):
        call_command("export_summary", "--zone", "2022", "2", "-o", str(tmp_path / "z.xlsx"))
    assert not list(tmp_path.glob("q2.*"))
