"""The pure document builder: dates at their precision, summaries, alarms, escaping."""

import re
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from campaign.calendar.feed import MilestoneEvent, build_calendar, end_of, summary_of, trigger_for
from campaign.models import DatePrecision
from tests.calendar.helpers import events_by_uid, parse, triggers

STAMP = datetime(2026, 2, 1, 12, 30, tzinfo=UTC)


def event(**overrides) -> MilestoneEvent:
    values = {
        "key": "illegal-harms-statement",
        "title": "Illegal harms statement",
        "start": date(2026, 3, 5),
        "precision": DatePrecision.DAY,
        "kind": "Statement",
        "url": "https://campaign.example.org/milestones/4",
        "offsets": (28, 7, 1),
    }
    values.update(overrides)
    return MilestoneEvent(**values)


def build(*events, name="Campaign milestones", hour=9) -> icalendar.Calendar:
    return parse(
        build_calendar(
            events, host="campaign.example.org", stamp=STAMP, reminder_hour=hour, name=name
        )
    )


@pytest.mark.parametrize(
    ("start", "precision", "end"),
    [
        (date(2026, 3, 5), DatePrecision.DAY, date(2026, 3, 6)),
        (date(2026, 12, 31), DatePrecision.DAY, date(2027, 1, 1)),
        (date(2026, 7, 1), DatePrecision.MONTH, date(2026, 8, 1)),
        (date(2026, 12, 1), DatePrecision.MONTH, date(2027, 1, 1)),
        (date(2027, 1, 1), DatePrecision.YEAR, date(2028, 1, 1)),
    ],
)
def test_an_event_spans_its_day_month_or_year(start, precision, end):
    assert end_of(start, precision) == end


def test_the_calendar_and_its_event():
    calendar = build(event(organisation="Ofcom", asks=("End-to-end encryption", "Age checks")))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//Campaign//")
    assert str(calendar["X-WR-CALNAME"]) == "Campaign milestones"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "milestone-illegal-harms-statement@campaign.example.org"
    assert vevent.decoded("DTSTAMP") == STAMP
    assert vevent.decoded("DTSTART") == date(2026, 3, 5)
    assert not isinstance(vevent.decoded("DTSTART"), datetime)  # VALUE=DATE: all day
    assert vevent.decoded("DTEND") == date(2026, 3, 6)
    assert str(vevent["SUMMARY"]) == "Illegal harms statement"
    assert str(vevent["URL"]) == "https://campaign.example.org/milestones/4"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["TRANSP"]) == "TRANSPARENT"
    assert vevent.categories == ["Statement"]
    description = str(vevent["DESCRIPTION"])
    assert "Kind: Statement" in description
    assert "Organisation: Ofcom" in description
    assert "Asks: End-to-end encryption; Age checks" in description
    assert description.endswith("Open in Campaign: https://campaign.example.org/milestones/4")


def test_one_display_alarm_per_offset_at_the_reminder_hour():
    (vevent,) = build(event(offsets=(28, 7, 1, 0)), hour=9).walk("VEVENT")
    assert triggers(vevent) == [
        timedelta(days=-28, hours=9),
        timedelta(days=-7, hours=9),
        timedelta(days=-1, hours=9),
        timedelta(hours=9),
    ]
    alarms = vevent.walk("VALARM")
    assert {str(alarm["ACTION"]) for alarm in alarms} == {"DISPLAY"}
    assert str(alarms[1]["DESCRIPTION"]) == "Illegal harms statement is in 7 days (5 March 2026)."
    assert str(alarms[2]["DESCRIPTION"]) == "Illegal harms statement is tomorrow (5 March 2026)."
    assert str(alarms[3]["DESCRIPTION"]) == "Illegal harms statement is today (5 March 2026)."


