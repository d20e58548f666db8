"""Working days in England and Wales: reminders are sent on them, never at a weekend or on a
bank holiday.

The bank holidays come from the `holidays` library (`country_holidays("GB", subdiv="ENG")`:
England and Wales share one list, observed days included, e.g. "Boxing Day (observed)").
docs/reminders.md explains the rule for users.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

SATURDAY = 5  # date.weekday()


@functools.cache
def _bank_holidays(year: int) -> dict[date, str]:
    """One year's bank holidays, read once. A plain dict, not the library's lazily growing
    one, so the scheduler's threads and the web workers can share it. The library is imported
    on first use (about 0.2 s with its UK calendar), not by every process that imports the app."""
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def bank_holiday(day: date) -> str | None:
    """The bank holiday's name ('Late Summer Bank Holiday'), or None."""
    return _bank_holidays(day.year).get(day)


def why_not_a_working_day(day: date) -> str | None:
    """None on a working day; otherwise 'a weekend' or the bank holiday's name."""
    if day.weekday() >= SATURDAY:
        return "a weekend"
    return bank_holiday(day)


def working_day_on_or_before(day: date) -> date:
    """`day` itself if it is a working day, otherwise the working day before it."""
    while why_not_a_working_day(day):
        day -= timedelta(days=1)
    return day
