"""A commitment's due date at its precision: a day ("2026-03-31"), a month ("2026-03"), a
meteorological season ("spring 2026") or a year ("2027").

Stored as `due_on` (the first day of the period) and `due_precision`; due by the last day of
the period (`campaign.models.precise_dates.due_period_end`). Seasons are the Met Office's
meteorological seasons of three whole months: spring March–May, summer June–August, autumn
September–November, winter December–February, a winter named by the year of its December
("winter 2026" is December 2026 to February 2027). docs/commitments.md.
"""

from __future__ import annotations

import re
from datetime import date

from campaign.models.enums import DatePrecision, DuePrecision
from campaign.models.precise_dates import due_period_end, parse_precise_date
from campaign.rendering import format_date

# The first month of each season.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
SEASON_OF_MONTH = {month: name for name, month in SEASONS.items()}
_SEASON = re.compile(r"^(spring|summer|autumn|winter)\s+(\d{4})$", re.IGNORECASE)
HINT = (
    "A day (2026-03-31), a month (2026-03), a season (spring 2026; winter 2026 is December "
    "2026 to February 2027) or a year (2027)."
)


def parse_due(text: str) -> tuple[date, DuePrecision]:
    """'spring 2026' -> (2026-03-01, season); '2026-03' -> (2026-03-01, month).
    Raises ValueError with a readable message."""
    value = " ".join(str(text).split())
    match = _SEASON.match(value)
    if match:
        season, year = match.groups()
        return date(int(year), SEASONS[season.lower()], 1), DuePrecision.SEASON
    try:
        day, precision = parse_precise_date(value)
    except ValueError as exc:
        if "not a real date" in str(exc):
            raise
        raise ValueError(
            "use a day (2026-03-31), a month (2026-03), a season (spring 2026) or a year (2027)"
        ) from exc
    return day, DuePrecision(precision.value)


def due_input(due_on: date | None, precision: DuePrecision | str) -> str:
    """The inverse of parse_due: the text the form and the API show ('spring 2026')."""
    if due_on is None:
        return ""
    match DuePrecision(precision):
        case DuePrecision.SEASON:
            return f"{season_name(due_on)} {due_on.year}"
        case DuePrecision.YEAR:
            return f"{due_on.year:04d}"
        case DuePrecision.MONTH:
            return f"{due_on.year:04d}-{due_on.month:02d}"
        case _:
            return due_on.isoformat()


def season_name(first_day: date) -> str:
    try:
        return SEASON_OF_MONTH[first_day.month]
    except KeyError:
        raise ValueError(f"{first_day.isoformat()} does not start a season") from None


def format_due(due_on: date | None, precision: DuePrecision | str) -> str:
    """'31 March 2026', 'March 2026', 'spring 2026', '2027' (the house date style)."""
    if due_on is None:
        return ""
    precision = DuePrecision(precision)
    if precision == DuePrecision.SEASON:
        return due_input(due_on, precision)
    return format_date(due_on, precision.value)


def format_due_by(due_on: date | None, precision: DuePrecision | str) -> str:
    """'by 31 March 2026', 'by spring 2026'; '' with no due date."""
    shown = format_due(due_on, precision)
    return f"by {shown}" if shown else ""


def milestone_date(due_on: date, precision: DuePrecision | str) -> tuple[date, DatePrecision]:
    """The milestone date for a due date: the same day, month or year; a season becomes the
    month it ends in (a month milestone is "by the end of" it), so "by spring 2026" is a
    May 2026 milestone and the date by which it is due does not change."""
    precision = DuePrecision(precision)
    if precision == DuePrecision.SEASON:
        end = due_period_end(due_on, precision.value)
        return date(end.year, end.month, 1), DatePrecision.MONTH
    return due_on, DatePrecision(precision.value)
