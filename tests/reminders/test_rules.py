from datetime import UTC, date, datetime

import pytest

from campaign.models import Ask, AskMilestone
from campaign.reminders.rules import (
    due_at,
    offsets_for,
    parse_offsets,
    parse_recipients,
    recipients_for,
)


def test_offsets_are_parsed_largest_first_without_repeats():
    assert parse_offsets("7, 28 1,7") == [28, 7, 1]
    assert parse_offsets("") == []


@pytest.mark.parametrize(("text", "message"), [("7, a week", "“a”"), ("400", "more than a year")])
def test_bad_offsets_name_the_bad_part(text, message):
    with pytest.raises(ValueError, match=message):
        parse_offsets(text)


def test_recipients_are_validated():
    assert parse_recipients("a@x.org; b@y.org\nA@x.org") == ["a@x.org", "b@y.org"]
    with pytest.raises(ValueError, match="“not-an-address”"):
        parse_recipients("a@x.org, not-an-address")


def test_due_at_is_nine_in_london_in_winter_and_summer():
    assert due_at(date(2026, 1, 30), 28, hour=9) == datetime(2026, 1, 2, 9, tzinfo=UTC)
    assert due_at(date(2026, 7, 8), 7, hour=9) == datetime(2026, 7, 1, 8, tzinfo=UTC)


def test_recipients_are_ask_owners_extras_and_the_team(session, make):
    milestone = make.milestone(reminder_recipients="policy@charity.org.uk", reminder_offsets="3")
    for email in ("owner@charity.org.uk", None, "Policy@charity.org.uk"):
        ask = make.ask(owner_email=email)
        make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    archived = make.ask(owner_email="gone@charity.org.uk", archived_at=datetime.now(UTC))
    make.link(AskMilestone(ask_id=archived.id, milestone_id=milestone.id))

    got = recipients_for(session, milestone, team_address="team@charity.org.uk")
    assert got == ["owner@charity.org.uk", "Policy@charity.org.uk", "team@charity.org.uk"]
    assert offsets_for(milestone, "28,7,1") == [3]
    assert isinstance(session.get(Ask, archived.id), Ask)
