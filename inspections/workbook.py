"""The round workbook (.xlsx): export every sheet of a round, import the 评分表 sheet back.

Sheets: 轮次 (key/value), 评分细则, 评分表 (单位, 评委, 状态, one column per criterion),
加减分 (单位, 分值, 理由), 排名. Values are written as numbers.
"""

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from config.security import log_event_on_commit
from villages.models import Secretary
from villages.spreadsheets import Limits, SpreadsheetError, open_xlsx, sheet_rows
from villages.text import for_excel

from . import selectors
from .models import InspectionRound, ScoreSheet
from .services.common import RoundError, clean_reason
from .services.imports import ImportRow, sheets_import
from .values import ScoreValueError, parse_score

SCORES_SHEET = "评分表"
ROUND_SHEET = "轮次"
FIXED_COLUMNS = ["单位", "评委", "状态"]
VERSION_COLUMN = "版本"  # each sheet's version when exported: an import never overwrites a newer sheet
MAX_BYTES = 5 * 1024 * 1024
MAX_SCORE_ROWS = 5000  # the largest import: 250 villages × 20 judges
STATUS_LABELS = {ScoreSheet.Status.SUBMITTED: "已提交", ScoreSheet.Status.DRAFT: "草稿"}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3D9D7")


def _number(value):
    """Decimal -> int or float so spreadsheets see numbers, not text."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _cells(row):
    # Text stored before input was cleaned may hold control characters a cell cannot take.
    return [for_excel(value) if isinstance(value, str) else value for value in row]


def _sheet(workbook, title, header, rows, widths=None):
    sheet = workbook.create_sheet(title)
    sheet.append(_cells(header))
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(_cells(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # text typed by a person that starts with "=": keep it text
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    return sheet


def export_round(rnd):
    """The round as .xlsx bytes; the workbook is in Chinese whatever the page's language, so it imports back."""
    with translation.override("zh-hans"):
        return _export_round(rnd)


def _export_round(rnd):
    criteria, results = selectors.round_results(rnd)
    sheets = list(
        rnd.sheets.select_related("village", "judge").order_by("village__sort_order", "judge__username")
    )
    site_order = {site.village_id: site.order for site in rnd.sites.all()}
    sheets.sort(key=lambda s: (site_order.get(s.village_id, 0), s.judge.username))

    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        ROUND_SHEET,
        ["项目", "内容"],
        [
            ["编号", rnd.pk],
            ["办事处", rnd.office.name],
            ["年度", rnd.year],
            ["季度", rnd.quarter],
            ["状态", rnd.get_status_display()],
            ["去掉最高最低分", "是" if rnd.drop_extremes else "否"],
            ["标题", rnd.title],
            ["活动日期", rnd.date.isoformat()],
            ["主持", rnd.host],
            ["环节", "+".join(str(s) for s in rnd.stage_labels)],
        ],
        widths=[18, 50],
    )
    _sheet(
        workbook,
        "评分细则",
        ["环节", "评分项", "满分", "权重", "评分标准"],
        [
            [c.get_stage_display(), c.name, _number(c.maximum), _number(c.weight), c.description]
            for c in criteria
        ],
        widths=[12, 28, 8, 8, 60],
    )
    _sheet(
        workbook,
        SCORES_SHEET,
        FIXED_COLUMNS + [c.name for c in criteria] + [VERSION_COLUMN],
        [
            [s.village.name, s.judge.username, STATUS_LABELS[s.status]]
            + [_number(s.decimal_values().get(c.pk)) for c in criteria]
            + [s.version]
            for s in sheets
        ],
        widths=[16, 16, 8] + [14] * len(criteria) + [6],
    )
    adjustments = selectors.adjustments_for(rnd)
    _sheet(
        workbook,
        "加减分",
        ["单位", "分值", "理由"],
        [[a.village.name, _number(a.points), a.reason] for a in adjustments],
        widths=[16, 8, 60],
    )
    _sheet(
        workbook,
        "排名",
        ["排名", "单位", "书记", "总分", "加减分"] + [c.name for c in criteria],
        [
            [
                row.result.rank,
                row.village.name,
                row.secretary.name if row.secretary else "",
                _number(row.result.total),
                _number(row.result.adjustment) if row.result.scored else None,
            ]
            + [_number(m) for m in row.criterion_means]
            if row.result.scored
            else [None, row.village.name, row.secretary.name if row.secretary else "", "未评分", None]
            + [None] * len(criteria)
            for row in results
        ],
        widths=[6, 16, 10, 10, 8] + [14] * len(criteria),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportResult:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.unchanged = 0
        self.skipped_drafts = 0


def _cell_text(value):
    return "" if value is None else str(value).strip()


def _limits(rnd, criteria):
    """What a workbook of this round can hold: a row per judge and scored site, a column per criterion."""
    scored = rnd.sites.filter(is_learning_visit=False).count()
    sheets = min(scored * rnd.judges.count(), MAX_SCORE_ROWS)
    columns = len(FIXED_COLUMNS) + len(criteria) + 1
    # Room for blank lines and a few notes columns a person may add.
    return Limits(max_bytes=MAX_BYTES, max_rows=sheets + 51, max_columns=columns + 10)


ROUND_LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=60, max_columns=10)


