"""What a figure cell in a returns file says: a count, zero, no data, or a suppressed small
number standing for a range (docs/returns.md, "Figures").

- Nil: "Nil", "None", "-" (and "0") are zero.
- No data: blank, "Not recorded", "Not held", "N/A", "[x]" (not available), "[z]" (not
  applicable): the force was asked but gave no usable figure.
- Suppressed: a "less than" figure ("<5", "fewer than 10": 0 to 4, 0 to 9), a range ("1-4",
  "0 to 5"), or a marker with no number ("*", "[c]"), which stands for the range in the
  setting RETURNS_SUPPRESSED_RANGE.

The word lists are settings (RETURNS_NIL_MARKERS, RETURNS_NO_DATA_MARKERS,
RETURNS_SUPPRESSED_MARKERS: comma-separated, any case), so a force's own wording can be added
without a code change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

DEFAULT_NIL = "nil,none,-"
DEFAULT_NO_DATA = "no data,not recorded,not held,n/a,na,not available,[x],[z]"
DEFAULT_SUPPRESSED = "*,[c]"
DEFAULT_SUPPRESSED_RANGE = "0-4"
MAX_COUNT = 2_147_483_647  # the database's integer
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_NUMBER = r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_LESS = re.compile(rf"^(?:<|fewer than|less than|under|below)\s*{_NUMBER}$")
_AT_MOST = re.compile(rf"^(?:<=|≤|up to|at most)\s*{_NUMBER}$")
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|to)\s*{_NUMBER}$")


def _words(text: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in text.split(",") if word.strip())


def normalise(text: str) -> str:
    """How a cell is compared with the markers: any case, any dash, spaces collapsed."""
    return " ".join(text.translate(_DASHES).casefold().split())


@dataclass(frozen=True)
class Markers:
    nil: frozenset[str]
    no_data: frozenset[str]
    suppressed: frozenset[str]
    suppressed_range: tuple[int, int]

    @classmethod
    def from_settings(cls, config: Mapping[str, object]) -> Markers:
        """From an app's config (or any mapping), with the defaults for missing keys. A
        malformed RETURNS_SUPPRESSED_RANGE raises ValueError naming the setting."""
        text = str(config.get("RETURNS_SUPPRESSED_RANGE", DEFAULT_SUPPRESSED_RANGE))
        match = _RANGE.match(normalise(text))
        if match is None or _int(match.group(1)) > _int(match.group(2)):
            raise ValueError(
                f'RETURNS_SUPPRESSED_RANGE "{text}" is not a range of whole numbers, e.g. 0-4'
            )
        return cls(
            nil=_words(str(config.get("RETURNS_NIL_MARKERS", DEFAULT_NIL))),
            no_data=_words(str(config.get("RETURNS_NO_DATA_MARKERS", DEFAULT_NO_DATA))),
            suppressed=_words(str(config.get("RETURNS_SUPPRESSED_MARKERS", DEFAULT_SUPPRESSED))),
            suppressed_range=(_int(match.group(1)), _int(match.group(2))),
        )


@dataclass(frozen=True)
class Figure:
    """A force's figure: `low` None is no data; `high` None is exact, else the suppressed
    figure lies between `low` and `high` (inclusive)."""

    low: int | None
    high: int | None = None

    @property
    def suppressed(self) -> bool:
        return self.high is not None


NO_DATA = Figure(None)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _bounded(value: int) -> int:
    if value > MAX_COUNT:
        raise ValueError(f"{value:,} is too large")
    return value


DEFAULT = Markers.from_settings({})


def _range(low: int, high: int, cell: object) -> Figure:
    if low > high:
        raise ValueError(f'"{cell}" is not a range: {low:,} is more than {high:,}')
    _bounded(high)
    return Figure(low) if low == high else Figure(low, high)


def read_count(cell: object, markers: Markers = DEFAULT) -> Figure:
    """The figure a cell holds; raises ValueError with a message for anything else."""
    if cell is None:
        return NO_DATA
    if isinstance(cell, bool | date):
        raise ValueError(f'"{cell}" is not a whole number')
    if isinstance(cell, float):
        if not cell.is_integer():
            raise ValueError(f"{cell} is not a whole number")
        cell = int(cell)
    if isinstance(cell, int):
        if cell < 0:
            raise ValueError(f"{cell} is negative: a count is 0 or more")
        return Figure(_bounded(cell))
    text = normalise(str(cell))
    if not text or text in markers.no_data:
        return NO_DATA
    if text in markers.nil:
        return Figure(0)
    if text in markers.suppressed:
        return _range(*markers.suppressed_range, cell)
    if text.isascii() and text.isdigit():
        return Figure(_bounded(int(text)))
    if (match := re.fullmatch(_NUMBER, text)) is not None:
        return Figure(_bounded(_int(match.group(1))))
    if (less := _LESS.match(text)) is not None:
        limit = _int(less.group(1))
        if limit == 0:
            raise ValueError(f'"{cell}": a count cannot be less than 0')
        return _range(0, limit - 1, cell)
    if (most := _AT_MOST.match(text)) is not None:
        return _range(0, _int(most.group(1)), cell)
    if (span := _RANGE.match(text)) is not None:
        return _range(_int(span.group(1)), _int(span.group(2)), cell)
    if text.startswith("-") and text[1:].replace(",", "").isdigit():
        raise ValueError(f"{cell} is negative: a count is 0 or more")
    raise ValueError(f'"{cell}" is not a whole number')
