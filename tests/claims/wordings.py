"""The wording table of docs/claims.md, read once: the one description of every wording the
checker understands. tests/claims/test_docs.py checks each row against the code; the property
tests (test_properties.py) draw their wordings and ranges from the same rows, so a wording
added to the table is covered by both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "claims.md"
MARKER = "<!-- wordings:"
# "compared with" -> check_claim's unit, formula and the period's length in days
COMPARED = {
    "share": ("percent", "share", None),
    "change": ("percent", "percent_change", None),
    "difference": ("percent", "difference", None),
    "ratio": ("ratio", "ratio", None),
    "count": ("count", None, None),
    "count a year": ("count", None, 365),
    "£": ("gbp", None, None),
}
BRACKETS = re.compile(r"([\[(])\s*([^\[\]()]+?),\s+([^\[\]()]+?)\s*([\])])")


@dataclass(frozen=True)
class Row:
    wording: str
    variants: tuple[str, ...]
    compared: str
    range_text: str
    passes: Decimal
    fails: Decimal
    basis: str

    @property
    def kind(self) -> dict:
        unit, formula, days = COMPARED[self.compared]
        return {"unit": unit, "formula": formula, "period_days": days}

    @property
    def bounds(self) -> tuple[str, str, str, str]:
        """(opening bracket, low, high, closing bracket) as the table shows them."""
        return BRACKETS.findall(self.range_text)[-1]

    @property
    def negated(self) -> bool:
        return self.range_text.startswith("not ")

    @property
    def direction(self) -> int | None:
        text = self.range_text.removeprefix("not ")
        if text.startswith("a rise"):
            return 1
        if text.startswith("a fall"):
            return -1
        return None

    def documented_holds(self, value: Decimal, *, slack: Decimal = Decimal(0)) -> bool:
        """Whether the table's range allows `value` (in the compared figure's terms: a ratio
        as its change, (ratio − 1) × 100; a rate's count as the rate). `slack` widens the
        range by that much each side (the table shows bounds to two decimals: 36.67 for
        36.666…), or narrows it for a negated wording."""
        opening, low, high, closing = self.bounds
        size = abs(value) if self.direction is not None else value
        slack = -slack if self.negated else slack
        above_low = (
            low == "no limit"
            or size > number(low) - slack
            or (opening == "[" and size == number(low) - slack)
        )
        below_high = (
            high == "no limit"
            or size < number(high) + slack
            or (closing == "]" and size == number(high) + slack)
        )
        signed = self.direction is None or value * self.direction > 0
        inside = signed and above_low and below_high
        return not inside if self.negated else inside


def number(cell: str) -> Decimal:
    return Decimal(cell.replace("−", "-").replace("+", "").replace(",", ""))


def unquote(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def table_rows() -> list[Row]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index(MARKER) :].split("\n\n")[0].splitlines()[3:]  # marker, head, rule
    rows = []
    for line in table:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        [wording] = unquote(cells[0])
        rows.append(
            Row(wording, tuple(unquote(cells[1])), cells[2], cells[3], number(cells[4]),
                number(cells[5]), cells[6])
        )  # fmt: skip
    return rows


ROWS = table_rows()