def test_alarms_fall_on_the_working_day_the_reminder_is_sent():
    # Tuesday 1 September 2026: 3 days before is a Saturday, 1 day before the Late Summer Bank
    # Holiday; both reminders go on Friday 28 August, so there is one alarm for them.
    (vevent,) = build(event(start=date(2026, 9, 1), offsets=(3, 1, 0))).walk("VEVENT")
    assert triggers(vevent) == [timedelta(days=-4, hours=9), timedelta(hours=9)]
    alarms = vevent.walk("VALARM")
    assert str(alarms[0]["DESCRIPTION"]) == (
        "Illegal harms statement is in 4 days (1 September 2026)."
    )


def test_the_trigger_is_written_as_a_single_signed_duration():
    assert trigger_for(7, 9) == timedelta(days=-6, hours=-15)
    (vevent,) = build(event(offsets=(7,))).walk("VEVENT")
    assert b"TRIGGER:-P6DT15H" in vevent.to_ical()


def test_a_done_milestone_has_no_alarms_and_says_so():
    (vevent,) = build(event(done=True, planned=True, done_note="Submitted")).walk("VEVENT")
    assert vevent.walk("VALARM") == []
    assert str(vevent["SUMMARY"]) == "Illegal harms statement ✓ done"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "Done: Submitted" in str(vevent["DESCRIPTION"])


def test_a_month_is_never_shown_as_a_day():
    milestone = event(start=date(2026, 7, 1), precision=DatePrecision.MONTH, planned=True)
    (vevent,) = build(milestone).walk("VEVENT")
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (
        date(2026, 7, 1),
        date(2026, 8, 1),
    )
    assert str(vevent["SUMMARY"]) == "Illegal harms statement (month only) (planned)"
    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert "When: July 2026 (the day is not known yet)" in str(vevent["DESCRIPTION"])
    alarm = vevent.walk("VALARM")[1]
    assert str(alarm["DESCRIPTION"]) == (
        "Illegal harms statement is expected in July 2026, which starts in 7 days."
    )


def test_a_year_spans_the_year():
    milestone = event(start=date(2027, 1, 1), precision=DatePrecision.YEAR)
    assert summary_of(milestone) == "Illegal harms statement (year only)"
    (vevent,) = build(milestone).walk("VEVENT")
    assert vevent.decoded("DTEND") == date(2028, 1, 1)


def test_hostile_text_survives_escaping_and_round_trips():
    title = '<script>alert("x")</script>, commas; semicolons\nand a new line \\ too'
    description = "Line one;\nline two, with a comma\n\n" + "long " * 40
    milestone = event(title=title, description=description, source="Report, 2025; p.4")
    body = build_calendar(
        [milestone],
        host="campaign.example.org",
        stamp=STAMP,
        reminder_hour=9,
        name=f"Campaign: {title}",
    )
    unfolded = body.replace(b"\r\n ", b"")
    escaped = rb'<script>alert("x")</script>\, commas\; semicolons\nand a new line \\ too'
    assert b"\r\nSUMMARY:" + escaped + b"\r\n" in unfolded
    calendar = parse(body)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert f"\n\n{description.strip()}\n\n" in str(vevent["DESCRIPTION"])
    assert "Source: Report, 2025; p.4" in str(vevent["DESCRIPTION"])
    assert str(vevent.walk("VALARM")[0]["DESCRIPTION"]).startswith(title)
    # The calendar's name is one line of escaped TEXT (icalendar keeps X- values raw).
    raw_name = str(calendar["X-WR-CALNAME"])
    name = re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw_name)
    assert name == 'Campaign: <script>alert("x")</script>, commas; semicolons and a new line \\ too'


def test_an_import_file_has_no_calendar_name():
    body = build_calendar([event()], host="h.example", stamp=STAMP, reminder_hour=9)
    calendar = parse(body)
    assert "X-WR-CALNAME" not in calendar
    assert list(events_by_uid(calendar)) == ["milestone-illegal-harms-statement@h.example"]
