"""The retention review (docs/people.md): people with no interaction, stance or commitment for
N years, listed on a page and by `flask people-retention`; nothing is erased."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.people.retention import years_before
from tests.support.people_records import PeopleRecords

LONG_AGO = datetime(2015, 3, 1, 9, tzinfo=UTC)
NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.fixture
def clocked(make_app):
    """The app with its clock at NOW (campaign.clock)."""
    return make_app(CLOCK=lambda: NOW)


@pytest.fixture
def people(session, make):
    records = PeopleRecords(session)
    ask = make.ask()
    recent = NOW - timedelta(days=30)
    records.person(name="Quiet Since 2015", created_at=LONG_AGO)
    stance_only = records.person(name="Stance In 2019", created_at=LONG_AGO)
    records.stance(stance_only, ask, assessed_on=date(2019, 5, 1))
    met = records.person(name="Met Last Month", created_at=LONG_AGO)
    records.stance(met, ask, assessed_on=date(2019, 5, 1))
    records.interaction(met, occurred_at=recent)
    promised = records.person(name="Promised Lately", created_at=LONG_AGO)
    records.commitment(promised, created_at=recent)
    records.person(name="Added Today")
    records.person(name="Archived Long Ago", created_at=LONG_AGO, archived_at=LONG_AGO)
    records.person(name="Erased person", created_at=LONG_AGO, erased_at=LONG_AGO)
    return records


def test_the_command_lists_people_without_recent_activity(clocked, people):
    runner = clocked.test_cli_runner()
    result = runner.invoke(args=["people-retention"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "3 due for review (no activity for 3 years):"
    assert [line.split("\t")[1:] for line in lines[1:]] == [
        ["Archived Long Ago", "2015-03-01", "added"],
        ["Quiet Since 2015", "2015-03-01", "added"],
        ["Stance In 2019", "2019-05-01", "stance"],
    ]
    longer = runner.invoke(args=["people-retention", "--years", "9"])
    assert "Stance In 2019" not in longer.output and "Quiet Since 2015" in longer.output
    assert runner.invoke(args=["people-retention", "--years", "0"]).exit_code == 2


def test_the_page_lists_them_for_anyone_signed_in(clocked, people):
    viewer = clocked.test_client(as_user=("viewer", False))
    page = viewer.get("/people/retention").get_data(as_text=True)
    assert "<h1>People due for a retention review</h1>" in page
    assert "Quiet Since 2015" in page and "Stance In 2019" in page
    assert 'Archived Long Ago</a> <span class="muted">(archived)</span>' in page
    assert "Met Last Month" not in page and "Promised Lately" not in page
    assert "Added Today" not in page and "Erased person" not in page
    assert '<time datetime="2019-05-01">1 May 2019</time>' in page
    assert 'label class="govuk-label" for="years"' in page
    narrower = viewer.get("/people/retention?years=9").get_data(as_text=True)
    assert "Stance In 2019" not in narrower


def test_nobody_due_says_so(clocked):
    result = clocked.test_cli_runner().invoke(args=["people-retention"])
    assert result.exit_code == 0 and "Nobody is due for review" in result.output


def test_years_before_keeps_29_february_in_range():
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert years_before(date(2026, 12, 7), 3) == date(2023, 12, 7)
