""".xlsx files made part by part, to test the limits on reading a returns file: a workbook
saved by openpyxl whose first sheet's XML is replaced (and, if asked, given a shared-strings
table or padded with extra parts). Each is built in well under a second."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from functools import cache
from xml.sax.saxutils import escape

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
HEADER = (
    b'<row r="1">'
    + b"".join(
        f'<c t="inlineStr"><is><t>{name}</t></is></c>'.encode()
        for name in ("force", "period", "offences")
    )
    + b"</row>"
)


def text_cell(text: str, ref: str = "") -> bytes:
    where = f' r="{ref}"' if ref else ""
    return f'<c{where} t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def row(*cells: bytes, number: int | None = None) -> bytes:
    where = f' r="{number}"' if number is not None else ""
    return f"<row{where}>".encode() + b"".join(cells) + b"</row>"


def _base() -> dict[str, bytes]:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with zipfile.ZipFile(out) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def workbook(
    rows: Iterable[bytes],
    *,
    dimension: str | None = None,
    shared_strings: list[str] | None = None,
    extra_parts: int = 0,
    unpacked: int | None = None,
) -> bytes:
    """An .xlsx whose first sheet holds `rows` (`<row>` elements, written as they come, so a
    generator can stream a large sheet), under a declared `dimension` if given. With
    `unpacked`, the sheet is padded with whitespace so that the parts unpack to exactly that
    many bytes."""
    parts = _base()
    if shared_strings is not None:
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared_strings)
        parts[STRINGS] = f'<sst xmlns="{MAIN}">{items}</sst>'.encode()
        override = f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/></Types>'
        types = parts["[Content_Types].xml"].decode().replace("</Types>", override)
        parts["[Content_Types].xml"] = types.encode()
    parts.update({f"customXml/item{n}.xml": b"<a/>" for n in range(extra_parts)})
    start = f'<worksheet xmlns="{MAIN}">'.encode()
    if dimension is not None:
        start += f'<dimension ref="{dimension}"/>'.encode()
    start += b"<sheetData>"
    end = b"</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, body in parts.items():
            if name != SHEET:
                archive.writestr(name, body)
        others = sum(len(body) for name, body in parts.items() if name != SHEET)
        with archive.open(SHEET, "w") as sheet:
            written = sheet.write(start)
            for element in rows:
                written += sheet.write(element)
            if unpacked is not None:
                padding = unpacked - others - written - len(end)
                assert padding >= 0, "the rows alone unpack to more than `unpacked`"
                for _ in range(padding // 1_000_000):
                    sheet.write(b" " * 1_000_000)
                sheet.write(b" " * (padding % 1_000_000))
            sheet.write(end)
    return out.getvalue()


@cache
def bomb() -> bytes:
    """Like the upload in issue 12: a small file (1.3 MB) whose parts unpack to exactly
    198,000,000 bytes, a sheet of millions of repeated cells."""
    cells = (text_cell("Kent Police"), text_cell("2022/23"), b"<c><v>12</v></c>")
    chunk = row(*cells) * 10_000
    rows = (HEADER, *(chunk for _ in range(190_000_000 // len(chunk))))
    return workbook(rows, unpacked=198_000_000)