def _round_facts(rnd):
    """The rows of the 轮次 sheet that tell which round a workbook belongs to."""
    return {"编号": str(rnd.pk), "办事处": rnd.office.name, "年度": str(rnd.year), "季度": str(rnd.quarter)}


def _check_same_round(rnd, workbook):
    """The round is named by the file itself: its 轮次 sheet must be there, whole, and be this round's."""
    if ROUND_SHEET not in workbook.sheetnames:
        raise RoundError(
            _("工作簿中没有“轮次”工作表,无法确认它属于哪一轮观摩。请用本轮“导出工作簿”得到的文件填写。")
        )
    facts = {}
    for row in sheet_rows(workbook[ROUND_SHEET], ROUND_LIMITS):
        if len(row) >= 2 and _cell_text(row[0]) not in facts:
            facts[_cell_text(row[0])] = _cell_text(row[1])
    expected = _round_facts(rnd)
    missing = [key for key in expected if not facts.get(key)]
    if missing:
        raise RoundError(
            _(
                "“轮次”工作表缺少{keys},无法确认工作簿属于哪一轮观摩。请用本轮“导出工作簿”得到的文件填写。"
            ).format(keys="、".join(f"“{key}”" for key in missing))
        )
    clashes = [
        _("{key}是“{found}”,本轮是“{want}”").format(key=key, found=facts[key], want=want)
        for key, want in expected.items()
        if facts[key] != want
    ]
    if clashes:
        raise RoundError(
            _("这个工作簿属于另一轮观摩:{clashes}。请导出本轮的工作簿后再填写。").format(
                clashes=";".join(clashes)
            )
        )


def _read_sheets(rnd, data, criteria):
    """The 评分表 rows, once the file, its size and its 轮次 sheet have passed."""
    limits = _limits(rnd, criteria)
    try:
        workbook = open_xlsx(data, limits)
        try:
            if SCORES_SHEET not in workbook.sheetnames:
                raise RoundError(_("工作簿中没有名为“评分表”的工作表。"))
            _check_same_round(rnd, workbook)
            return sheet_rows(workbook[SCORES_SHEET], limits)
        finally:
            workbook.close()
    except SpreadsheetError as error:
        raise RoundError(str(error))


