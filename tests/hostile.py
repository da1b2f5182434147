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


def with_shared_strings(data, n):
    """Add a shared-strings part of `n` distinct short strings: about 20 bytes each, so 400,000
    of them fit in a 1.5 MB upload, and openpyxl builds each one before reading any row."""
    strings = "".join(f"<si><t>{i * 7919 % 1_000_003}</t></si>" for i in range(n))
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{n}" uniqueCount="{n}">{strings}</sst>'
    )
    relation = (
        '<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    content_type = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    data = rewrite_part(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace("</Relationships>", relation + "</Relationships>"),
    )
    data = rewrite_part(
        data, "[Content_Types].xml", lambda xml: xml.replace("</Types>", content_type + "</Types>")
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


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
