from datetime import date

import pytest

from campaign.models.enums import DatePrecision
from campaign.models.precise_dates import format_precise_date, parse_precise_date, period_end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10-26", (date(2023, 10, 26), DatePrecision.DAY)),
        ("2026-07", (date(2026, 7, 1), DatePrecision.MONTH)),
        ("2027", (date(2027, 1, 1), DatePrecision.YEAR)),
        (2027, (date(2027, 1, 1), DatePrecision.YEAR)),
    ],
)
def test_round_trip(text, expected):
    assert parse_precise_date(text) == expected
    assert format_precise_date(*expected) == str(text)


@pytest.mark.parametrize("text", ["2026-13", "2025-02-30", "July 2026", "26/10/2023", ""])
def test_refuses_malformed_dates(text):
    with pytest.raises(ValueError):
        parse_precise_date(text)


@pytest.mark.parametrize(
    ("value", "precision", "end"),
    [
        (date(2026, 7, 8), "day", date(2026, 7, 8)),
        (date(2026, 7, 1), "month", date(2026, 7, 31)),
        (date(2028, 2, 1), "month", date(2028, 2, 29)),
        (date(2027, 2, 1), "month", date(2027, 2, 28)),
        (date(2026, 12, 1), "month", date(2026, 12, 31)),
        (date(2027, 1, 1), "year", date(2027, 12, 31)),
    ],
)
def test_period_end_is_the_last_day_the_date_covers(value, precision, end):
    assert period_end(value, DatePrecision(precision)) == end
