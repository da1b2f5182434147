"""Roster import (花名册导入): offices, villages and their current secretaries from a sheet.

The file is .xlsx or .csv (UTF-8, with or without BOM) whose header row is
`办事处,单位,类型,党支部书记,联系电话`. Every row is checked before anything is
written; one bad row means nothing is imported and every problem is reported
with its row number. Importing the same file twice changes nothing; a different
secretary for a village ends the old tenure and starts a new one.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.security import log_event_on_commit

from .models import Office, Secretary, Village
from .spreadsheets import Limits, SpreadsheetError, csv_rows, open_xlsx, sheet_rows
from .text import clean_name

HEADER = ["办事处", "单位", "类型", "党支部书记", "联系电话"]
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# The header, MAX_ROWS data rows and a few blank ones; five columns and room for a few notes.
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS + 11, max_columns=10, max_unpacked=10 * 1024 * 1024)
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,20}$")

# The file's 类型 column is Chinese whatever language the page is in.
KIND_BY_LABEL = {
    "行政村": Village.Kind.VILLAGE,
    "村": Village.Kind.VILLAGE,
    "社区": Village.Kind.COMMUNITY,
    "工作站": Village.Kind.WORKSTATION,
    "党建观摩点": Village.Kind.SITE,
    "企业党支部": Village.Kind.ENTERPRISE,
    "企业": Village.Kind.ENTERPRISE,
}
KIND_CHOICES_TEXT = "、".join(["行政村", "社区", "工作站", "党建观摩点", "企业党支部"])


class RosterError(Exception):
    """The file as a whole can't be read; `problems` lists what is wrong."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class RosterRow:
    line: int
    office: str
    village: str
    kind: str
    secretary: str
    phone: str


@dataclass
class RosterResult:
    offices_created: list = field(default_factory=list)
    villages_created: list = field(default_factory=list)
    villages_updated: list = field(default_factory=list)
    tenures_started: list = field(default_factory=list)
    phones_updated: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self):
        return any(
            [
                self.offices_created,
                self.villages_created,
                self.villages_updated,
                self.tenures_started,
                self.phones_updated,
            ]
        )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into Excel as a number
    return str(value).strip()


def read_rows(name, data):
    """Turn file bytes into raw rows (lists of strings), the header first, within LIMITS."""
    lower = (name or "").lower()
    try:
        if lower.endswith(".csv"):
            rows = csv_rows(data, LIMITS)
        elif lower.endswith(".xlsx"):
            workbook = open_xlsx(data, LIMITS)
            try:
                rows = sheet_rows(workbook.worksheets[0], LIMITS)
            finally:
                workbook.close()
        else:
            raise SpreadsheetError(_("只支持 .xlsx 或 .csv 文件。"))
    except SpreadsheetError as error:
        raise RosterError([str(error)])
    return [[_cell(c) for c in row] for row in rows]


def parse_rows(raw_rows):
    """Check the header and every row; return RosterRows or raise RosterError."""
    rows = [r for r in raw_rows]
    if not rows or not any(rows[0]):
        raise RosterError([_("文件是空的:第 1 行应为表头 {header}。").format(header=",".join(HEADER))])
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    missing = [h for h in HEADER if h not in header]
    if missing:
        raise RosterError(
            [
                _("第 1 行表头缺少列:{missing}。表头应为 {header}。").format(
                    missing="、".join(missing), header=",".join(HEADER)
                )
            ]
        )
    index = {h: header.index(h) for h in HEADER}
    problems, parsed, seen = [], [], {}
    data_rows = rows[1:]
    if len(data_rows) > MAX_ROWS:
        raise RosterError([_("行数过多(超过 {n} 行)。").format(n=MAX_ROWS)])
    for offset, raw in enumerate(data_rows):
        line = offset + 2
        if not any(raw):
            continue
        values, row_problems = {}, []
        for column, i in index.items():
            try:
                # Names as the pages store them: a look-alike ("慈航路社区" + U+200B) is not a new village.
                values[column] = clean_name(raw[i] if i < len(raw) else "", label=f"“{column}”")
            except ValidationError as error:
                values[column] = ""
                row_problems.append(error.messages[0].rstrip("。"))
        for column in ("办事处", "单位", "类型", "党支部书记"):
            if not values[column] and not any(f"“{column}”" in p for p in row_problems):
                row_problems.append(_("“{column}”为空").format(column=column))
        if values["类型"] and values["类型"] not in KIND_BY_LABEL:
            row_problems.append(
                _("未知类型“{kind}”(可填:{kinds})").format(kind=values["类型"], kinds=KIND_CHOICES_TEXT)
            )
        if values["联系电话"] and not PHONE_RE.match(values["联系电话"]):
            row_problems.append(_("联系电话“{phone}”格式不正确").format(phone=values["联系电话"]))
        for column, limit in (("办事处", 100), ("单位", 100), ("党支部书记", 50)):
            if len(values[column]) > limit:
                row_problems.append(_("“{column}”超过 {n} 个字").format(column=column, n=limit))
        key = (values["办事处"], values["单位"])
        if values["单位"] and key in seen:
            row_problems.append(
                _("单位“{name}”与第 {line} 行重复").format(name=values["单位"], line=seen[key])
            )
        elif values["单位"]:
            seen[key] = line
        if row_problems:
            problems.append(_("第 {line} 行:{reasons}。").format(line=line, reasons=";".join(row_problems)))
            continue
        parsed.append(
            RosterRow(
                line=line,
                office=values["办事处"],
                village=values["单位"],
                kind=KIND_BY_LABEL[values["类型"]],
                secretary=values["党支部书记"],
                phone=values["联系电话"],
            )
        )
    if problems:
        raise RosterError(problems)
    if not parsed:
        raise RosterError([_("文件里只有表头,没有任何数据行。")])
    return parsed


