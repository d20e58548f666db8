"""The period a returns row is for, however the force wrote it, as ONE canonical label.

A police or financial year (1 April to 31 March) is written in many ways: "2022/23",
"2022/2023", "2022-23", "2022–23" (en dash), "22/23", "FY2022-23", "FY 22/23", "financial year
2022 to 2023", "April 2022 to March 2023", "Apr 22 - Mar 23", "1 April 2022 to 31 March 2023",
"year ending March 2023". All of them are the period "2022/23". A hyphenated pair of years is a
year, never a month: "2011-12" is 2011/12, not December 2011 (write a month "2011-12-01" or
"December 2011"). A month is "2023-01", "January 2023" or "Jan 2023" -> "2023-01". Any other
span of whole months ("January to December 2023") is "January 2023 to December 2023"; a span of
other days "3 January 2023 to 2 January 2024". Anything else is kept as written, without dates.

Two spellings of one period have one `identity` (the canonical label's slug), so a force's
second row for it is a duplicate however it is spelled, and its statistics have one key.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from slugify import slugify

LENGTH = 40  # ForceReturn.period_label / Statistic.period_label
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphens, en/em dashes, minus
# Words that say which kind of year it is, not which year: dropped before reading the years.
_YEAR_WORDS = re.compile(r"\b(?:fy|f/y|py|financial|fiscal|police|year|yr)(?=\b|\d)\.?")
_PAIR = re.compile(r"^(\d{2}|\d{4})\s*(/|-|to)\s*(\d{2}|\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?"
_MONTH_YEAR = _DAY + r"([a-z]+)\.?,?(?:[\s'-]*(\d{4}|\d{2}))?"
_SPAN = re.compile(rf"^{_MONTH_YEAR}\s*(?:-|to|until)\s*{_MONTH_YEAR}$")
_ENDING = re.compile(rf"^(?:ending|ended|to|ye)\s+{_DAY}([a-z]+)\.?[\s'-]*(\d{{4}}|\d{{2}})$")
_SINGLE_MONTH = re.compile(r"^([a-z]+)\.?\s*(\d{4})$")


class PeriodInvalid(ValueError):
    """The text is recognisably a year or a span, but not a valid one (message says why)."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date | None
    end: date | None

    @property
    def identity(self) -> str:
        return identity(self.label)


def identity(label: str) -> str:
    """What makes two labels the same period: '2022/23' and '2022-23' -> '2022-23'."""
    return slugify(label) or "period"


def _year(text: str, *, after: int | None = None) -> int:
    """A four-digit year, or a two-digit one: after `after` when given (99/00 is 1999/2000),
    else 19xx from 70 up and 20xx below (69/70 is 2069/70)."""
    value = int(text)
    if len(text) == 4:
        return value
    if after is not None:
        century = after - after % 100
        year = century + value
        return year if year > after else year + 100
    return value + (1900 if value >= 70 else 2000)


def police_year(first: int) -> Period:
    return Period(f"{first}/{(first + 1) % 100:02d}", date(first, 4, 1), date(first + 1, 3, 31))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(start: date, end: date, original: str) -> Period:
    if end < start:
        raise PeriodInvalid(f'"{original}" ends before it starts')
    if start.day == 1 and end == _month_end(end.year, end.month):
        if (start.month, end.month, end.year) == (4, 3, start.year + 1):
            return police_year(start.year)
        if (start.year, start.month) == (end.year, end.month):
            return Period(f"{start:%Y-%m}", start, end)
        label = f"{start:%B %Y} to {end:%B %Y}"
    else:
        label = f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    return Period(label, start, end)


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


def parse(text: str) -> Period:
    """The canonical period for `text` (see the module's docstring); raises PeriodInvalid for
    a year pair that is not one year to the next, an impossible date or a backward span."""
    original = " ".join(text.split())
    clean = original.lower()
    for dash in _DASHES:
        clean = clean.replace(dash, "-")
    clean = re.sub(r"\s*-\s*", "-", clean)
    words = " ".join(_YEAR_WORDS.sub(" ", clean).split())
    if (pair := _PAIR.match(words.replace(" ", ""))) is not None:
        return _pair(pair, original)
    number: int | None  # a month's number, once a pattern has matched
    if (month := _MONTH.match(clean)) is not None:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise PeriodInvalid(f'"{original}" is neither a month nor a police year')
        return Period(f"{year}-{number:02d}", date(year, number, 1), _month_end(year, number))
    single = _SINGLE_MONTH.match(clean)
    if single is not None and (number := _month(single.group(1))):
        year = int(single.group(2))
        return Period(f"{year}-{number:02d}", date(year, number, 1), _month_end(year, number))
    ending = _ENDING.match(words)
    if ending is not None and (number := _month(ending.group(2))):
        year = _year(ending.group(3))
        end = _month_end(year, number)
        if ending.group(1) and int(ending.group(1)) != end.day:
            raise PeriodInvalid(f'"{original}": a year ends on the last day of a month')
        start = date(year, 1, 1) if number == 12 else date(year - 1, number + 1, 1)
        return _span(start, end, original)
    if (span := _SPAN.match(words)) is not None:
        return _month_span(span, original)
    return Period(original, None, None)


def _pair(match: re.Match, original: str) -> Period:
    left, separator, right = match.groups()
    if separator == "-" and len(left) == 4 and len(right) == 2:
        # "2023-01" is a month unless the two numbers are one year and the next.
        first = int(left)
        if int(right) != (first + 1) % 100:
            if 1 <= int(right) <= 12:
                return Period(
                    f"{first}-{int(right):02d}",
                    date(first, int(right), 1),
                    _month_end(first, int(right)),
                )
            raise PeriodInvalid(
                f'"{original}" is not a police year (one year to the next, e.g. {first}/'
                f"{(first + 1) % 100:02d})"
            )
    first = _year(left)
    second = _year(right, after=first) if len(right) == 2 else int(right)
    if second != first + 1:
        raise PeriodInvalid(
            f'"{original}" is not a police year (one year to the next, e.g. {first}/'
            f"{(first + 1) % 100:02d})"
        )
    return police_year(first)


def _month_span(match: re.Match, original: str) -> Period:
    day1, month1, year1, day2, month2, year2 = match.groups()
    first, last = _month(month1), _month(month2)
    if first is None or last is None or year2 is None:
        return Period(original, None, None)
    end_year = _year(year2)
    start_year = _year(year1) if year1 else (end_year if first <= last else end_year - 1)
    try:
        start = date(start_year, first, int(day1) if day1 else 1)
        end = date(end_year, last, int(day2)) if day2 else _month_end(end_year, last)
    except ValueError:
        raise PeriodInvalid(f'"{original}" is not a real date') from None
    return _span(start, end, original)
