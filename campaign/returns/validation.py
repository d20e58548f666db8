"""Checking a returns table: the header, then every row and cell. Every problem is collected
(never just the first), each naming the file's row and the column as headed in the file.

The result is a list of `ParsedReturn`s: canonical force names, periods with their dates, whole
numbers, and `offences = None` for a force asked that gave no usable data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from campaign.returns import forces, periods
from campaign.returns.errors import ReturnError, error
from campaign.returns.markers import DEFAULT, Markers, read_count
from campaign.returns.reading import Cell, Table

REQUIRED = ("force", "period", "offences")
OPTIONAL = ("period_start", "period_end", "note")
PLATFORM_PREFIX = "platform:"
EXPECTED = ", ".join((*REQUIRED, *OPTIONAL)) + f" and any number of {PLATFORM_PREFIX}<name>"
PERIOD_LENGTH, PLATFORM_LENGTH = periods.LENGTH, 80


@dataclass(frozen=True)
class ParsedReturn:
    row_number: int
    force: str
    period_label: str
    period_start: date | None
    period_end: date | None
    offences: int | None  # None: no usable data; else the figure, or a suppressed one's low
    note: str
    platforms: tuple[tuple[str, int], ...]  # (platform, count), by platform name
    offences_max: int | None = None  # a suppressed figure's high end; None: exact

    @property
    def period_identity(self) -> str:
        return periods.identity(self.period_label)

    def same_data(self, other) -> bool:
        """True if `other` (a ParsedReturn or a stored ForceReturn) says the same thing."""
        theirs = getattr(other, "platforms", ())
        if theirs and not isinstance(theirs[0], tuple):
            theirs = tuple(sorted((p.platform, p.count) for p in theirs))
        return (
            self.period_start == other.period_start
            and self.period_end == other.period_end
            and self.offences == other.offences
            and self.offences_max == other.offences_max
            and self.note == other.note
            and self.platforms == tuple(theirs)
        )


@dataclass(frozen=True)
class Columns:
    index: dict[str, int]  # standard column -> position
    headings: dict[str, str]  # standard column -> heading as written in the file
    platforms: list[tuple[int, str, str]]  # (position, platform name, heading as written)


def check(
    table: Table, *, markers: Markers = DEFAULT
) -> tuple[list[ParsedReturn], list[ReturnError]]:
    """Every row of `table` parsed, and every problem found (empty when it can be imported).

    Two spellings of one period are one period (`periods.identity`): its first spelling in the
    file is kept, so a force's second row for it is a duplicate however it is written."""
    columns, errors = _columns(table)
    if columns is None:
        return [], errors
    parsed: list[ParsedReturn] = []
    seen: dict[tuple[str, str], int] = {}
    spans: dict[str, tuple[date | None, date | None, int]] = {}
    spellings: dict[str, str] = {}
    for number, cells in table.rows:
        row, row_errors = _row(number, cells, columns, markers)
        errors.extend(row_errors)
        if row is None:
            continue
        identity = row.period_identity
        row = replace(row, period_label=spellings.setdefault(identity, row.period_label))
        force_heading, period_heading = columns.headings["force"], columns.headings["period"]
        first = seen.setdefault((row.force, identity), number)
        if first != number:
            message = f"{row.force}, {row.period_label} is also in row {first}"
            errors.append(error(f"duplicate: {message}", row=number, column=force_heading))
            continue
        start, end, where = spans.setdefault(identity, (row.period_start, row.period_end, number))
        if (start, end) != (row.period_start, row.period_end):
            message = f"{row.period_label} runs {_span(start, end)} in row {where}, not here"
            errors.append(error(message, row=number, column=period_heading))
            continue
        parsed.append(row)
    return parsed, errors


def _span(start: date | None, end: date | None) -> str:
    return f"{start or 'unknown'} to {end or 'unknown'}"


def _heading_key(text: str) -> str:
    return re.sub(r"[\s_]+", "_", text.strip().lower())


def _columns(table: Table) -> tuple[Columns | None, list[ReturnError]]:
    errors: list[ReturnError] = []
    index: dict[str, int] = {}
    headings: dict[str, str] = {}
    platforms: list[tuple[int, str, str]] = []
    seen_platforms: dict[str, str] = {}
    filled = _filled_positions(table)
    for position, heading in enumerate(table.header):
        key = _heading_key(heading)
        if not key:
            if position in filled:
                errors.append(error(f"column {position + 1} has values but no heading", row=1))
            continue
        if key.startswith(PLATFORM_PREFIX):
            name = heading.strip()[len(PLATFORM_PREFIX) :].strip()
            if not name:
                errors.append(error("name the platform: platform:<name>", row=1, column=heading))
            elif len(name) > PLATFORM_LENGTH:
                message = f"a platform name has at most {PLATFORM_LENGTH} characters"
                errors.append(error(message, row=1, column=heading))
            elif periods.identity(name) in seen_platforms:
                message = f'the same platform as column "{seen_platforms[periods.identity(name)]}"'
                errors.append(error(message, row=1, column=heading))
            else:
                seen_platforms[periods.identity(name)] = heading
                platforms.append((position, name, heading))
        elif key in REQUIRED or key in OPTIONAL:
            if key in index:
                message = f'a second "{key}" column (also column {index[key] + 1})'
                errors.append(error(message, row=1, column=heading))
            else:
                index[key], headings[key] = position, heading.strip()
        else:
            message = f"unknown column; expected {EXPECTED}"
            errors.append(error(message, row=1, column=heading.strip()))
    missing = [name for name in REQUIRED if name not in index]
    for name in missing:
        errors.append(error(f'missing column "{name}"; expected {EXPECTED}', row=1))
    if missing:
        return None, errors
    return Columns(index, headings, platforms), errors


