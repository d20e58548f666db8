"""Dates known to a day, a month or a year ("2023-10-26", "2026-07", "2027")."""

from __future__ import annotations

import calendar
import re
from datetime import date

from campaign.models.enums import DatePrecision

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_precise_date(text: str | int | date) -> tuple[date, DatePrecision]:
    """'2026-07' -> (2026-07-01, month). Raises ValueError with a readable message."""
    if isinstance(text, date):
        return text, DatePrecision.DAY
    value = str(text).strip()
    match = _PATTERN.match(value)
    if not match:
        raise ValueError("use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        if day:
            return date(int(year), int(month), int(day)), DatePrecision.DAY
        if month:
            return date(int(year), int(month), 1), DatePrecision.MONTH
        return date(int(year), 1, 1), DatePrecision.YEAR
    except ValueError as exc:
        raise ValueError(f"not a real date: {value}") from exc


def format_precise_date(value: date, precision: DatePrecision | str) -> str:
    """The inverse of parse_precise_date: (2026-07-01, month) -> '2026-07'."""
    match DatePrecision(precision):
        case DatePrecision.YEAR:
            return f"{value.year:04d}"
        case DatePrecision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        case _:
            return value.isoformat()


def period_end(value: date, precision: DatePrecision | str) -> date:
    """The last day a date at its precision covers: a month or year milestone is "by the end
    of" it. (2026-07-01, month) -> 2026-07-31; (2027-01-01, year) -> 2027-12-31."""
    match DatePrecision(precision):
        case DatePrecision.YEAR:
            return date(value.year, 12, 31)
        case DatePrecision.MONTH:
            return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
        case _:
            return value


def due_period_end(value: date, precision: str) -> date:
    """The last day of a commitment's due period: as `period_end`, plus seasons of three
    months from their first month ((2026-03-01, season) -> 2026-05-31: "by spring 2026")."""
    if precision == "season":
        last_month = value.month + 2
        year = value.year + (last_month - 1) // 12
        month = (last_month - 1) % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    return period_end(value, precision)
