"""Reading and checking a returns file: every problem, each located by row and column."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from campaign.returns.errors import ReturnsInvalid
from campaign.returns.reading import read_table
from campaign.returns.validation import check
from tests.returns import data
from tests.returns.conftest import fixture_bytes


def parse(text: str, filename: str = "returns.csv"):
    return check(read_table(filename, text.encode()))


def messages(text: str, filename: str = "returns.csv") -> list[str]:
    rows, errors = parse(text, filename)
    return [str(e) for e in errors]


def refused(filename: str, content: bytes, **kwargs) -> list[str]:
    with pytest.raises(ReturnsInvalid) as info:
        read_table(filename, content, **kwargs)
    return [str(e) for e in info.value.errors]


def test_the_good_file_parses_into_canonical_rows():
    rows, errors = check(read_table("good.csv", fixture_bytes("good.csv")))
    assert errors == []
    assert len(rows) == 135
    first = rows[0]
    assert (first.row_number, first.force, first.period_label) == (
        2,
        "Avon and Somerset Constabulary",  # written "Avon & Somerset"
        "2017/18",
    )
    assert (first.period_start, first.period_end) == (date(2017, 4, 1), date(2018, 3, 31))
    forces = {r.force for r in rows}
    assert {"Metropolitan Police Service", "Police Service of Northern Ireland"} <= forces
    no_data = [r for r in rows if r.offences is None]
    assert len(no_data) == 15 + 13 + 10
    assert no_data[0].note == "Not held in a retrievable form"


def test_xlsx_reads_the_first_sheet_with_loose_headings():
    rows, errors = check(read_table("returns.xlsx", data.xlsx_bytes()))
    assert errors == []
    csv_rows, _ = check(read_table("good.csv", fixture_bytes("good.csv")))
    assert [(r.force, r.period_label, r.offences, r.platforms) for r in rows] == [
        (r.force, r.period_label, r.offences, r.platforms) for r in csv_rows
    ]


def test_bom_crlf_thousands_separators_and_no_data_words():
    rows, errors = check(read_table("bom.csv", fixture_bytes("bom-crlf.csv")))
    assert errors == []
    assert [(r.force, r.offences) for r in rows] == [("Kent Police", 1204), ("Essex Police", None)]


def test_three_bad_rows_are_all_reported():
    rows, errors = check(read_table("bad.csv", fixture_bytes("bad-rows.csv")))
    assert [str(e) for e in errors] == [
        'row 7, column "force": unknown force "Avon and Somrset": '
        'did you mean "Avon and Somerset Constabulary"?',
        'row 8, column "offences": "12.5" is not a whole number',
        'row 9, column "platform:Snapchat": 120 is more than the force\'s 91 offences',
    ]


def test_unknown_force_without_a_close_name():
    assert messages("force,period,offences\nGotham City PD,2022/23,4\n") == [
        'row 2, column "force": unknown force "Gotham City PD": not a UK police force in the list'
    ]


def test_unknown_and_missing_headings_list_the_expected_ones():
    errors = messages("Force,Year,Offences,Comments\nKent Police,2022/23,4,\n")
    expected = (
        "expected force, period, offences, period_start, period_end, note and any number of "
        "platform:<name>"
    )
    assert errors == [
        f'row 1, column "Year": unknown column; {expected}',
        f'row 1, column "Comments": unknown column; {expected}',
        f'row 1: missing column "period"; {expected}',
    ]


def test_repeated_headings_and_blank_platform_names():
    errors = messages(
        "force,period,offences,Period Start,period_start,platform:Snapchat,Platform: snapchat,"
        "platform:\nKent Police,2022/23,4,,,,,\n"
    )
    assert errors == [
        'row 1, column "period_start": a second "period_start" column (also column 4)',
        'row 1, column "Platform: snapchat": the same platform as column "platform:Snapchat"',
        'row 1, column "platform:": name the platform: platform:<name>',
    ]


def test_a_column_with_values_needs_a_heading():
    assert messages("force,period,offences,\nKent Police,2022/23,4,oops\n") == [
        "row 1: column 4 has values but no heading"
    ]
    # Trailing empty columns, as spreadsheets export them, are fine.
    assert messages("force,period,offences,,\nKent Police,2022/23,4,,\n") == []


def test_duplicate_force_and_period_even_when_written_differently():
    errors = messages(
        "force,period,offences\nMet,2022/23,4\nKent Police,2022/23,5\n"
        "Metropolitan Police Service,2022/2023,6\n"
    )
    assert errors == [
        'row 4, column "force": duplicate: Metropolitan Police Service, 2022/23 is also in row 2'
    ]


@pytest.mark.parametrize(
    ("offences", "message"),
    [
        ("-3", "-3 is negative: a count is 0 or more"),
        ("lots", '"lots" is not a whole number'),
        ("3.0e2", '"3.0e2" is not a whole number'),
        ("99999999999", "99,999,999,999 is too large"),
        ("1,23", '"1,23" is not a whole number'),
    ],
)
def test_offences_must_be_a_whole_number(offences, message):
    errors = messages(f'force,period,offences\nKent Police,2022/23,"{offences}"\n')
    assert errors == [f'row 2, column "offences": {message}']


def test_platform_counts_need_a_usable_offences_figure():
    errors = messages(
        "force,period,offences,platform:Snapchat,platform:Kik\n"
        "Kent Police,2022/23,no data,5,\n"
        "Essex Police,2022/23,10,11,x\n"
        "Surrey Police,2022/23,10,10,0\n"
    )
    assert errors == [
        'row 2, column "platform:Snapchat": a count of 5 but no usable offences figure for the '
        "force",
        'row 3, column "platform:Snapchat": 11 is more than the force\'s 10 offences',
        'row 3, column "platform:Kik": "x" is not a whole number',
    ]


def test_periods_police_years_months_and_explicit_dates():
    rows, errors = parse(
        "force,period,offences,period_start,period_end\n"
        "Kent Police,2022/23,1,,\n"
        "Kent Police,2023 / 2024,1,,\n"
        "Kent Police,2023-02,1,,\n"
        "Kent Police,Calendar 2023,1,2023-01-01,2023-12-31\n"
        "Kent Police,Undated,1,,\n"
    )
    assert errors == []
    assert [(r.period_label, r.period_start, r.period_end) for r in rows] == [
        ("2022/23", date(2022, 4, 1), date(2023, 3, 31)),
        ("2023/24", date(2023, 4, 1), date(2024, 3, 31)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("Calendar 2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("Undated", None, None),
    ]


def test_period_errors():
    errors = messages(
        "force,period,offences,period_start,period_end\n"
        "Kent Police,2022/24,1,,\n"
        "Kent Police,,1,,\n"
        "Kent Police,2021/22,1,1 April 2021,\n"
        "Kent Police,Q1,1,2023-03-31,2023-01-01\n"
        "Kent Police,2020/21,1,,\n"
        "Essex Police,2020/21,1,2020-01-01,\n"
    )
    assert errors == [
        'row 2, column "period": "2022/24" is not a police year (one year to the next, e.g. '
        "2022/23)",
        'row 3, column "period": name the period, e.g. 2022/23',
        'row 4, column "period_start": "1 April 2021" is not a date (YYYY-MM-DD)',
        'row 5, column "period_end": the period ends (2023-01-01) before it starts (2023-03-31)',
        'row 7, column "period": 2020/21 runs 2020-04-01 to 2021-03-31 in row 6, not here',
    ]


def test_blank_rows_are_skipped_but_row_numbers_stay_the_files():
    errors = messages("force,period,offences\n\nKent Police,2022/23,x\n,,\n")
    assert errors == ['row 3, column "offences": "x" is not a whole number']


def test_files_that_cannot_be_read():
    assert refused("returns.txt", b"force") == ['"returns.txt" is not a .csv or .xlsx file']
    assert refused("big.csv", b"x" * 101, max_bytes=100) == [
        "the file is 101 bytes; the largest accepted is 100 bytes (setting RETURNS_MAX_BYTES)"
    ]
    assert refused("latin.csv", "force,period\nM\xe9t,2022/23\n".encode("latin-1")) == [
        "row 2: not UTF-8 text: save the file as CSV UTF-8"
    ]
    assert refused("empty.csv", b"") == ["row 1: the first row must name the columns"]
    assert refused("book.csv", data.xlsx_bytes()) == [
        "this looks like an Excel workbook: name it .xlsx"
    ]
    assert refused("broken.xlsx", b"PK\x03\x04 not really") == ["not a readable .xlsx workbook"]
    assert refused("text.xlsx", b"force,period,offences\n") == ["not a readable .xlsx workbook"]
    assert refused("quote.csv", b'force,period\n"Kent Police,2022/23\n') == [
        "row 2: not valid CSV: unexpected end of data"
    ]


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch):
    import campaign.returns.reading as reading

    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 2_500_000)
    assert refused("bomb.xlsx", out.getvalue()) == [
        "the workbook unpacks to 2.5 MB; at most 1 MB is accepted"
    ]


def test_a_period_excel_turned_into_a_date_is_refused():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["force", "period", "offences"])
    workbook.active.append(["Kent Police", datetime(2023, 1, 1), 5])
    out = io.BytesIO()
    workbook.save(out)
    rows, errors = check(read_table("dates.xlsx", out.getvalue()))
    assert [str(e) for e in errors] == [
        'row 2, column "period": 2023-01-01 is a date: write the period as text, e.g. 2023-01'
    ]
