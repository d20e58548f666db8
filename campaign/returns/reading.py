"""Reading a returns file into raw rows: CSV (UTF-8, with or without a byte-order mark) or XLSX
(the first sheet). Nothing here knows what the columns mean; `validation` does.

Row numbers are the file's own (the header is row 1; a spreadsheet's blank rows still count),
so every message points at the row a person sees in Excel or a text editor.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from campaign.returns.errors import ReturnsInvalid, error

EXTENSIONS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Bounds on the work one file can cause, whatever its format, counted as it is read (reading
# stops at the first one passed). A real return is a few thousand rows of under ten columns
# (46 forces × the periods asked about): these are far above that.
MAX_ROWS = 50_000  # rows, the header and blank rows included (the file's row numbers)
MAX_CELLS = 500_000  # cells, blank ones included
MAX_CHARACTERS = 20_000_000  # text in all the cells (an .xlsx may repeat one long string)
# An .xlsx is a zip of XML parts, checked before anything is unpacked or parsed: what its parts
# unpack to and how many there are, as the zip declares them (Python's zipfile never unpacks
# a part past its declared size), and the size the sheet declares (its `dimension`).
MAX_UNPACKED_BYTES = 20_000_000
MAX_PARTS = 1_000  # a workbook saved by Excel has about a dozen
SPLIT = "split it into smaller files"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
SHOWN_FORMULAS = 10  # cell references named in the message; the rest are counted

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


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f}".removesuffix(".0") + " MB"


def _refuse(message: str, *, row: int = 0) -> ReturnsInvalid:
    return ReturnsInvalid([error(message, row=row)])


def _bounded(rows: Iterable[Sequence[Cell]]) -> list[list[Cell]]:
    """The rows, read one at a time, until one of MAX_ROWS, MAX_CELLS or MAX_CHARACTERS is
    passed: then the file is refused, naming the limit and the row where reading stopped."""
    out: list[list[Cell]] = []
    cells = characters = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            message = f"the file has more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are accepted"
            raise _refuse(f"{message}: {SPLIT}", row=number)
        cells += len(row)
        if cells > MAX_CELLS:
            message = (
                f"the file has more than {MAX_CELLS:,} cells by this row (blank ones included); "
                f"at most {MAX_CELLS:,} are accepted"
            )
            raise _refuse(f"{message}: {SPLIT}", row=number)
        characters += sum(len(cell) for cell in row if isinstance(cell, str))
        if characters > MAX_CHARACTERS:
            message = (
                f"the cells hold more than {MAX_CHARACTERS:,} characters by this row; "
                f"at most {MAX_CHARACTERS:,} are accepted"
            )
            raise _refuse(f"{message}: {SPLIT}", row=number)
        out.append(list(row))
    return out


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
    try:
        return _bounded(reader)
    except csv.Error as exc:
        raise ReturnsInvalid([error(f"not valid CSV: {exc}", row=reader.line_num)]) from None


def _check_archive(data: bytes) -> None:
    """Refuse a zip that declares too many parts, or parts that unpack to too much, before
    anything is unpacked. (The limit used to be 200 MiB, above the 198 MB a 646 KB upload
    unpacked to, and openpyxl then took minutes over its millions of cells.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception:  # BadZipFile, and others on a damaged directory
        raise _refuse("not a readable .xlsx workbook") from None
    if len(parts) > MAX_PARTS:
        raise _refuse(
            f"the workbook is a zip of {len(parts):,} parts; at most {MAX_PARTS:,} are accepted"
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(
            f"the workbook unpacks to {_megabytes(unpacked)}; "
            f"at most {_megabytes(MAX_UNPACKED_BYTES)} is accepted"
        )


def _check_dimension(sheet) -> None:
    """Refuse a sheet whose declared size (`<dimension ref="A1:F120"/>`) is over the limits,
    before its cells are read."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    size = f"{rows:,} rows of {columns:,} columns"
    if rows > MAX_ROWS:
        raise _refuse(f"the sheet declares {size}; at most {MAX_ROWS:,} rows are accepted")
    if rows * columns > MAX_CELLS:
        raise _refuse(
            f"the sheet declares {size}, {rows * columns:,} cells; "
            f"at most {MAX_CELLS:,} are accepted"
        )


def uncached_formulas(sheet_xml: bytes) -> list[str]:
    """The references ("C7") of the sheet's formula cells that hold no saved value. Excel
    saves each formula's last result with it; a workbook written by a program (or saved
    without recalculating) may not, and openpyxl then reads the cell as blank: a figure would
    silently become "no data". Only the sheet's XML is scanned (no values are parsed)."""
    if _FORMULA_TAG.search(sheet_xml) is None:
        return []
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse

    found: list[str] = []
    row_number = column = 0
    for event, element in iterparse(io.BytesIO(sheet_xml), events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start" and tag == "row":
            reference = element.get("r")
            row_number = int(reference) if reference else row_number + 1
            column = 0
        elif event == "end" and tag == "c":
            reference = element.get("r")
            if reference:
                row_number, column = coordinate_to_tuple(reference)
            else:
                column += 1
            parts = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            if "f" in parts and not (parts["v"].text if "v" in parts else ""):
                found.append(f"{get_column_letter(column)}{row_number}")
        elif event == "end" and tag == "row":
            element.clear()
    return found


def _refuse_uncached_formulas(sheet_xml: bytes) -> None:
    found = uncached_formulas(sheet_xml)
    if not found:
        return
    named = ", ".join(found[:SHOWN_FORMULAS])
    if len(found) > SHOWN_FORMULAS:
        named += f" and {len(found) - SHOWN_FORMULAS:,} more"
    cells = "a formula cell" if len(found) == 1 else f"{len(found):,} formula cells"
    raise _refuse(
        f"{cells} with no saved value ({named}): nothing would be read from "
        f"{'it' if len(found) == 1 else 'them'}. Open the workbook in Excel and save it (Excel "
        "saves each formula's result), or paste the values over the formulas"
    )


def _read_xlsx(data: bytes) -> list[list[Cell]]:
    _check_archive(data)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not read; only values matter.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ReturnsInvalid([error("the workbook has no worksheet")])
                sheet = workbook.worksheets[0]
                _check_dimension(sheet)
                # Read the cells the sheet holds, not its declared size: openpyxl would pad
                # every row to the declared width and stop at the declared last row.
                sheet.reset_dimensions()
                rows = _bounded(sheet.iter_rows(values_only=True))
                # ReadOnlyWorksheet keeps its part's name privately; openpyxl has no public one.
                with workbook._archive.open(sheet._worksheet_path) as part:
                    _refuse_uncached_formulas(part.read())
                return rows
            finally:
                workbook.close()
    except ReturnsInvalid:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise _refuse("not a readable .xlsx workbook") from None