def _header(rows, criteria):
    if not rows:
        raise RoundError(_("“评分表”是空的。"))
    header = [_cell_text(h) for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    expected = FIXED_COLUMNS + [c.name for c in criteria]
    known = expected + [VERSION_COLUMN]
    missing = [h for h in expected if h not in header]
    unknown = [h for h in header if h and h not in known]
    twice = sorted({h for h in header if h and header.count(h) > 1}, key=header.index)
    problems = []
    if missing:
        problems.append(_("第 1 行缺少列:{cols}").format(cols="、".join(missing)))
    if unknown:
        problems.append(_("第 1 行有本轮没有的评分项:{cols}").format(cols="、".join(unknown)))
    if twice:
        problems.append(
            _("第 1 行的列出现了不止一次:{cols}。每列只能有一个,请删除重复的列。").format(
                cols="、".join(twice)
            )
        )
    if problems:
        raise RoundError(problems)
    return header, {h: header.index(h) for h in known if h in header}


def _version(text):
    if text == "":
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:
        return False
    if not number.is_finite() or number != number.to_integral_value() or not 0 < number < 10**9:
        return False
    return int(number)


def read_score_rows(rnd, data, criteria=None):
    """Check the 评分表 sheet against the round; return rows or raise RoundError listing every problem.

    Each row is an ImportRow; its version is the sheet's version when the workbook was exported
    (None for a row added by hand).
    """
    criteria = list(rnd.criteria.all()) if criteria is None else criteria
    rows = _read_sheets(rnd, data, criteria)
    header, col = _header(rows, criteria)
    problems = []

    sites = {s.village.name: s for s in rnd.sites.select_related("village")}
    judges = {u.username: u for u in rnd.judges.all()}
    barred = set(
        Secretary.objects.current().filter(user__in=judges.values()).values_list("user_id", "village_id")
    )
    named = {_cell_text(r[col["评委"]]) for r in rows[1:] if len(r) > col["评委"]} - set(judges)
    unknown_users = set(
        get_user_model().objects.filter(username__in=named).values_list("username", flat=True)
    )
    parsed, seen, skipped = [], {}, 0
    for line, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(header) - len(row))
        if not any(_cell_text(v) for v in row):
            continue
        village_name, username, status = (_cell_text(row[col[h]]) for h in FIXED_COLUMNS)
        if status == "草稿":
            skipped += 1
            continue
        reasons = []
        site = sites.get(village_name)
        if not village_name:
            reasons.append(_("“单位”为空"))
        elif site is None:
            reasons.append(_("单位“{name}”不在本轮观摩点中").format(name=village_name))
        elif site.is_learning_visit:
            reasons.append(_("“{name}”是观摩学习点,不评分").format(name=village_name))
        judge = judges.get(username)
        if not username:
            reasons.append(_("“评委”为空"))
        elif judge is None:
            if username in unknown_users:
                reasons.append(_("“{name}”不是本轮评委").format(name=username))
            else:
                reasons.append(_("找不到评委账号“{name}”").format(name=username))
        if status not in ("", "已提交"):
            reasons.append(_("状态“{status}”无法识别(应为 已提交 或 草稿)").format(status=status))
        if site and judge and (judge.pk, site.village_id) in barred:
            reasons.append(_("评委不能给自己担任书记的村打分"))
        version = None
        if VERSION_COLUMN in col:
            version = _version(_cell_text(row[col[VERSION_COLUMN]]))
            if version is False:
                reasons.append(_("“版本”应是导出时的整数,请不要修改(新增的行留空)"))
        values = {}
        for c in criteria:
            try:
                value = parse_score(c, row[col[c.name]])
            except ScoreValueError as error:
                reasons.append(str(error))
                continue
            if value is None:
                reasons.append(_("“{name}”未填写").format(name=c.name))
            else:
                values[c.pk] = value
        if site and judge:
            key = (site.village_id, judge.pk)
            if key in seen:
                reasons.append(_("与第 {line} 行是同一单位同一评委").format(line=seen[key]))
            seen.setdefault(key, line)
        if reasons:
            problems.append(_("第 {line} 行:{reasons}").format(line=line, reasons=";".join(reasons)))
        else:
            parsed.append(ImportRow(line, site.village, judge, values, version))
    if problems:
        raise RoundError(problems)
    if not parsed:
        raise RoundError(_("“评分表”中没有可导入的已提交评分。"))
    return parsed, skipped


@transaction.atomic
def import_scores(rnd, data, *, actor, reason=""):
    """Read the 评分表 sheet into the round: all rows or none; imported sheets are submitted.

    A row whose sheet was changed since the workbook was exported is refused, naming both values.
    """
    rnd = InspectionRound.objects.select_for_update().select_related("office").get(pk=rnd.pk)
    if not (rnd.is_open or rnd.is_closed):
        raise RoundError(_("只能向“评分中”或“已结束”的轮次导入评分。"))
    reason = clean_reason(reason)
    if rnd.is_closed and not reason:
        raise RoundError(_("评分已结束,导入更正必须填写理由(--reason)。"))
    criteria = list(rnd.criteria.all())
    rows, skipped = read_score_rows(rnd, data, criteria)
    outcome = sheets_import(
        rnd=rnd, criteria=criteria, rows=rows, actor=actor, reason=reason or "导入评分工作簿"
    )
    result = ImportResult()
    result.created, result.updated, result.unchanged = outcome
    result.skipped_drafts = skipped
    log_event_on_commit(
        "import",
        kind="scores",
        round=rnd.pk,
        office=rnd.office_id,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        reason=reason or None,
        by=actor.get_username() if actor is not None else None,
    )
    return result
