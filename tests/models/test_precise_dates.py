from datetime import date

import pytest

from campaign.models.enums import DatePrecision
from campaign.models.precise_dates import format_precise_date, parse_precise_date


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
