"""Hostile spreadsheets, built in the test run (never committed as files).

Each starts from a real workbook written by openpyxl and rewrites one part of its zip, the way a
crafted upload would: a sheet that declares a huge size, a sheet XML that unpacks to megabytes,
rows or cells far beyond any real roster or score sheet.
"""

import io
import re
import time
import tracemalloc
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_part(data, part, change, compresslevel=9):
    """Copy the zip, passing the text of `part` through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def declaring(data, ref="A1:XFD1048576", part=SHEET):
    """The sheet says it is `ref` big (Excel's largest by default); its cells stay as they are."""
    return rewrite_part(
        data, part, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
    )


def undeclared(xml):
    return re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml)


def with_rows(data, row_xml, part=SHEET):
    """Replace the sheet's rows after the first with `row_xml` (an iterable of strings), no dimension."""

    def change(xml):
        xml = undeclared(xml)
        head, rest = xml.split("<sheetData>", 1)
        first = rest.split("</row>", 1)[0] + "</row>"
        tail = rest.split("</sheetData>", 1)[1]
        return head + "<sheetData>" + first + "".join(row_xml) + "</sheetData>" + tail

    return rewrite_part(data, part, change)


def bomb(data, megabytes, part=SHEET):
    """A sheet whose XML unpacks to `megabytes` of numeric rows: a zip bomb of a few hundred KB."""
    row = "<row><c><v>1</v></c></row>"  # no row numbers: the same bytes again and again pack tightly
    return with_rows(data, [row * (megabytes * 1024 * 1024 // len(row) + 1)], part)


def measured(function, *args, **kwargs):
    """Run `function`; return (result or raised exception, seconds, peak MB allocated by Python)."""
    start = time.perf_counter()
    try:
        outcome = function(*args, **kwargs)
    except Exception as error:  # the caller checks which
        outcome = error
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        function(*args, **kwargs)
    except Exception:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return outcome, seconds, peak / 1024 / 1024
