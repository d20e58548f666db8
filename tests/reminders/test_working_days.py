"""Reminders are sent on working days: one that would fall on a Saturday, a Sunday or a bank
holiday in England and Wales goes on the working day before, through every door (a pass of
`send-due-reminders`, the scheduler's jobs), and exactly once, also for reminders already
delivered on the day the old rule gave them."""

from __future__ import annotations

from datetime import date

import pytest

from campaign import models as m
from campaign.reminders import workdays
from campaign.reminders.rules import due_at, reminder_day
from tests.reminders.conftest import at, deliveries, job_rows

SATURDAY = date(2026, 10, 17)  # its 7-day reminder would fall on Saturday 10 October
AFTER_BANK_HOLIDAY = date(2026, 9, 7)  # 7 days before: Monday 31 August, a bank holiday


@pytest.mark.parametrize(
    ("target", "offset", "sent_on"),
    [
        (date(2026, 10, 17), 7, date(2026, 10, 9)),  # Saturday -> Friday
        (date(2026, 10, 18), 7, date(2026, 10, 9)),  # Sunday -> Friday
        (date(2026, 9, 7), 7, date(2026, 8, 28)),  # Late Summer Bank Holiday -> Friday
        (date(2026, 4, 13), 7, date(2026, 4, 2)),  # Easter Monday, then Good Friday -> Thursday
        (date(2028, 1, 4), 7, date(2027, 12, 24)),  # Christmas and Boxing Day, both observed
        (date(2026, 10, 16), 7, date(2026, 10, 9)),  # a working day stays
        (date(2026, 10, 17), 0, date(2026, 10, 16)),  # "on the day" of a Saturday: the Friday
    ],
)
def test_the_reminder_day_is_the_working_day_on_or_before(target, offset, sent_on):
    assert reminder_day(target, offset) == sent_on


def test_bank_holidays_are_england_and_wales_ones():
    assert workdays.why_not_a_working_day(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert workdays.why_not_a_working_day(date(2026, 10, 10)) == "a weekend"
    assert workdays.why_not_a_working_day(date(2026, 10, 9)) is None
    # St Andrew's Day (Scotland) and the Battle of the Boyne (Northern Ireland) are not.
    assert workdays.why_not_a_working_day(date(2026, 11, 30)) is None
    assert workdays.why_not_a_working_day(date(2026, 7, 13)) is None


def test_due_times_stay_at_the_hour_in_uk_time():
    # Friday 9 October 2026 is in British Summer Time: 9:00 in London is 8:00 UTC.
    assert due_at(SATURDAY, 7, hour=9) == at("2026-10-09 08:00")


@pytest.fixture
def milestone(make):
    ask = make.ask(title="Safer feeds", slug="safer-feeds", owner_email="owner@example.org")

    def make_one(when: date, offsets: str = "7") -> m.Milestone:
        made = make.milestone(title="Statement", milestone_date=when, reminder_offsets=offsets)
        make.link(m.AskMilestone(ask_id=ask.id, milestone_id=made.id))
        return made

    return make_one


def test_a_7_day_reminder_falling_on_a_saturday_is_sent_on_the_friday(
    run, milestone, smtp, session
):
    made = milestone(SATURDAY)
    run("2026-10-01 00:00")  # reminders have been running
    run("2026-10-09 07:59")
    assert smtp.received == []
    result = run("2026-10-09 08:00")  # Friday, 9:00 BST
    assert "3 sent" in result.output  # the owner, the team, in the app
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["owner@example.org", "team@example.org"]
    # It counts the days actually left.
    assert smtp.received[0].subject == "Reminder: Statement in 8 days (17 October 2026)"
    sent = deliveries(session, milestone_id=made.id)
    assert {d.due_at for d in sent} == {at("2026-10-09 08:00")}
    assert {d.status for d in sent} == {m.DeliveryStatus.SENT}

    smtp.received.clear()
    run("2026-10-10 08:00")  # Saturday: nothing more
    run("2026-10-12 08:00")
    assert smtp.received == []
    assert len(deliveries(session, milestone_id=made.id)) == 3


def test_a_reminder_on_a_bank_holiday_monday_is_sent_on_the_friday_before(run, milestone, smtp):
    milestone(AFTER_BANK_HOLIDAY)
    run("2026-08-20 00:00")
    run("2026-08-28 07:59")
    assert smtp.received == []
    run("2026-08-28 08:00")  # Friday 28 August, 9:00 BST
    assert len(smtp.received) == 2
    assert smtp.received[0].subject == "Reminder: Statement in 10 days (7 September 2026)"
    smtp.received.clear()
    run("2026-08-31 08:00")  # the bank holiday itself
    assert smtp.received == []


def test_two_reminders_moved_to_the_same_day_send_one_e_mail(run, milestone, smtp, session):
    # Tuesday 1 September 2026: 1 day before is the bank holiday, 3 days before a Saturday.
    made = milestone(date(2026, 9, 1), offsets="3,1")
    run("2026-08-20 00:00")
    run("2026-08-28 08:00")
    assert [r.subject for r in smtp.received] == [
        "Reminder: Statement in 4 days (1 September 2026)"
    ] * 2
    assert {d.offset_days for d in deliveries(session, milestone_id=made.id)} == {1}


def test_a_reminder_already_sent_on_the_old_day_is_not_sent_again(run, milestone, smtp, session):
    """Deliveries are keyed by the milestone's date and the offset, not by the day they are
    sent, so one delivered on the Saturday before this rule keeps its key and counts."""
    made = milestone(SATURDAY)
    for channel, recipient in (
        (m.DeliveryChannel.EMAIL, "owner@example.org"),
        (m.DeliveryChannel.EMAIL, "team@example.org"),
        (m.DeliveryChannel.IN_APP, "team"),
    ):
        session.add(
            m.Delivery(
                dedupe_key=f"milestone:{made.id}:2026-10-17:7:{channel.value}:{recipient}",
                kind=m.DeliveryKind.MILESTONE,
                milestone_id=made.id,
                offset_days=7,
                target_date=SATURDAY,
                due_at=at("2026-10-10 08:00"),  # the Saturday, as the old rule had it
                channel=channel,
                recipient=recipient,
                status=m.DeliveryStatus.SENT,
                attempts=1,
                sent_at=at("2026-10-10 08:00"),
            )
        )
    session.commit()
    result = run("2026-10-10 09:00")
    assert "0 sent" in result.output and "3 skipped" in result.output
    assert smtp.received == []
    assert len(deliveries(session, milestone_id=made.id)) == 3


def test_the_scheduler_jobs_run_on_the_working_day(app, clock, session):
    clock.set("2026-08-01 12:00")
    created = app.test_client().post(
        "/milestones/new",
        data={
            "title": "Statement",
            "date": AFTER_BANK_HOLIDAY.isoformat(),
            "kind": "statement",
            "reminders": "28, 7, 0",
            "also_remind": "",
        },
    )
    assert created.status_code == 302
    ident = int(created.location.rsplit("/", 1)[1])
    assert job_rows(session) == {
        f"milestone:{ident}:offset:28": at("2026-08-10 08:00"),  # a Monday: stays
        f"milestone:{ident}:offset:7": at("2026-08-28 08:00"),  # Monday 31 August -> Friday
        f"milestone:{ident}:offset:0": at("2026-09-07 08:00"),
    }
