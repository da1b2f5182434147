"""Reading uploaded spreadsheets (.xlsx, .csv) within limits, for every import.

An .xlsx file is a zip of XML parts, and openpyxl trusts what the file declares: a 5 KB file can
declare a million rows, a 100 KB zip can unpack to hundreds of megabytes. So each limit is checked
before the work it limits: the upload's size first, then the zip's listing (how much it unpacks to
and how tightly it is packed; Python's zipfile never unpacks a part beyond its listed size), then
the sheet's declared dimension, and finally the rows and columns actually read, streamed and
stopped at the limit. Everything refused gets a message in Chinese.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

MB = 1024 * 1024


class SpreadsheetError(ValueError):
    """The file is refused as a whole; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # the uploaded file
    max_rows: int  # rows read from one sheet, the header included
    max_columns: int
    max_unpacked: int = 20 * MB  # all parts of the zip together, unpacked
    max_ratio: int = 100  # unpacked / packed, for a file that unpacks to more than RATIO_FLOOR
    max_parts: int = 500
    max_strings: int = 30_000  # shared strings and rich-text runs in the whole file
    max_styles: int = 10_000  # style records (cell formats, fonts, fills, borders…)

    def replace(self, **changes):
        return Limits(**{**self.__dict__, **changes})


RATIO_FLOOR = 2 * MB  # small files may pack tightly (a sheet of blank cells); large ones may not


def _mb(n):
    return f"{n / MB:g}"


def check_size(size, limits):
    """Refuse a file by its size alone, before reading it."""
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("文件过大(超过 {mb} MB),请检查是否选错了文件。").format(mb=_mb(limits.max_bytes))
        )


def open_xlsx(data, limits):
    """Check the upload and its zip listing, then open it read-only (streaming) with openpyxl."""
    check_size(len(data), limits)
    unreadable = _("无法读取该 Excel 文件,请确认它是 .xlsx 格式且未损坏。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(unreadable)
    if len(parts) > limits.max_parts:
        raise SpreadsheetError(unreadable)
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts)
    if unpacked > limits.max_unpacked or (
        unpacked > RATIO_FLOOR and unpacked > limits.max_ratio * max(packed, 1)
    ):
        raise SpreadsheetError(
            _("文件解压后过大({size} MB,上限 {mb} MB),不像是正常的表格,已拒绝。").format(
                size=f"{unpacked / MB:.1f}", mb=_mb(limits.max_unpacked)
            )
        )
    _check_parsed_whole(archive, limits)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(unreadable)


# What openpyxl turns into one Python object each while opening a file, before any row is read:
# shared strings and their rich-text runs, and the style records.
PARSED_WHOLE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(si|r|xf|font|fill|border|numFmt|dxf|cellStyle|definedName|tableStyle)[\s/>]"
)
STRING_TAGS = {b"si", b"r"}


def _check_parsed_whole(archive, limits):
    """Count, in C over the unpacked bytes, the records openpyxl would build one by one on opening
    (a 1.5 MB file can hold 400,000 shared strings and take seconds): refuse past the limits."""
    strings = styles = 0
    try:
        for part in archive.infolist():
            counts = Counter(PARSED_WHOLE.findall(archive.read(part)))
            strings += sum(n for tag, n in counts.items() if tag in STRING_TAGS)
            styles += sum(n for tag, n in counts.items() if tag not in STRING_TAGS)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise SpreadsheetError(_("无法读取该 Excel 文件,请确认它是 .xlsx 格式且未损坏。"))
    if strings > limits.max_strings or styles > limits.max_styles:
        raise SpreadsheetError(
            _(
                "文件中的文字或格式记录过多(文字 {strings} 条、格式 {styles} 条,上限 {max_strings} 和 {max_styles})。"
                "请只保留需要导入的内容,另存为新文件后再导入。"
            ).format(
                strings=strings, styles=styles, max_strings=limits.max_strings, max_styles=limits.max_styles
            )
        )


def sheet_rows(worksheet, limits):
    """The sheet's rows as tuples of values, refused when larger than `limits`.

    The declared dimension is checked first (it is what openpyxl would pad every row to), then
    ignored: rows are read as they are in the file, counted, and reading stops at the limit.
    """
    name = worksheet.title
    declared_rows, declared_columns = worksheet.max_row, worksheet.max_column
    if (declared_rows or 0) > limits.max_rows or (declared_columns or 0) > limits.max_columns:
        raise SpreadsheetError(
            _(
                "工作表“{sheet}”声明有 {rows} 行 × {cols} 列,超过上限({max_rows} 行、{max_cols} 列)。"
                "请删除多余的行和列后再导入。"
            ).format(
                sheet=name,
                rows=declared_rows or 0,
                cols=declared_columns or 0,
                max_rows=limits.max_rows,
                max_cols=limits.max_columns,
            )
        )
    worksheet.reset_dimensions()  # rows as stored, not padded to a declared size
    rows = []
    try:
        for row in worksheet.iter_rows(values_only=True):
            rows.append(_within(name, len(rows) + 1, row, limits))
    except SpreadsheetError:
        raise
    except Exception:  # damaged XML inside an otherwise readable zip
        raise SpreadsheetError(
            _("无法读取工作表“{sheet}”,请确认文件是 .xlsx 格式且未损坏。").format(sheet=name)
        )
    return rows


def _within(sheet, line, row, limits):
    """The row cut to the column limit; refused when it is past the row limit or has a value past
    the column limit (blank cells there, left by formatting, are dropped)."""
    if line > limits.max_rows:
        raise SpreadsheetError(
            _("工作表“{sheet}”超过 {n} 行(含表头),请删除多余的行或分批导入。").format(
                sheet=sheet, n=limits.max_rows
            )
        )
    extra = len(row) - limits.max_columns
    if extra <= 0:
        return row
    tail = row[limits.max_columns :]
    if tail.count(None) + tail.count("") != extra:  # counted in C: a row can be 16,384 cells wide
        raise SpreadsheetError(
            _("工作表“{sheet}”第 {line} 行超过 {n} 列,请删除多余的列后再导入。").format(
                sheet=sheet, line=line, n=limits.max_columns
            )
        )
    return row[: limits.max_columns]


def csv_rows(data, limits):
    """A UTF-8 .csv (with or without BOM) as lists of strings, within the same row and column limits."""
    check_size(len(data), limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”后重试。"))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text)):
            rows.append(list(_within("CSV", len(rows) + 1, row, limits)))
    except csv.Error:
        raise SpreadsheetError(
            _("CSV 文件第 {line} 行格式有误(引号不配对或单元格过长)。").format(line=len(rows) + 1)
        )
    return rows


def read_path(path, max_bytes):
    """A file's bytes for a command-line import, its size checked before it is read."""
    check_size(path.stat().st_size, Limits(max_bytes=max_bytes, max_rows=0, max_columns=0))
    return path.read_bytes()