def _filled_positions(table: Table) -> set[int]:
    """The columns with a value in some row, in one pass over the cells (not one pass over
    the rows per blank heading: a header row reaching column XFD made that 16,384 passes)."""
    return {
        position
        for _, cells in table.rows
        for position, cell in enumerate(cells)
        if not _blank(cell)
    }


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell(cells: list[Cell], position: int | None) -> Cell:
    if position is None or position >= len(cells):
        return None
    value = cells[position]
    return value.strip() if isinstance(value, str) else value


def _row(
    number: int, cells: list[Cell], columns: Columns, markers: Markers
) -> tuple[ParsedReturn | None, list[ReturnError]]:
    errors: list[ReturnError] = []

    def fail(name: str, message: str) -> None:
        errors.append(error(message, row=number, column=columns.headings.get(name, name)))

    def value(name: str) -> Cell:
        return _cell(cells, columns.index.get(name))

    force = _as_text(value("force"))
    canonical = forces.match(force)
    if not force:
        fail("force", "name the police force")
    elif canonical is None:
        fail("force", _unknown_force(force))

    label, start, end = _period(value("period"), value("period_start"), value("period_end"), fail)

    offences: int | None = None
    offences_max: int | None = None
    offences_invalid = False
    try:
        figure = read_count(value("offences"), markers)
        offences, offences_max = figure.low, figure.high
    except ValueError as exc:
        fail("offences", str(exc))
        offences_invalid = True
    most = offences if offences_max is None else offences_max

    platforms: list[tuple[str, int]] = []
    for position, name, heading in columns.platforms:
        try:
            count_figure = read_count(_cell(cells, position), markers)
        except ValueError as exc:
            errors.append(error(str(exc), row=number, column=heading))
            continue
        count = count_figure.low
        if count is None:
            continue  # blank or no data: the force did not report this platform
        if count_figure.suppressed:
            message = (
                "a suppressed platform count cannot be added up: leave the cell blank "
                "(not reported) and say so in the note"
            )
            errors.append(error(message, row=number, column=heading))
            continue
        if offences is None and not offences_invalid:
            message = f"a count of {count:,} but no usable offences figure for the force"
            errors.append(error(message, row=number, column=heading))
        elif most is not None and count > most:
            message = f"{count:,} is more than the force's {most:,} offences"
            if offences_max is not None:
                message = f"{count:,} is more than the force's at most {most:,} offences"
            errors.append(error(message, row=number, column=heading))
        platforms.append((name, count))

    if errors or canonical is None or label is None:
        return None, errors
    row = ParsedReturn(
        row_number=number,
        force=canonical,
        period_label=label,
        period_start=start,
        period_end=end,
        offences=offences,
        note=_as_text(value("note")),
        platforms=tuple(sorted(platforms)),
        offences_max=offences_max,
    )
    return row, errors


def _unknown_force(name: str) -> str:
    close = forces.suggest(name)
    if not close:
        return f'unknown force "{name}": not a UK police force in the list'
    return f'unknown force "{name}": did you mean ' + " or ".join(f'"{c}"' for c in close) + "?"


def _as_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _period(label_cell: Cell, start_cell: Cell, end_cell: Cell, fail):
    """(label, start, end), or label None after reporting why. The label is canonical
    (`periods.parse`: "2022-23", "FY22/23" and "April 2022 to March 2023" are all 2022/23,
    1 April 2022 to 31 March 2023); dates in the period_start/period_end columns win."""
    label = _as_text(label_cell)
    start = end = None
    ok = True
    if not label:
        fail("period", "name the period, e.g. 2022/23")
        ok = False
    elif isinstance(label_cell, date):
        # Excel turns "2023-01" into a date: say so rather than keep "2023-01-01 00:00:00".
        fail("period", f"{label_cell:%Y-%m-%d} is a date: write the period as text, e.g. 2023-01")
        ok = False
    else:
        try:
            period = periods.parse(label)
        except periods.PeriodInvalid as exc:
            fail("period", str(exc))
            ok = False
        else:
            label, start, end = period.label, period.start, period.end
            if len(label) > PERIOD_LENGTH:
                fail("period", f"a period has at most {PERIOD_LENGTH} characters")
                ok = False
    for name, cell in (("period_start", start_cell), ("period_end", end_cell)):
        if _blank(cell):
            continue
        try:
            day = _date(cell)
        except ValueError:
            fail(name, f'"{_as_text(cell)}" is not a date (YYYY-MM-DD)')
            ok = False
            continue
        if name == "period_start":
            start = day
        else:
            end = day
    if ok and start is not None and end is not None and end < start:
        fail("period_end", f"the period ends ({end}) before it starts ({start})")
        ok = False
    return (label if ok else None), start, end


def _date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return date.fromisoformat(_as_text(cell))
