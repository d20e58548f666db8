"""The planning rules on their own: which reminder a pass sends, misses or leaves alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from campaign import models as m
from campaign.reminders import rules
from campaign.reminders.content import countdown, overdue
from campaign.reminders.facts import MilestoneFacts, load_milestones
from campaign.reminders.planning import (
    ReminderSettings,
    choose,
    milestone_recipients,
    milestone_reminders,
    superseded_by,
)
from tests.reminders.conftest import at

SETTINGS = ReminderSettings(
    default_offsets="28,7,1",
    team_address="team@example.org",
    hour=9,
    max_attempts=3,
    retry_seconds=60,
    base_url="http://localhost",
)


def facts(**overrides) -> MilestoneFacts:
    values = {
        "id": 1,
        "title": "Closes",
        "milestone_date": date(2024, 2, 23),
        "date_precision": m.DatePrecision.DAY,
        "kind": m.MilestoneKind.CONSULTATION_CLOSES,
        "organisation": None,
        "reminder_offsets": None,
        "reminder_recipients": "",
        "archived": False,
        "done": False,
    }
    return MilestoneFacts(**{**values, **overrides})


def offsets_of(reminders):
    return [r.offset_days for r in reminders]


def test_one_reminder_per_offset_due_at_the_uk_hour():
    reminders = milestone_reminders(facts(), SETTINGS)
    assert offsets_of(reminders) == [28, 7, 1]
    assert [r.due_at for r in reminders] == [
        at("2024-01-26 09:00"),
        at("2024-02-16 09:00"),
        at("2024-02-22 09:00"),
    ]
    assert reminders[1].job_id == "milestone:1:offset:7"
    key = reminders[1].dedupe_key(m.DeliveryChannel.EMAIL, "Owner@Example.org")
    assert key == "milestone:1:2024-02-23:7:email:owner@example.org"


@pytest.mark.parametrize(
    "overrides",
    [
        {"date_precision": m.DatePrecision.MONTH, "milestone_date": date(2024, 2, 1)},
        {"date_precision": m.DatePrecision.YEAR, "milestone_date": date(2024, 1, 1)},
        {"archived": True},
        {"done": True},
        {"reminder_offsets": ""},
        {"reminder_offsets": "soon"},  # unreadable: none, with a warning
    ],
)
def test_no_reminders(overrides):
    assert milestone_reminders(facts(**overrides), SETTINGS) == []


@pytest.mark.parametrize(
    ("now", "since", "send", "missed"),
    [
        ("2024-01-26 08:59", "2024-01-01 00:00", None, []),
        ("2024-01-26 09:00", "2024-01-01 00:00", 28, []),
        ("2024-02-20 12:00", "2024-01-01 00:00", 7, []),  # the 28-day one is superseded
        ("2024-02-23 23:59", "2024-02-23 00:00", 1, []),  # still the closing day
        ("2024-02-24 00:00", "2024-02-20 00:00", None, [1]),  # passed: 1-day missed
        ("2024-02-24 00:00", "2024-01-01 00:00", None, [28, 7, 1]),
        ("2024-02-24 00:00", "2024-02-24 00:00", None, []),  # nothing fell due in the window
    ],
)
def test_what_a_pass_does(now, since, send, missed):
    choice = choose(milestone_reminders(facts(), SETTINGS), now=at(now), since=at(since))
    assert (choice.send.offset_days if choice.send else None) == send
    assert offsets_of(choice.missed) == missed


def test_a_reminder_is_superseded_by_a_later_one_also_due():
    reminders = milestone_reminders(facts(), SETTINGS)
    twenty_eight, seven, one = reminders
    assert superseded_by(reminders, twenty_eight, at("2024-02-20 12:00")) == seven
    assert superseded_by(reminders, seven, at("2024-02-20 12:00")) is None
    assert superseded_by(reminders, twenty_eight, at("2024-02-22 09:00")) == one


def test_bulk_recipients_match_rules_recipients_for(session, make):
    milestone = make.milestone(reminder_recipients="extra@example.org, Owner@example.org")
    for email in ("owner@example.org", None, "b@example.org", "A@example.org"):
        make.link(m.AskMilestone(ask_id=make.ask(owner_email=email).id, milestone_id=milestone.id))
    archived = make.ask(owner_email="gone@example.org", archived_at=at("2024-01-01 00:00"))
    make.link(m.AskMilestone(ask_id=archived.id, milestone_id=milestone.id))
    bulk = milestone_recipients(
        load_milestones(session, ids=[milestone.id])[milestone.id], SETTINGS
    )
    expected = rules.recipients_for(session, milestone, team_address="team@example.org")
    assert (
        bulk
        == expected
        == [
            "A@example.org",
            "b@example.org",
            "owner@example.org",
            "extra@example.org",
            "team@example.org",
        ]
    )


def test_a_malformed_address_is_skipped_not_fatal(caplog):
    settings = replace(SETTINGS, team_address="team@, ok@example.org")
    assert milestone_recipients(facts(), settings) == ["ok@example.org"]
    assert "REMINDERS_TO" in caplog.text


def test_wording():
    assert [countdown(d) for d in (0, 1, 2, 28)] == ["today", "tomorrow", "in 2 days", "in 28 days"]
    assert [overdue(d) for d in (0, 1, 5)] == ["today", "yesterday", "5 days ago"]
