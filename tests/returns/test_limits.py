"""The work one returns file can cause is bounded, and a file over a bound is refused early
with a message naming the limit: a 646 KB .xlsx that unpacked to 198 MB took five minutes to
preview. Through the reader, the web upload and `flask import-returns`."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from campaign.returns.errors import ReturnsInvalid
from campaign.returns.reading import read_table
from tests.returns.conftest import row_counts
from tests.returns.workbooks import HEADER, bomb, row, text_cell, workbook

BOMB_MESSAGE = "the workbook unpacks to 198 MB; at most 20 MB is accepted"
KENT = (text_cell("Kent Police"), text_cell("2022/23"), b"<c><v>5</v></c>")


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if the workbook reaches openpyxl: it must be refused before parsing."""
    import openpyxl

    def load_workbook(*args, **kwargs):
        pytest.fail("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", load_workbook)


def refused(filename: str, content: bytes) -> list[str]:
    with pytest.raises(ReturnsInvalid) as info:
        read_table(filename, content)
    return [str(e) for e in info.value.errors]


# -- before anything is unpacked -----------------------------------------------------------
def test_a_zip_bomb_is_refused_from_what_the_zip_declares(no_parsing):
    content = bomb()
    assert len(content) < 1_500_000
    assert refused("returns.xlsx", content) == [BOMB_MESSAGE]


def test_a_zip_of_too_many_parts_is_refused(no_parsing):
    content = workbook([HEADER], extra_parts=1_000)  # and the workbook's own 9
    assert refused("returns.xlsx", content) == [
        "the workbook is a zip of 1,009 parts; at most 1,000 are accepted"
    ]


# -- before the cells are read -------------------------------------------------------------
def test_a_sheet_declaring_too_many_rows_or_cells_is_refused():
    # openpyxl pads every row to the declared width and yields every declared row: a tiny
    # file declaring A1:XFD1048576 would make 17 billion empty cells.
    assert refused("huge.xlsx", workbook([HEADER], dimension="A1:XFD1048576")) == [
        "the sheet declares 1,048,576 rows of 16,384 columns; at most 50,000 rows are accepted"
    ]
    assert refused("wide.xlsx", workbook([HEADER], dimension="A1:CV10000")) == [
        "the sheet declares 10,000 rows of 100 columns, 1,000,000 cells; at most 500,000 are "
        "accepted"
    ]


def test_the_cells_are_read_not_the_declared_size():
    # A declared size smaller than the data: openpyxl would silently drop what lies outside.
    content = workbook([HEADER, row(*KENT, number=2), row(*KENT, number=3)], dimension="A1:B2")
    table = read_table("returns.xlsx", content)
    assert table.header == ["force", "period", "offences"]
    assert table.rows == [(2, ["Kent Police", "2022/23", 5]), (3, ["Kent Police", "2022/23", 5])]


# -- while reading: reading stops at the first limit passed ----------------------------------
def test_rows_past_the_limit_are_refused_where_reading_stopped():
    # Row 60,000 alone: openpyxl yields the 59,998 blank rows before it one by one.
    content = workbook([HEADER, row(*KENT, number=60_000)])
    assert refused("returns.xlsx", content) == [
        "row 50001: the file has more than 50,000 rows; at most 50,000 are accepted: "
        "split it into smaller files"
    ]
    csv = b"force,period,offences\n" + b"\n" * 50_000 + b"Kent Police,2022/23,5\n"
    assert refused("returns.csv", csv) == [
        "row 50001: the file has more than 50,000 rows; at most 50,000 are accepted: "
        "split it into smaller files"
    ]


def test_cells_past_the_limit_are_refused_where_reading_stopped():
    # One cell in column ZZZ makes a row 18,278 cells wide.
    wide = row(*KENT, text_cell("x", ref="ZZZ1"))
    content = workbook([HEADER, *(wide.replace(b"ZZZ1", f"ZZZ{n}".encode()) for n in range(2, 40))])
    assert refused("returns.xlsx", content) == [
        "row 29: the file has more than 500,000 cells by this row (blank ones included); at "
        "most 500,000 are accepted: split it into smaller files"
    ]


def test_text_past_the_limit_is_refused_where_reading_stopped():
    # One shared string of 25,000 characters, used by a thousand cells: a 30 KB file.
    cell = b'<c t="s"><v>0</v></c>'
    content = workbook([HEADER, *(row(cell) for _ in range(1000))], shared_strings=["x" * 25_000])
    assert len(content) < 50_000
    assert refused("returns.xlsx", content) == [
        "row 801: the cells hold more than 20,000,000 characters by this row; at most "
        "20,000,000 are accepted: split it into smaller files"
    ]


# -- through every door --------------------------------------------------------------------
def upload(client, source, content: bytes, filename: str):
    # Encoded in memory: the test client spools a body over 500 KB to a temporary file that
    # it never closes (a ResourceWarning, an error here).
    boundary, body = encode_multipart(
        {"source": str(source.id), "file": FileStorage(io.BytesIO(content), filename)}
    )
    return client.post(
        "/returns/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def listed_errors(page: str) -> list[str]:
    block = page.split('id="returns-errors"')[1].split("</ul>")[0]
    return [unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", block)]


def test_the_web_preview_refuses_a_zip_bomb(client, session, foi, tmp_path, no_parsing):
    response = upload(client, foi, bomb(), "returns.xlsx")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported." in page
    assert listed_errors(page) == [BOMB_MESSAGE]
    assert 'id="confirm-form"' not in page
    assert set(row_counts(session).values()) == {0}
    assert not list((tmp_path / "uploads").glob("*"))  # a refused file is not kept


def test_the_web_preview_stops_reading_at_the_row_limit(client, session, foi):
    response = upload(client, foi, workbook([HEADER, row(*KENT, number=60_000)]), "r.xlsx")

    assert response.status_code == 422
    assert listed_errors(response.get_data(as_text=True)) == [
        "row 50001: the file has more than 50,000 rows; at most 50,000 are accepted: "
        "split it into smaller files"
    ]
    assert set(row_counts(session).values()) == {0}


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_the_command_refuses_a_zip_bomb(runner, session, foi, tmp_path, no_parsing, dry_run):
    path = tmp_path / "returns.xlsx"
    path.write_bytes(bomb())
    args = ["import-returns", str(path), "--source", "nspcc-foi"]

    result = runner.invoke(args=[*args, "--dry-run"] if dry_run else args)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: {BOMB_MESSAGE}",
        f"{path}: 1 error; nothing was imported.",
    ]
    assert set(row_counts(session).values()) == {0}