def _check_scope(rows, offices, allowed_office_ids, may_create_offices):
    problems = []
    for row in rows:
        office = offices.get(row.office)
        if office is None and not may_create_offices:
            problems.append(
                _("第 {line} 行:办事处“{office}”不存在(新办事处请联系管理员添加)。").format(
                    line=row.line, office=row.office
                )
            )
        elif office is not None and allowed_office_ids is not None and office.pk not in allowed_office_ids:
            problems.append(
                _("第 {line} 行:您无权导入办事处“{office}”的名单。").format(line=row.line, office=row.office)
            )
    if problems:
        raise RosterError(problems)


@transaction.atomic
def roster_import(rows, *, allowed_office_ids=None, may_create_offices=True, today=None):
    """Apply parsed rows. `allowed_office_ids=None` means every office (an administrator)."""
    today = today or timezone.localdate()
    offices = {
        o.name: o for o in Office.objects.select_for_update().filter(name__in={r.office for r in rows})
    }
    _check_scope(rows, offices, allowed_office_ids, may_create_offices)
    result = RosterResult()
    for name in sorted({r.office for r in rows} - set(offices)):
        offices[name] = Office.objects.create(name=name, kind=Office.kind_for_name(name))
        result.offices_created.append(name)
    villages = {
        (v.office.name, v.name): v
        for v in Village.objects.with_current_secretary().filter(office__in=offices.values())
    }
    next_order = len(villages)
    for row in rows:
        village = villages.get((row.office, row.village))
        changed = False
        if village is None:
            next_order += 1
            village = Village.objects.create(
                office=offices[row.office], name=row.village, kind=row.kind, sort_order=next_order
            )
            village.current_secretaries = []
            result.villages_created.append(row.village)
        elif village.kind != row.kind:
            village.kind = row.kind
            village.save(update_fields=["kind"])
            result.villages_updated.append(row.village)
            changed = True
        current = village.current_secretary
        if current is None or current.name != row.secretary:
            if current is not None:
                current.end_date = max(today, current.start_date)
                current.save(update_fields=["end_date"])
            Secretary.objects.create(village=village, name=row.secretary, phone=row.phone, start_date=today)
            result.tenures_started.append(f"{row.village}:{row.secretary}")
            changed = True
        elif row.phone and current.phone != row.phone:
            current.phone = row.phone
            current.save(update_fields=["phone"])
            result.phones_updated.append(row.secretary)
            changed = True
        if not changed:
            result.unchanged += 1
    log_event_on_commit(
        "import",
        kind="roster",
        rows=len(rows),
        offices_created=len(result.offices_created),
        villages_created=len(result.villages_created),
        villages_updated=len(result.villages_updated),
        tenures_started=len(result.tenures_started),
        phones_updated=len(result.phones_updated),
        unchanged=result.unchanged,
    )
    return result


def roster_import_file(name, data, **kwargs):
    return roster_import(parse_rows(read_rows(name, data)), **kwargs)


def roster_template_rows():
    return [
        HEADER,
        ["郑港办事处", "慈航路社区", "社区", "王某某", "13800000000"],
        ["郑港办事处", "谷庄村", "行政村", "李某某", ""],
    ]
