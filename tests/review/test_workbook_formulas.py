"""Text typed by people (a reason, a title, a criterion or village name) goes into the round
workbook as text: one starting with "=" must not become a live Excel formula in the leaders'
download (formula injection), and must read back as typed."""

from django.urls import reverse
from openpyxl import load_workbook

from inspections import workbook
from inspections.models import Adjustment


def test_text_starting_with_equals_is_exported_as_text_not_a_formula(round_setup, tmp_path):
    s = round_setup
    s.rnd.title = '=HYPERLINK("http://evil.example","点我")'
    s.rnd.save()
    s.c1.name = "=1+1"
    s.c1.save()
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    Adjustment.objects.create(round=s.rnd, village=s.cihang, points=2, reason="=2+3", created_by=s.staff)

    path = tmp_path / "round.xlsx"
    path.write_bytes(workbook.export_round(s.rnd))
    wb = load_workbook(path)  # formulas stay formulas when not data_only

    facts = {row[0].value: row[1] for row in wb["轮次"].iter_rows()}
    assert facts["标题"].value == '=HYPERLINK("http://evil.example","点我")'
    assert facts["标题"].data_type == "s"
    reason = wb["加减分"]["C2"]
    assert (reason.value, reason.data_type) == ("=2+3", "s")
    header = wb["评分表"]["D1"]
    assert (header.value, header.data_type) == ("=1+1", "s")
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title


def test_the_exported_workbook_imports_back_with_such_a_criterion_name(round_setup, login):
    s = round_setup
    s.c1.name = "=1+1"
    s.c1.save()
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    data = workbook.export_round(s.rnd)
    result = workbook.import_scores(s.rnd, data, actor=s.staff)
    assert result.unchanged == 1
    assert login(s.staff).get(reverse("inspections:round-export", args=[s.rnd.pk])).status_code == 200
