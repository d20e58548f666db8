"""The one date format and the one date-time format (campaign/rendering.py's filters)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from campaign.rendering import format_date, format_datetime, uk_day


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        (date(2026, 12, 7), "day", "7 December 2026"),
        (date(2026, 7, 1), "month", "July 2026"),
        (date(2027, 1, 1), "year", "2027"),
        (None, "day", ""),
        # A moment is shown as its UK day: 23:30 UTC on 30 June is 1 July in London (BST) ...
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "day", "1 July 2026"),
        # ... but still 31 December in winter (GMT).
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "day", "31 December 2026"),
    ],
)
def test_one_date_format_at_its_precision(value, precision, shown):
    assert format_date(value, precision) == shown


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 12, 7, 1, 44, tzinfo=UTC), "7 December 2026, 01:44 GMT"),
        # The clocks go forward at 01:00 UTC on Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29 March 2026, 00:59 GMT"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29 March 2026, 02:00 BST"),
        # They go back at 01:00 UTC on Sunday 25 October 2026: 01:30 happens twice, and the
        # zone tells the two apart.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25 October 2026, 01:30 BST"),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25 October 2026, 01:30 GMT"),
        # Late in the evening UTC in summer is already the next day in London.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 July 2026, 00:30 BST"),
        # A naive datetime is taken as UTC, as the database stores it.
        (datetime(2026, 7, 1, 8, 0), "1 July 2026, 09:00 BST"),
        (None, ""),
    ],
)
def test_one_date_time_format_in_uk_time(moment, shown):
    assert format_datetime(moment) == shown


def test_uk_day_crosses_midnight_in_summer_only():
    assert uk_day(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 28)  # GMT
    assert uk_day(datetime(2026, 3, 29, 23, 30, tzinfo=UTC)) == date(2026, 3, 30)  # BST


def test_templates_have_one_date_time_filter(app):
    filters = app.jinja_env.filters
    assert filters["datetime"] is format_datetime
    assert filters["uk_time"] is format_datetime  # the older name, the same format
    assert filters["date"] is format_date
