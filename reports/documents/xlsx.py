"""The office summary as one .xlsx: 排名, 进步榜, 明细, 整改清单, 承诺. Each sheet opens with a title
row (the office, the 通报, its 文号 once issued, its date), then Chinese headers; both are frozen
and repeated on every printed page; A4, fitted to the page width, landscape where a sheet is wide.
Numbers are numbers with two places, widths fit, an empty cell is empty (never "" or "—"), and
typed text that Excel would read as a formula (=, +, -, @) is kept as text."""

import io
import unicodedata
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties

from villages.text import for_excel

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3D9D7")
TWO_PLACES = "0.00"
SIGNED = "+0.00;-0.00;0.00"
FORMULA_STARTS = ("=", "+", "-", "@")
TITLE_FONT = Font(bold=True, size=14)
EMPTY = ("", "—")
WIDE = 7  # columns: a sheet this wide prints landscape


def _text(value):
    return for_excel(str(value))


def _width(value):
    text = (
        value
        if isinstance(value, str)
        else format(value, ".2f")
        if isinstance(value, Decimal)
        else str(value)
    )
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _empty(value):
    return None if isinstance(value, str) and value.strip() in EMPTY else value


def print_setup(sheet, columns, title_rows):
    """A4, fitted to the page width (as many pages down as it takes), landscape when wide, with
    the title and header rows repeated on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if columns >= WIDE else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.print_options.horizontalCentered = True


def _title_cell(sheet, heading, columns):
    sheet.append([heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(columns, 1))
    cell = sheet.cell(row=1, column=1)
    cell.font = TITLE_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 24


def _sheet(workbook, title, header, rows, formats=None, *, heading=""):
    """A sheet with a title row and a bold header, both frozen; `formats` maps a column index to
    a number format."""
    sheet = workbook.create_sheet(title)
    _title_cell(sheet, heading, len(header))
    sheet.append([_text(h) for h in header])
    for cell in sheet[2]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(h) for h in header]
    for values in rows:
        values = [_empty(v) for v in values]
        sheet.append([_text(v) if isinstance(v, str) else v for v in values])
        for index, cell in enumerate(sheet[sheet.max_row]):
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # typed text, never a formula
                cell.quotePrefix = True
            elif value is not None and index in (formats or {}):
                cell.number_format = formats[index]
            if value is not None:
                widths[index] = max(widths[index], min(_width(value), 60))
    sheet.freeze_panes = "A3"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width + 2
    print_setup(sheet, len(header), 2)
    return sheet


def heading_of(summary, issue=None):
    """The title row: the office, the 通报 of the round, its 文号 once issued, and its date (the
    issue date, or the day its figures are stated as of)."""
    from reports.services import office_title  # services builds these documents

    title = issue.title if issue is not None else office_title(summary.round)
    day = issue.issued_on if issue is not None else summary.today
    parts = [summary.office.name, title]
    if issue is not None:
        parts.append(issue.number)
    parts.append(formats.date_format(day))
    return " · ".join(str(p) for p in parts)


def _honours(row):
    return "、".join(
        str(label)
        for label, held in (
            (_("流动红旗"), row.red_flag),
            (_("红榜"), row.red_list),
            (_("关注"), row.attention),
        )
        if held
    )


def _mean(value):
    return Decimal(value) if value not in (None, "", "—") else None


def summary_workbook(summary, issue=None):
    """The workbook of `summary`; `issue` (a reports.models.IssuedSummary) puts its 文号 and date
    in every sheet's title row."""
    board = summary.board
    heading = heading_of(summary, issue)
    workbook = Workbook()
    workbook.remove(workbook.active)
    stage_labels = [str(stage.label) for stage in board.stages]
    n_stages = len(stage_labels)

    ranking = []
    for row in board.rows:
        scored = row.scored
        ranking.append(
            [row.rank, row.village.name, row.secretary_name]
            + ([Decimal(v) if v else None for v in row.stage_subtotals] if scored else [None] * n_stages)
            + [
                row.adjustment if scored and row.adjustment else None,
                row.total if scored else _("未评分"),
                row.delta,
                row.movement_label,
                _honours(row),
            ]
        )
    by_rate = bool(board.comparison and board.comparison.by_rate)
    change = _("得分率变化（百分点）") if by_rate else _("变化")
    two = {i: TWO_PLACES for i in range(3, 3 + n_stages + 2)}
    _sheet(
        workbook,
        _("排名"),
        [
            _("排名"),
            _("单位"),
            _("书记"),
            *stage_labels,
            _("加减分"),
            _("总分"),
            change,
            _("升降"),
            _("荣誉"),
        ],
        ranking,
        {**two, 3 + n_stages: SIGNED, 3 + n_stages + 2: SIGNED},
        heading=heading,
    )

    improvement = summary.improvement
    previous = improvement.previous.period_label if improvement.previous else _("上次")
    headers = [_("名次"), _("单位"), _("{p}总分").format(p=previous), _("本次总分")]
    if by_rate:  # the criteria differ: the change is of 得分率, shown beside the totals
        headers += [_("{p}得分率（%）").format(p=previous), _("本次得分率（%）")]
    lines = [
        [r.improvement_rank, r.village.name, r.previous_total, r.total]
        + ([r.previous_rate, r.rate] if by_rate else [])
        + [r.delta, r.movement_label]
        for r in improvement.ranked
    ] + [
        [_("新参评"), r.village.name, None, r.total]
        + ([None, None] if by_rate else [])
        + [None, r.movement_label]
        for r in improvement.new
    ]
    n = len(headers)
    _sheet(
        workbook,
        _("进步榜"),
        [*headers, change, _("排名升降")],
        lines,
        {**{i: TWO_PLACES for i in range(2, n)}, n: SIGNED},
        heading=heading,
    )

    criteria = board.criteria
    detail = [
        [row.rank, row.village.name, row.secretary_name]
        + [_mean(m) for m in row.criterion_means]
        + [
            row.adjustment if row.scored and row.adjustment else None,
            row.total if row.scored else _("未评分"),
        ]
        for row in board.rows
    ]
    headers = [f"{c.name}（×{c.weight.normalize():f}）" if c.weight != 1 else c.name for c in criteria]
    _sheet(
        workbook,
        _("明细"),
        [_("排名"), _("单位"), _("书记"), *headers, _("加减分"), _("总分")],
        detail,
        {**{i: TWO_PLACES for i in range(3, 3 + len(criteria) + 2)}, 3 + len(criteria): SIGNED},
        heading=heading,
    )

    _sheet(
        workbook,
        _("整改清单"),
        [
            _("序号"),
            _("单位"),
            _("整改事项"),
            _("整改要求"),
            _("责任人"),
            _("整改时限"),
            _("状态"),
            _("逾期"),
            _("提出轮次"),
        ],
        [
            [
                number,
                line.item.village.name,
                line.item.problem,
                line.item.requirement,
                line.item.responsible,
                line.item.deadline,
                line.item.get_status_display(),
                _("是") if line.overdue else _("否"),
                line.item.source_label,
            ]
            for number, line in enumerate(summary.rectifications, start=1)
        ],
        {5: "yyyy-mm-dd"},
        heading=heading,
    )

    _sheet(
        workbook,
        _("承诺"),
        [_("单位"), _("{y}年公开承诺").format(y=summary.round.year), _("已完成"), _("滞后"), _("完成率")],
        [
            [
                line.village.name,
                line.fulfilment.total if line.fulfilment else 0,
                line.fulfilment.done if line.fulfilment else None,
                line.fulfilment.behind if line.fulfilment else None,
                Decimal(line.fulfilment.done) / line.fulfilment.total if line.fulfilment else None,
            ]
            for line in summary.pledges
        ],
        {4: "0%"},
        heading=heading,
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
