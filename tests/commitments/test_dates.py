"""A commitment's due date at its precision: parsed from one text field, shown back "by …",
due by the end of its period, and late in SQL exactly when the model says so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from campaign.commitments.dates import (
    due_input,
    format_due_by,
    milestone_date,
    parse_due,
)
from campaign.commitments.services import late_condition
from campaign.models import Commitment, CommitmentStatus, DatePrecision, DuePrecision

CASES = [
    # text, stored as, precision, shown, due by (the last day of the period)
    ("2026-03-31", date(2026, 3, 31), "day", "by 31 March 2026", date(2026, 3, 31)),
    ("2026-03", date(2026, 3, 1), "month", "by March 2026", date(2026, 3, 31)),
    ("spring 2026", date(2026, 3, 1), "season", "by spring 2026", date(2026, 5, 31)),
    ("summer 2026", date(2026, 6, 1), "season", "by summer 2026", date(2026, 8, 31)),
    ("autumn 2026", date(2026, 9, 1), "season", "by autumn 2026", date(2026, 11, 30)),
    ("winter 2026", date(2026, 12, 1), "season", "by winter 2026", date(2027, 2, 28)),
    ("winter 2027", date(2027, 12, 1), "season", "by winter 2027", date(2028, 2, 29)),
    ("2027", date(2027, 1, 1), "year", "by 2027", date(2027, 12, 31)),
]


@pytest.mark.parametrize(("text", "stored", "precision", "shown", "due_by"), CASES)
def test_each_precision_parses_shows_back_and_is_due_by_the_end_of_its_period(
    text, stored, precision, shown, due_by
):
    assert parse_due(text) == (stored, DuePrecision(precision))
    assert due_input(stored, precision) == text
    assert format_due_by(stored, precision) == shown
    row = Commitment(key="k", title="t", due_on=stored, due_precision=DuePrecision(precision))
    assert row.due_by() == due_by


def test_seasons_are_read_in_any_case_and_spacing():
    assert parse_due("  Autumn   2026 ") == (date(2026, 9, 1), DuePrecision.SEASON)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "not a real date: 2026-02-30"),
        ("spring", "use a day (2026-03-31), a month (2026-03), a season (spring 2026)"),
        ("fall 2026", "a season (spring 2026)"),
        ("31/03/2026", "or a year (2027)"),
        ("", "use a day"),
    ],
)
def test_anything_else_is_refused_with_what_to_type(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_due(text)


def test_a_season_becomes_the_month_milestone_it_ends_in():
    """A month milestone is due by the end of its month: "by spring 2026" stays 31 May 2026."""
    assert milestone_date(date(2026, 3, 1), "season") == (date(2026, 5, 1), DatePrecision.MONTH)
    assert milestone_date(date(2026, 12, 1), "season") == (date(2027, 2, 1), DatePrecision.MONTH)
    assert milestone_date(date(2026, 3, 31), "day") == (date(2026, 3, 31), DatePrecision.DAY)
    assert milestone_date(date(2026, 3, 1), "month") == (date(2026, 3, 1), DatePrecision.MONTH)
    assert milestone_date(date(2027, 1, 1), "year") == (date(2027, 1, 1), DatePrecision.YEAR)


def test_the_late_query_agrees_with_the_model_on_every_day_around_each_period_end(session):
    """`late_condition(today)` (SQL, for lists and the API) and `Commitment.is_late_on(today)`
    (the pages' tag) say the same for every precision, status and day of two years."""
    texts = ["2026-02-28", "2026-02", "winter 2025", "spring 2026", "autumn 2026", "2026"]
    rows = []
    for n, text in enumerate(texts):
        due_on, precision = parse_due(text)
        for status in (CommitmentStatus.OPEN, CommitmentStatus.LATE, CommitmentStatus.KEPT):
            rows.append(
                Commitment(
                    key=f"c-{n}-{status.value}",
                    title=text,
                    due_on=due_on,
                    due_precision=precision,
                    status=status,
                )
            )
    session.add_all(rows)
    session.commit()
    day = date(2025, 12, 1)
    while day < date(2027, 3, 1):
        late = set(session.exec(select(Commitment.key).where(late_condition(day))))
        assert late == {row.key for row in rows if row.is_late_on(day)}, day
        day += timedelta(days=1)
