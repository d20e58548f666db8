"""The timeline's pages: windows of whole months.

A page shows the milestones of a run of consecutive months, by the milestone's date. A year
milestone counts in its January, except one for the current year: it is under way ("this
year", upcoming) and counts in today's month, so it stays on the first page.

A page holds whole months, adding months while the page stays within PAGE_SIZE milestones
(and always at least one month with milestones, however full):
- the first page starts at today's month and adds the next later and the next earlier month
  with milestones in turn, so it shows what is coming up and what has just happened;
- `?from=2027-03` starts at March 2027 and adds later months;
- `?until=2025-06` ends at June 2025 and adds earlier months.
"Earlier" links to `until=` the month before the page, "Later" to `from=` the month after,
each only when there are milestones that way. Which months fit is decided from one query
counting the milestones per month, so a page costs a fixed number of queries however many
milestones there are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, extract, func, not_, or_, select
from sqlmodel import Session

from campaign.models import DatePrecision, Milestone

PAGE_SIZE = 100
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def month_index(when: date) -> int:
    """Months since year 0: consecutive months are consecutive numbers."""
    return when.year * 12 + when.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    """The last day of the month (31 December 9999 included)."""
    if index % 12 == 11:
        return date(index // 12, 12, 31)
    return month_start(index + 1) - timedelta(days=1)


def month_text(index: int) -> str:
    """'2027-03', as in the page's address."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(text: str | None) -> int | None:
    """'2027-03' as a month index; None when blank or not a month (the first page is shown)."""
    match = _MONTH.fullmatch((text or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        return None
    return int(match[1]) * 12 + int(match[2]) - 1


@dataclass(frozen=True)
class Window:
    first: int  # month index, inclusive
    last: int  # month index, inclusive
    earlier: int | None  # `until=` for the "Earlier" link; None: nothing earlier
    later: int | None  # `from=` for the "Later" link; None: nothing later

    @property
    def first_text(self) -> str:
        return month_text(self.first)

    @property
    def last_text(self) -> str:
        return month_text(self.last)


def _take(months: Iterable[int], counts: Counter, size: int) -> list[int]:
    """Months in the given order while the page stays within `size` (at least one)."""
    taken: list[int] = []
    total = 0
    for month in months:
        if taken and total + counts[month] > size:
            break
        taken.append(month)
        total += counts[month]
    return taken


def _around(today: int, counts: Counter, size: int) -> tuple[int, int]:
    """From today's month, the next later and the next earlier month in turn; a side stops at
    its first month that does not fit."""
    bounds = {"later": today, "earlier": today}
    sides = {
        "later": iter(sorted(m for m in counts if m > today)),
        "earlier": iter(sorted((m for m in counts if m < today), reverse=True)),
    }
    total = counts[today]
    while sides:
        for name, months in list(sides.items()):
            month = next(months, None)
            if month is None or (total and total + counts[month] > size):
                del sides[name]
                continue
            total += counts[month]
            bounds[name] = month
    return bounds["earlier"], bounds["later"]


def choose_window(
    counts: Counter,
    *,
    today: int,
    start: int | None = None,
    end: int | None = None,
    size: int = PAGE_SIZE,
) -> Window:
    """The page's months from the milestones per month (`counts`, by month index)."""
    if start is not None:
        taken = _take(sorted(m for m in counts if m >= start), counts, size)
        first, last = start, (taken[-1] if taken else start)
    elif end is not None:
        taken = _take(sorted((m for m in counts if m <= end), reverse=True), counts, size)
        first, last = (taken[-1] if taken else end), end
    else:
        first, last = _around(today, counts, size)
    return Window(
        first,
        last,
        earlier=first - 1 if any(m < first for m in counts) else None,
        later=last + 1 if any(m > last for m in counts) else None,
    )


def _under_way(today: date):
    """A year milestone for the current year: counted in today's month."""
    return and_(
        Milestone.date_precision == DatePrecision.YEAR,
        Milestone.milestone_date == date(today.year, 1, 1),
    )


def monthly_counts(session: Session, base, *, today: date) -> Counter:
    """Milestones of the `base` query per month index, in one query."""
    rows = base.subquery()
    year = extract("year", rows.c.milestone_date)
    month = extract("month", rows.c.milestone_date)
    query = select(year, month, rows.c.date_precision, func.count()).group_by(
        year, month, rows.c.date_precision
    )
    counts: Counter = Counter()
    for row_year, row_month, precision, number in session.execute(query):
        index = int(row_year) * 12 + int(row_month) - 1
        if precision == DatePrecision.YEAR and int(row_year) == today.year:
            index = month_index(today)
        counts[index] += number
    return counts


def in_window(window: Window, *, today: date):
    """The SQL condition for the milestones on the page."""
    in_range = and_(
        Milestone.milestone_date >= month_start(window.first),
        Milestone.milestone_date <= month_end(window.last),
    )
    condition = and_(in_range, not_(_under_way(today)))
    if window.first <= month_index(today) <= window.last:
        condition = or_(condition, _under_way(today))
    return condition
