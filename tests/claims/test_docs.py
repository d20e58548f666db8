"""docs/claims.md is the contract: every row of its wording table is checked against the code.

For each row: the wording parses to the range the table gives; every "also understood" spelling
parses to the same range; the "passes" value is consistent and the "fails" value inconsistent.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from campaign.claims import Verdict, check_claim, parse_claim
from campaign.claims.ranges import UNITS, format_decimal
from campaign.claims.wording import QUALIFIERS
from tests.claims.wordings import COMPARED, DOC, ROWS

COMPARED_WITH = set(COMPARED)


def shape(text: str):
    return [
        (e.low, e.high, e.low_inclusive, e.high_inclusive, e.scale, e.direction, e.negated, e.per)
        for e in parse_claim(text).expectations
    ]


def test_the_table_is_long_enough_to_be_the_contract():
    assert len(ROWS) >= 60
    assert {row.compared for row in ROWS} == COMPARED_WITH


IDS = [row.wording for row in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_each_wording_has_the_range_the_table_gives(row):
    [expectation] = parse_claim(row.wording).expectations
    opening, low, high, closing = row.bounds

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
    assert expectation.direction == row.direction
    assert expectation.negated is row.negated


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_every_spelling_in_a_row_means_the_same(row):
    for variant in row.variants:
        assert shape(variant) == shape(row.wording), variant


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_passing_value_passes_and_the_failing_value_fails(row):
    passing = check_claim(row.wording, row.passes, **row.kind)
    failing = check_claim(row.wording, row.fails, **row.kind)
    assert passing.verdict == Verdict.CONSISTENT, passing.reason
    assert failing.verdict == Verdict.INCONSISTENT, failing.reason
    assert failing.failed and not passing.failed


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_every_row_cites_a_basis_listed_under_sources(row):
    text = DOC.read_text(encoding="utf-8")
    sources = text[text.index("### Sources") :]
    keys = re.findall(r"\[[A-Z]+\]", row.basis)
    assert keys, row.wording
    for key in keys:
        assert f"- **{key}**" in sources, key


def test_the_where_the_checks_show_section_is_left_for_the_surfaces():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Where the checks show") :]
    for surface in ("statistic form", "Claims page", "ask page", "/api/v1/claims", "check-claims"):
        assert surface in section


def test_the_qualifier_table_lists_every_spelling_the_parser_knows():
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| qualifier | spellings |") :].split("\n\n")[0].splitlines()[2:]
    documented = {}
    for line in table:
        meaning, spellings = (cell.strip() for cell in line.strip().strip("|").split("|"))
        documented.update(dict.fromkeys((s.strip() for s in spellings.split(",")), meaning))
    assert documented == QUALIFIERS


def test_the_rate_units_are_the_documented_ones():
    text = DOC.read_text(encoding="utf-8")
    for unit in UNITS:
        assert unit in text.split("A rate's unit of time is one of")[1].split(";")[0], unit
