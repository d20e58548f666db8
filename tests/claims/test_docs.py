"""docs/claims.md is the contract: every row of its wording table is checked against the code.

For each row: the wording parses to the range the table gives; every "also understood" spelling
parses to the same range; the "passes" value is consistent and the "fails" value inconsistent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from campaign.claims import Verdict, check_claim, parse_claim
from campaign.claims.ranges import format_decimal

DOC = Path(__file__).resolve().parents[2] / "docs" / "claims.md"
MARKER = "<!-- wordings:"
COMPARED = {
    "share": ("percent", "share"),
    "change": ("percent", "percent_change"),
    "percent": ("percent", None),
    "count": ("count", None),
    "£": ("gbp", None),
}
BRACKETS = re.compile(r"([\[(])\s*([^\[\]()]+?),\s+([^\[\]()]+?)\s*([\])])")


def table_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index(MARKER) :].split("\n\n")[0].splitlines()[3:]  # marker, head, rule
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table]


ROWS = table_rows()


def unquote(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def number(cell: str) -> Decimal:
    return Decimal(cell.replace("−", "-").replace("+", "").replace(",", ""))


def shape(text: str):
    return [
        (e.low, e.high, e.low_inclusive, e.high_inclusive, e.scale, e.direction)
        for e in parse_claim(text).expectations
    ]


def test_the_table_is_long_enough_to_be_the_contract():
    assert len(ROWS) >= 50
    assert {row[2] for row in ROWS} == set(COMPARED)


@pytest.mark.parametrize("row", ROWS, ids=[unquote(r[0])[0] for r in ROWS])
def test_each_wording_has_the_range_the_table_gives(row):
    [wording] = unquote(row[0])
    [expectation] = parse_claim(wording).expectations
    opening, low, high, closing = BRACKETS.findall(row[3])[-1]

    def bound(shown: str, actual: Decimal | None) -> None:
        if shown == "no limit":
            assert actual is None
        else:
            assert actual is not None and format_decimal(actual).replace(",", "") == shown.replace(
                ",", ""
            )

    bound(low, expectation.low)
    bound(high, expectation.high)
    if low != "no limit":
        assert expectation.low_inclusive is (opening == "[")
    if high != "no limit":
        assert expectation.high_inclusive is (closing == "]")
    assert (expectation.direction is not None) is row[3].startswith("a ")


@pytest.mark.parametrize("row", ROWS, ids=[unquote(r[0])[0] for r in ROWS])
def test_every_spelling_in_a_row_means_the_same(row):
    [wording] = unquote(row[0])
    for variant in unquote(row[1]):
        assert shape(variant) == shape(wording), variant


@pytest.mark.parametrize("row", ROWS, ids=[unquote(r[0])[0] for r in ROWS])
def test_the_passing_value_passes_and_the_failing_value_fails(row):
    [wording] = unquote(row[0])
    unit, formula = COMPARED[row[2]]
    passing = check_claim(wording, number(row[4]), unit=unit, formula=formula)
    failing = check_claim(wording, number(row[5]), unit=unit, formula=formula)
    assert passing.verdict == Verdict.CONSISTENT, passing.reason
    assert failing.verdict == Verdict.INCONSISTENT, failing.reason
    assert failing.failed and not passing.failed


def test_the_where_the_checks_show_section_is_left_for_the_surfaces():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Where the checks show") :]
    for surface in ("statistic form", "Claims page", "ask page", "/api/v1/claims", "check-claims"):
        assert surface in section
