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
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from villages.models import Secretary

from . import selectors
from .models import ScoreSheet
from .services import RoundError, sheet_save
from .values import ScoreValueError, parse_score

SCORES_SHEET = "评分表"
ROUND_SHEET = "轮次"
FIXED_COLUMNS = ["单位", "评委", "状态"]
STATUS_LABELS = {ScoreSheet.Status.SUBMITTED: "已提交", ScoreSheet.Status.DRAFT: "草稿"}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3D9D7")


def _number(value):
    """Decimal -> int or float so spreadsheets see numbers, not text."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(workbook, title, header, rows, widths=None):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(row)
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
        FIXED_COLUMNS + [c.name for c in criteria],
        [
            [s.village.name, s.judge.username, STATUS_LABELS[s.status]]
            + [_number(s.decimal_values().get(c.pk)) for c in criteria]
            for s in sheets
        ],
        widths=[16, 16, 8] + [14] * len(criteria),
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


def _check_same_round(rnd, facts):
    """A workbook exported from another round (its 轮次 sheet says so) is refused."""
    expected = {"办事处": rnd.office.name, "年度": str(rnd.year), "季度": str(rnd.quarter)}
    clashes = [
        _("{key}是“{found}”,本轮是“{want}”").format(key=key, found=facts[key], want=want)
        for key, want in expected.items()
        if facts.get(key) and facts[key] != want
    ]
    if clashes:
        raise RoundError(
            _("这个工作簿属于另一轮观摩:{clashes}。请导出本轮的工作簿后再填写。").format(
                clashes=";".join(clashes)
            )
        )


def read_score_rows(rnd, data):
    """Check the 评分表 sheet against the round; return rows or raise RoundError listing every problem."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise RoundError(_("无法读取该文件,请确认它是 .xlsx 格式且未损坏。"))
    if SCORES_SHEET not in workbook.sheetnames:
        raise RoundError(_("工作簿中没有名为“评分表”的工作表。"))
    rows = list(workbook[SCORES_SHEET].iter_rows(values_only=True))
    facts = {}
    if ROUND_SHEET in workbook.sheetnames:
        facts = {
            _cell_text(r[0]): _cell_text(r[1])
            for r in workbook[ROUND_SHEET].iter_rows(values_only=True)
            if len(r) >= 2
        }
    workbook.close()
    _check_same_round(rnd, facts)
    if not rows:
        raise RoundError(_("“评分表”是空的。"))
    criteria = list(rnd.criteria.all())
    header = [_cell_text(h) for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    expected = FIXED_COLUMNS + [c.name for c in criteria]
    missing = [h for h in expected if h not in header]
    unknown = [h for h in header if h and h not in expected]
    problems = []
    if missing:
        problems.append(_("第 1 行缺少列:{cols}").format(cols="、".join(missing)))
    if unknown:
        problems.append(_("第 1 行有本轮没有的评分项:{cols}").format(cols="、".join(unknown)))
    if problems:
        raise RoundError(problems)
    col = {h: header.index(h) for h in expected}

    sites = {s.village.name: s for s in rnd.sites.select_related("village")}
    judges = {u.username: u for u in rnd.judges.all()}
    barred = set(
        Secretary.objects.current().filter(user__in=judges.values()).values_list("user_id", "village_id")
    )
    unknown_users = set(
        get_user_model()
        .objects.filter(username__in=[_cell_text(r[col["评委"]]) for r in rows[1:] if r])
        .exclude(pk__in=[u.pk for u in judges.values()])
        .values_list("username", flat=True)
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
            parsed.append((site.village, judge, values))
    if problems:
        raise RoundError(problems)
    if not parsed:
        raise RoundError(_("“评分表”中没有可导入的已提交评分。"))
    return parsed, skipped


@transaction.atomic
def import_scores(rnd, data, *, actor, reason=""):
    """Read the 评分表 sheet into the round: all rows or none; imported sheets are submitted."""
    if not (rnd.is_open or rnd.is_closed):
        raise RoundError(_("只能向“评分中”或“已结束”的轮次导入评分。"))
    if rnd.is_closed and not reason.strip():
        raise RoundError(_("评分已结束,导入更正必须填写理由(--reason)。"))
    rows, skipped = read_score_rows(rnd, data)
    result = ImportResult()
    result.skipped_drafts = skipped
    existing = {(s.village_id, s.judge_id): s for s in rnd.sheets.all()}
    for village, judge, values in rows:
        before = existing.get((village.pk, judge.pk))
        sheet = sheet_save(
            rnd=rnd,
            village=village,
            judge=judge,
            values=values,
            remark=before.remark if before else "",
            submit=True,
            actor=actor,
            version=None,
            reason=reason or "导入评分工作簿",
            as_staff=True,
        )
        if before is None:
            result.created += 1
        elif sheet.version != before.version:
            result.updated += 1
        else:
            result.unchanged += 1
    return result
