"""Reading a returns file into raw rows: CSV (UTF-8, with or without a byte-order mark) or XLSX
(the first sheet). Nothing here knows what the columns mean; `validation` does.

Row numbers are the file's own (the header is row 1; a spreadsheet's blank rows still count),
so every message points at the row a person sees in Excel or a text editor.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from campaign.returns.errors import ReturnsInvalid, error

EXTENSIONS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An XLSX is a zip of XML: refuse one that unpacks to far more than any real return would.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number in the file, cells), blank rows left out


def extension(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def read_table(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Table:
    """The file's header and non-blank rows; raises ReturnsInvalid if it cannot be read."""
    kind = extension(filename)
    if kind not in EXTENSIONS:
        raise ReturnsInvalid([error(f'"{PurePath(filename).name}" is not a .csv or .xlsx file')])
    if len(data) > max_bytes:
        raise ReturnsInvalid(
            [
                error(
                    f"the file is {len(data):,} bytes; the largest accepted is {max_bytes:,} "
                    "bytes (setting RETURNS_MAX_BYTES)"
                )
            ]
        )
    rows = _read_xlsx(data) if kind == "xlsx" else _read_csv(data)
    numbered = [(n, cells) for n, cells in enumerate(rows, start=1)]
    if not numbered or not any(_text(c) for c in numbered[0][1]):
        raise ReturnsInvalid([error("the first row must name the columns", row=1)])
    header = [_text(c) for c in numbered[0][1]]
    body = [(n, cells) for n, cells in numbered[1:] if any(_text(c) for c in cells)]
    return Table(header=header, rows=body)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    return str(cell)


def _read_csv(data: bytes) -> list[list[Cell]]:
    if data.startswith(b"PK\x03\x04"):
        raise ReturnsInvalid([error("this looks like an Excel workbook: name it .xlsx")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ReturnsInvalid(
            [error("not UTF-8 text: save the file as CSV UTF-8", row=row)]
        ) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise ReturnsInvalid([error("not a text file (it holds NUL bytes)", row=row)])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[Cell]] = []
    try:
        for cells in reader:
            rows.append(list(cells))
    except csv.Error as exc:
        raise ReturnsInvalid([error(f"not valid CSV: {exc}", row=reader.line_num)]) from None
    return rows


def _read_xlsx(data: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    unreadable = ReturnsInvalid([error("not a readable .xlsx workbook")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        message = f"the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes"
        raise ReturnsInvalid([error(message)])
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not read; only values matter.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ReturnsInvalid([error("the workbook has no worksheet")])
                sheet = workbook.worksheets[0]
                return [list(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except ReturnsInvalid:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise unreadable from None
